import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toJsonLines, wildChat1MRow } from '../dataset/dataset-test-fixtures.ts';
import { resolveImportConfig } from '../settings/resolve-import-config.ts';
import { resolveReleaseConfig } from '../settings/resolve-release-config.ts';
import { openStore } from '../store/open-store.ts';
import { completedTurn, seedConversation } from '../store/store-contract-fixtures.ts';
import { runImportJob } from './import-job.ts';
import { JobError } from './job-error.ts';
import { runReleaseJob } from './release-job.ts';
import { readTakedownLedger } from './takedown-ledger.ts';
import { runTakedownJob } from './takedown-job.ts';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-takedown-'));
after(() => fs.rmSync(directory, { recursive: true, force: true }));

function releasedHashes(outDir: string): string[] {
  const folder = path.join(outDir, 'full');
  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.jsonl'))
    .flatMap((file) =>
      fs
        .readFileSync(path.join(folder, file), 'utf8')
        .split('\n')
        .filter((line) => line !== ''),
    )
    .map((line) => (JSON.parse(line) as { conversation_hash: string }).conversation_hash)
    .sort();
}

const base = { dataset: null, conversationHashes: [], turnIdentifiers: [], hashedIps: [], operator: 'ops-alice', note: 'ticket 42', now: 1_800_000_000_000 };

test('a takedown of an imported dataset leaves it out of later releases and lists it in the manifest', async () => {
  const dataDir = path.join(directory, 'imported');
  const file = path.join(directory, 'rows.jsonl');
  fs.writeFileSync(file, toJsonLines([0, 1, 2].map(wildChat1MRow)));
  await runImportJob(resolveImportConfig([file], { dataset: 'sample', dataDir }, {}));
  const outDir = path.join(directory, 'imported-release');
  const config = resolveReleaseConfig({ dataset: 'sample', dataDir, out: outDir, format: 'jsonl', workers: '0', now: '2026-01-01' }, {});
  const first = await runReleaseJob(config);
  assert.equal(first.manifest?.variants.full?.rows, 3);
  assert.deepEqual(first.manifest?.takedowns?.removed_since_previous, []);
  const before = releasedHashes(outDir);
  const target = before[1] as string;

  const result = await runTakedownJob({ ...base, dataDir, dataset: 'sample', conversationHashes: [target] });
  assert.deepEqual(result.conversationHashes, [target]);
  const [entry] = readTakedownLedger(dataDir);
  assert.equal(entry?.operator, 'ops-alice');
  assert.equal(entry?.note, 'ticket 42');
  assert.equal(fs.statSync(path.join(dataDir, 'takedowns.jsonl')).mode & 0o777, 0o600);

  // Same config and input: only the takedown makes this run necessary.
  const second = await runReleaseJob(config);
  assert.equal(second.upToDate, false);
  assert.deepEqual(
    releasedHashes(outDir),
    before.filter((hash) => hash !== target),
  );
  assert.deepEqual(second.manifest?.takedowns?.removed_since_previous, [target]);
  assert.equal(second.manifest?.takedowns?.dropped_rows, 1);
  const written = JSON.parse(fs.readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as { takedowns: { removed_since_previous: string[] } };
  assert.deepEqual(written.takedowns.removed_since_previous, [target]);

  // The next version lists nothing new but still leaves the conversation out.
  const third = await runReleaseJob({ ...config, force: true });
  assert.deepEqual(third.manifest?.takedowns?.removed_since_previous, []);
  assert.equal(third.manifest?.takedowns?.removed_total, 1);
  assert.ok(!releasedHashes(outDir).includes(target));
});

// KNOWN DEFECT (open in issue 15): since the anonymised profile and the PII rework were merged, the
// release after a collected takedown drops the remaining conversation too, and the ledger lists the
// pre-redaction hash. Marked todo so it keeps running and reporting until it is fixed.
test(
  'a takedown by turn identifier deletes the collected conversation and the manifest lists its hash',
  { todo: 'collected takedown: release after it is wrong (see comment)' },
  async (context) => {
    const dataDir = path.join(directory, 'collected');
    const store = openStore(dataDir);
    const turns: number[] = [];
    for (const createdAt of [1_700_000_001_000, 1_700_000_002_000]) {
      const { consent, conversation } = await seedConversation(store, createdAt);
      turns.push((await completedTurn(store, conversation.id, consent.id, { receivedAt: createdAt + 10 }, { completedAt: createdAt + 20 })).turnIdentifier);
    }
    await store.close();
    const outDir = path.join(directory, 'collected-release');
    const config = resolveReleaseConfig({ dataDir, out: outDir, format: 'jsonl', workers: '0', now: '2026-01-01' }, {});
    const first = await runReleaseJob(config);
    assert.equal(first.manifest?.variants.full?.rows, 2);
    const before = releasedHashes(outDir);

    const result = await runTakedownJob({ ...base, dataDir, turnIdentifiers: [turns[0] as number] });
    assert.equal(result.deletedConversations, 1);
    assert.equal(result.conversationHashes.length, 1);
    const removed = result.conversationHashes[0] as string;

    const reopened = openStore(dataDir);
    assert.equal(await reopened.countConversations(), 1);
    assert.ok((await reopened.listTombstones()).some((tombstone) => tombstone.reason === 'operator'));
    await reopened.close();

    const second = await runReleaseJob(config);
    const after = releasedHashes(outDir);
    assert.equal(after.length, before.length - 1, 'the taken-down conversation is gone from the next release');
    assert.ok(
      after.every((hash) => before.includes(hash)),
      'nothing else changed',
    );
    assert.deepEqual(second.manifest?.takedowns?.removed_since_previous, [removed]);
    // Known defect (open, issue 15): the ledger resolves a collected conversation to its hash before
    // redaction, while the release publishes the hash after redaction, so for a conversation whose
    // text gets redacted the manifest lists a hash downstream users cannot match.
    if (!before.includes(removed)) context.todo('manifest lists the pre-redaction conversation hash, not the published one');
  },
);

test('a takedown without selectors or operator is refused', async () => {
  const dataDir = path.join(directory, 'refused');
  await assert.rejects(runTakedownJob({ ...base, dataDir }), (error: unknown) => error instanceof JobError && /at least one/.test(error.message));
  await assert.rejects(
    runTakedownJob({ ...base, dataDir, hashedIps: ['x'], operator: ' ' }),
    (error: unknown) => error instanceof JobError && /--operator/.test(error.message),
  );
  assert.ok(!fs.existsSync(path.join(dataDir, 'takedowns.jsonl')));
});
