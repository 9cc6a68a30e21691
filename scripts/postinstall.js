// Runs `npm run build` after `npm ci` / `npm install`, so that `npx wildchat` starts from compiled
// code and `npx wildchat serve` serves the web app with no extra step.
//
// `npx wildchat` in a checkout installs the checkout itself into npx's cache (npm does so for a
// project's own bin) and runs this script again there: without the check below, the first npx run
// on a machine rebuilt everything (a minute or more) before starting. The checkout was built by
// the `npm ci` that installed it; `npm run build` rebuilds on demand.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = existsSync(join(root, 'dist', 'cli', 'main.js')) && existsSync(join(root, 'web', 'dist', 'index.html'));
if (process.env.npm_command === 'exec' && built) {
  console.log('wildchat: already built, not rebuilding for npx (run `npm run build` after changing the sources)');
} else {
  await import('./build.js');
}
