// `npm run build`: compiles the CLI and server to JavaScript in dist/ (tsc, tsconfig.build.json)
// with the derived tables it reads (dist/derived/), and builds the web front end (vite).
// bin/wildchat.js runs dist/ when it exists.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (script, args) => spawnSync(process.execPath, [join(root, 'node_modules', script), ...args], { cwd: root, stdio: 'inherit' }).status ?? 1;

let status = 0;
if (existsSync(join(root, 'tsconfig.build.json')) && existsSync(join(root, 'node_modules', 'typescript'))) {
  status ||= run('typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
  // Derived tables the compiled code reads instead of building them at every start (dist/derived/).
  status ||= spawnSync(process.execPath, [join(root, 'dist', 'resources', 'write-derived-tables.js')], { cwd: root, stdio: 'inherit' }).status ?? 1;
} else {
  console.log('wildchat: TypeScript sources or compiler not present, skipping the CLI build');
}
if (existsSync(join(root, 'web', 'index.html')) && existsSync(join(root, 'node_modules', 'vite'))) {
  status ||= run('vite/bin/vite.js', ['build', 'web', '--logLevel', 'warn']);
} else {
  console.log('wildchat: web sources or vite not present, skipping the front-end build');
}
process.exit(status);
