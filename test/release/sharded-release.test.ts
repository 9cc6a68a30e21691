/**
 * A release sharded over worker processes through pg-boss on a real PostgreSQL equals the
 * one-process release of the same store byte for byte (Parquet through DuckDB, cards, manifest),
 * also when a worker is killed with SIGKILL while it holds a shard; and it refuses to start
 * without a database URL.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runReleaseCommand } from '../../src/cli/release-command.ts';
import { SILENT_PROGRESS } from '../../src/core/progress-sink.ts';
import { workerProcessArguments } from '../../src/jobs/local-release-workers.ts';
import { resolveWorkerConfig } from '../../src/settings/resolve-worker-config.ts';
import { openPostgresStore } from '../../src/store/postgres/open-postgres-store.ts';
import { completion, newConsent, newConversation, newTurn, requestContext } from '../../src/store/store-contract-fixtures.ts';
import { findPostgresBinaries, POSTGRES_MISSING_MESSAGE, startPostgresServer, type PostgresServer } from '../support/postgres-server.ts';

const available = findPostgresBinaries() !== null;
if (!available) test('sharded release', { skip: POSTGRES_MISSING_MESSAGE }, () => undefined);

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-sharded-'));
const dataDir = path.join(directory, 'data');
const DAY = 86_400_000;
const BASE = Date.parse('2026-09-10T00:00:00Z');
const NOW = '2026-11-20T00:00:00Z';
let server: PostgresServer | null = null;
let url = '';

const SENTENCES = [
  'How do I sort a list of dictionaries by a key in Python?',
  'Write a short poem about the autumn rain over the harbour.',
  'Please email me at jane.doe@example.org about the invoice for order 4411.',
  'Explain the difference between TCP and UDP in two sentences.',
  'Translate "good morning" into French, German and Spanish.',
  'My phone number is +1 415 555 0134, call me after five.',
  'What is the capital of Australia and why was it chosen?',
  'Summarise the plot of Hamlet for a ten year old.',
];

/** Conversations spread over many shards: exact and near duplicates far apart, PII, a withdrawal, a deletion. */
async function fillStore(databaseUrl: string): Promise<void> {
  const store = await openPostgresStore({ url: databaseUrl, maxConnections: 2 });
  try {
    const consents = [
      await store.createConsent(newConsent({ termsVersion: '2026-11-01', context: requestContext({ hashedIp: 'ip-one' }) })),
      await store.createConsent(newConsent({ termsVersion: '2026-11-01', context: requestContext({ hashedIp: 'ip-two' }) })),
      await store.createConsent(newConsent({ termsVersion: 'draft-0', context: requestContext({ hashedIp: 'ip-three' }) })),
    ];
    const withdrawing = await store.createConsent(newConsent({ termsVersion: '2026-11-01', context: requestContext({ hashedIp: 'ip-four' }) }));
    let deleted = '';
    for (let index = 0; index < 36; index += 1) {
      const consent = index % 9 === 4 ? withdrawing : (consents[index % 3] ?? withdrawing);
      const createdAt = BASE + index * (DAY / 4);
      const conversation = await store.createConversation(newConversation(consent.id, { createdAt }));
      // Every eighth conversation repeats the first one exactly; the fifth of each ten nearly.
      const sentence = SENTENCES[index % SENTENCES.length] as string;
      const user = index % 8 === 0 ? SENTENCES[0] : index % 10 === 5 ? `${SENTENCES[1]} Thanks!` : `${sentence} (variant ${index})`;
      let parent: number | null = null;
      for (let turn = 0; turn < 1 + (index % 3); turn += 1) {
        const receivedAt = createdAt + 1000 + turn * 10_000;
        const stored = await store.insertTurn(
          newTurn(conversation.id, consent.id, { parentTurnId: parent, userContent: turn === 0 ? user : `Follow-up ${turn} on ${sentence}`, receivedAt }),
        );
        await store.completeTurn(
          stored.turnIdentifier,
          completion({
            assistantContent: `Answer ${turn}: ${sentence.split(' ').reverse().join(' ')}`,
            firstTokenAt: receivedAt + 300,
            completedAt: receivedAt + 900,
          }),
        );
        parent = stored.turnIdentifier;
      }
      if (index === 20) deleted = conversation.id;
    }
    await store.deleteConversation(deleted, 'user_deleted_conversation', BASE + 40 * DAY);
    await store.deleteConsentData(withdrawing.id, BASE + 41 * DAY);
  } finally {
    await store.close();
  }
}

function release(out: string, extra: Record<string, unknown> = {}) {
  return runReleaseCommand(
    {
      out,
      dataDir,
      databaseUrl: url,
      format: 'parquet',
      moderation: 'local',
      now: NOW,
      acceptedTermsVersions: '2026-11-01',
      dedup: 'drop',
      workers: '0',
      profile: 'wildchat-compatible',
      shardRows: '7',
      ...extra,
    },
    { env: {}, progress: SILENT_PROGRESS, stdout: () => undefined },
  );
}

function filesOf(folder: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(folder, full), fs.readFileSync(full));
    }
  };
  walk(folder);
  return files;
}

function assertSameFiles(actual: string, expected: string): void {
  const actualFiles = filesOf(actual);
  const expectedFiles = filesOf(expected);
  assert.deepEqual([...actualFiles.keys()].sort(), [...expectedFiles.keys()].sort());
  assert.ok(
    [...expectedFiles.keys()].some((file) => file.endsWith('.parquet')),
    'the release has Parquet files',
  );
  for (const [file, bytes] of expectedFiles) assert.ok(bytes.equals(actualFiles.get(file) as Buffer), `${file} differs`);
}

interface StartedWorker {
  child: ChildProcess;
  events: { phase: string; shard: number; state: string }[];
  started: Promise<void>;
}

function startWorker(): StartedWorker {
  const child = spawn(process.execPath, workerProcessArguments(), {
    env: { ...process.env, DATABASE_URL: url, WILDCHAT_RELEASE_SHARD_TIMEOUT: '3' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const events: StartedWorker['events'] = [];
  let onFirst: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    onFirst = resolve;
  });
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      events.push(JSON.parse(line) as StartedWorker['events'][number]);
      onFirst();
    }
  });
  return { child, events, started };
}

function stopWorker(worker: StartedWorker): Promise<void> {
  return new Promise((resolve) => {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) return resolve();
    worker.child.once('exit', () => resolve());
    worker.child.kill('SIGTERM');
  });
}

if (available) {
  describe('sharded release on PostgreSQL', () => {
    before(async () => {
      server = await startPostgresServer();
      url = await server.createDatabase();
      await fillStore(url);
    });
    after(async () => {
      await server?.stop();
      fs.rmSync(directory, { recursive: true, force: true });
    });

    test('two local worker processes give the bytes of the one-process release', async () => {
      // Sharded first, on a cold annotation cache, so the workers compute every annotation themselves.
      const sharded = await release(path.join(directory, 'sharded'), { sharded: true, shardWorkers: '2', shardSize: '5' });
      const single = await release(path.join(directory, 'single'));
      assert.ok(single.manifest !== null && sharded.manifest !== null);
      const full = single.manifest.variants.full;
      assert.ok(full !== undefined && full.rows > 10, 'most conversations are released');
      assert.ok(
        full.filters.some((filter) => filter.name === 'duplicates' && filter.dropped > 0),
        'duplicates across shards were dropped',
      );
      assertSameFiles(path.join(directory, 'sharded'), path.join(directory, 'single'));
    });

    test('a worker killed with SIGKILL while it holds a shard: the shard is redone elsewhere, bytes unchanged', async () => {
      const first = startWorker();
      const releasing = release(path.join(directory, 'killed'), { sharded: true, shardWorkers: '0', shardSize: '4', shardTimeout: '3', force: true });
      await first.started;
      const victim = first.events[0] as StartedWorker['events'][number];
      first.child.kill('SIGKILL');
      const second = startWorker();
      try {
        await releasing;
        assert.ok(
          second.events.some((event) => event.phase === victim.phase && event.shard === victim.shard && event.state === 'done'),
          `shard ${victim.shard} (${victim.phase}) was redone by the other worker`,
        );
      } finally {
        await stopWorker(second);
        await stopWorker(first);
      }
      assertSameFiles(path.join(directory, 'killed'), path.join(directory, 'single'));
    });

    test('the anonymised profile (default): same bytes sharded and in one process, given the same release secret', async () => {
      const secretFile = path.join(directory, 'release.secret');
      const anonymised = { profile: 'anonymised', releaseSecretFile: secretFile, kAnonymity: '2' };
      const sharded = await release(path.join(directory, 'anonymised-sharded'), { ...anonymised, sharded: true, shardWorkers: '2', shardSize: '6' });
      const single = await release(path.join(directory, 'anonymised-single'), anonymised);
      assert.ok(sharded.manifest !== null && single.manifest !== null);
      assertSameFiles(path.join(directory, 'anonymised-sharded'), path.join(directory, 'anonymised-single'));
      assert.equal(fs.readFileSync(path.join(directory, 'anonymised-single', 'full', 'README.md'), 'utf8').includes('anonymised'), true);
    });

    test('without a database URL: a clear error before anything runs', async () => {
      await assert.rejects(
        runReleaseCommand(
          { out: path.join(directory, 'nowhere'), dataDir, sharded: true, moderation: 'local' },
          { env: {}, progress: SILENT_PROGRESS, stdout: () => undefined },
        ),
        /--sharded needs --database-url/,
      );
      assert.equal(fs.existsSync(path.join(directory, 'nowhere')), false);
      assert.throws(() => resolveWorkerConfig({}, {}), /wildchat worker needs --database-url/);
    });
  });
}
