#!/usr/bin/env node
// Runs the compiled CLI from dist/ (`npm run build`, run by `npm ci`'s prepare). In a source
// checkout without a build it falls back to the TypeScript sources through tsx, and says so.
// WILDCHAT_FROM_SOURCE=1 (set by the test runner) always runs the sources, so tests never
// exercise a stale build.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
const fromSource = process.env.WILDCHAT_FROM_SOURCE === '1';
if (existsSync(compiled) && !fromSource) {
  await import(compiled.href);
} else {
  if (!fromSource)
    process.emitWarning('no build found (dist/cli/main.js); running the TypeScript sources through tsx — run `npm run build` for a fast start', {
      code: 'WILDCHAT_NO_BUILD',
    });
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
