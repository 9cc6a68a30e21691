import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CliError } from './cli-error.ts';
import { parseTakedownFile } from './takedown-command.ts';

test('a takedown file gives one selector a line and names the bad line', () => {
  const parsed = parseTakedownFile('# ticket 42\nconversation_hash aa\n0123456789abcdef0123456789abcdef\nturn_identifier 7\nhashed_ip ff\n\n', 'req.txt');
  assert.deepEqual(parsed, { conversationHashes: ['aa', '0123456789abcdef0123456789abcdef'], turnIdentifiers: [7], hashedIps: ['ff'] });
  assert.throws(
    () => parseTakedownFile('turn_identifier seven\n', 'req.txt'),
    (error: unknown) => error instanceof CliError && /req\.txt line 1/.test(error.message),
  );
  assert.throws(
    () => parseTakedownFile('ok\nsomething else here\n', 'req.txt'),
    (error: unknown) => error instanceof CliError && /line 1/.test(error.message),
  );
});
