// Builds the web front end after `npm ci` / `npm install`, so that `npx wildchat serve` serves it
// with no extra step. Skips quietly when installed as a dependency (no web sources present).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'web', 'index.html')) || !existsSync(join(root, 'node_modules', 'vite'))) {
  console.log('wildchat: web sources or vite not present, skipping the front-end build');
  process.exit(0);
}
const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'web', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
