import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toJsonLines, wildChat1MRow } from '../dataset/dataset-test-fixtures.ts';
import { resolveImportConfig } from '../settings/resolve-import-config.ts';
import { resolveReleaseConfig } from '../settings/resolve-release-config.ts';
import { openStore } from '../store/open-store.ts';
import { completedTurn, completion, seedConversation } from '../store/store-contract-fixtures.ts';
import { conversationHash } from '../core/conversation-hash.ts';
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

/** Collected conversations: each one turn, `texts[i]` as its prompt. Returns their turn identifiers. */
async function seedCollected(dataDir: string, texts: readonly string[]): Promise<number[]> {
  const store = openStore(dataDir);
  const turns: number[] = [];
  for (const [index, userContent] of texts.entries()) {
    const createdAt = 1_700_000_001_000 + index * 1000;
    const { consent, conversation } = await seedConversation(store, createdAt);
    turns.push(
      (await completedTurn(store, conversation.id, consent.id, { receivedAt: createdAt + 10, userContent }, { completedAt: createdAt + 20 })).turnIdentifier,
    );
  }
  await store.close();
  return turns;
}

// The secret (an email address) is redacted before the hash is taken, so the published hash is not
// the stored one; the identical second conversation shares the first one's hash.
const REDACTED = 'Write to jane.doe@example.com about the capital of Australia.';
const PLAIN = 'What is the capital of Australia?';

/** The hash of a seeded conversation's text as stored (before redaction). */
function storedHash(userContent: string): string {
  return conversationHash([
    { content: userContent, role: 'user' },
    { content: completion().assistantContent, role: 'assistant' },
  ]);
}

test('a takedown by turn identifier deletes that collected conversation only and the manifest lists its published hash', async () => {
  const dataDir = path.join(directory, 'collected');
  const turns = await seedCollected(dataDir, [REDACTED, REDACTED, PLAIN]);
  const outDir = path.join(directory, 'collected-release');
  const config = resolveReleaseConfig({ dataDir, out: outDir, format: 'jsonl', workers: '0', now: '2026-01-01' }, {});
  const first = await runReleaseJob(config);
  assert.equal(first.manifest?.variants.full?.rows, 3);
  const before = releasedHashes(outDir);
  assert.equal(new Set(before).size, 2, 'the two identical conversations share a hash');
  assert.ok(!before.includes(storedHash(REDACTED)), 'redaction changed the hash');

  const result = await runTakedownJob({ ...base, dataDir, turnIdentifiers: [turns[0] as number] });
  assert.equal(result.deletedConversations, 1);
  assert.equal(result.conversationHashes.length, 1);
  const removed = result.conversationHashes[0] as string;
  assert.ok(before.includes(removed), 'the ledger lists the hash the release published, not the stored pre-redaction one');
  assert.deepEqual(readTakedownLedger(dataDir)[0]?.conversationHashes, [removed]);

  const reopened = openStore(dataDir);
  assert.equal(await reopened.countConversations(), 2);
  assert.ok((await reopened.listTombstones()).some((tombstone) => tombstone.reason === 'operator'));
  await reopened.close();

  const second = await runReleaseJob(config);
  assert.equal(second.upToDate, false);
  const after = releasedHashes(outDir);
  assert.equal(second.manifest?.variants.full?.rows, 2);
  assert.deepEqual(
    after,
    [...before].sort().filter((hash, index, all) => hash !== removed || all.indexOf(hash) !== index),
    'only the taken-down row is gone',
  );
  assert.deepEqual(second.manifest?.takedowns?.removed_since_previous, [removed]);
  assert.equal(second.manifest?.takedowns?.dropped_rows, 0, 'nothing left in the raw log matched the takedown');
});

test('a takedown by a published (post-redaction) conversation hash finds the collected conversation', async () => {
  const dataDir = path.join(directory, 'collected-by-hash');
  await seedCollected(dataDir, [REDACTED, PLAIN]);
  const outDir = path.join(directory, 'collected-by-hash-release');
  const config = resolveReleaseConfig({ dataDir, out: outDir, format: 'jsonl', workers: '0', now: '2026-01-01' }, {});
  await runReleaseJob(config);
  const plainOnly = path.join(directory, 'plain-only');
  await seedCollected(plainOnly, [PLAIN]);
  await runReleaseJob(
    resolveReleaseConfig({ dataDir: plainOnly, out: path.join(directory, 'plain-only-release'), format: 'jsonl', workers: '0', now: '2026-01-01' }, {}),
  );
  const plainHash = releasedHashes(path.join(directory, 'plain-only-release'))[0] as string;
  const redactedHash = releasedHashes(outDir).find((hash) => hash !== plainHash) as string;

  assert.ok(!releasedHashes(outDir).includes(storedHash(REDACTED)), 'redaction changed the hash');

  const result = await runTakedownJob({ ...base, dataDir, conversationHashes: [redactedHash] });
  assert.equal(result.deletedConversations, 1);
  assert.deepEqual(result.conversationHashes, [redactedHash]);
  // The deleted conversation's line is gone from the record of what was published at once.
  const published = fs
    .readdirSync(path.join(dataDir, 'releases'))
    .filter((name) => name.endsWith('.published'))
    .map((name) => fs.readFileSync(path.join(dataDir, 'releases', name), 'utf8'))
    .join('');
  assert.ok(!published.includes(redactedHash));
  assert.ok(published.includes(plainHash));

  const second = await runReleaseJob(config);
  assert.deepEqual(releasedHashes(outDir), [plainHash]);
  assert.deepEqual(second.manifest?.takedowns?.removed_since_previous, [redactedHash]);
});

test('a takedown without selectors or operator is refused', async () => {
  const dataDir = path.join(directory, 'refused');
  await assert.rejects(runTakedownJob({ ...base, dataDir }), (error: unknown) => error instanceof JobError && /at least one/.test(error.message));
  await assert.rejects(
    runTakedownJob({ ...base, dataDir, hashedIps: ['x'], operator: ' ' }),
    (error: unknown) => error instanceof JobError && /--operator/.test(error.message),
  );
  assert.ok(!fs.existsSync(path.join(dataDir, 'takedowns.jsonl')));
});
