import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const binPath = fileURLToPath(new URL('../bin/wildchat.js', import.meta.url));
const compiledMain = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

describe('the compiled bin', () => {
  it('runs --help from dist/ without tsx when a build exists', (context) => {
    if (!fs.existsSync(compiledMain)) {
      context.skip('no build in dist/ (run npm run build; npm ci does it)');
      return;
    }
    const environment = { ...process.env };
    delete environment.WILDCHAT_FROM_SOURCE;
    // Without --import tsx the process can only load compiled JavaScript.
    const result = spawnSync(process.execPath, [binPath, '--help'], { env: environment, encoding: 'utf8', timeout: 60_000 });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Usage: wildchat/);
    assert.doesNotMatch(result.stderr, /WILDCHAT_NO_BUILD/);
  });
});
