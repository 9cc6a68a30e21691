import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const postinstall = fileURLToPath(new URL('../scripts/postinstall.js', import.meta.url));
const builtFiles = ['../dist/cli/main.js', '../web/dist/index.html'].map((file) => fileURLToPath(new URL(file, import.meta.url)));

describe('the install script', () => {
  it('does not rebuild a built checkout when npx installs it into its cache', (context) => {
    if (!builtFiles.every((file) => fs.existsSync(file))) {
      // Without a build the script would run the whole build, which is `npm ci`'s job, not this test's.
      context.skip('no build in dist/ and web/dist/ (run npm run build; npm ci does it)');
      return;
    }
    const started = Date.now();
    const result = spawnSync(process.execPath, [postinstall], { env: { ...process.env, npm_command: 'exec' }, encoding: 'utf8', timeout: 60_000 });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /already built, not rebuilding for npx/);
    // A rebuild runs tsc and vite, each of which rewrites its output; nothing in dist/ may be newer than the start.
    for (const file of builtFiles) assert.ok(fs.statSync(file).mtimeMs < started, `${file} was rewritten`);
  });
});
