/**
 * The linkage test: a user who chatted through the real server keeps their own export and the
 * URLs of their conversations; nothing in those (ids, turn identifiers, exact times) nor what the
 * server stored about them (the keyed IP hash, upstream response ids, the full headers) appears
 * in the default (anonymised) release. Two releases cannot be linked; one secret gives a
 * byte-identical re-run; the compatible profile reproduces the stored fields and says so.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runReleaseCommand } from '../../src/cli/release-command.ts';
import { SILENT_PROGRESS } from '../../src/core/progress-sink.ts';
import { releaseRecordSchema, type ReleaseRecord } from '../../src/schema/release-record.ts';
import { authHeaders, readSse, startHarness, type Harness } from '../server/server-harness.ts';

const USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.130 Safari/537.36 TestBuild/77a1';
const ACCEPT_LANGUAGE = 'en-GB,en;q=0.9,fr-CH;q=0.7';
const USER_IP = '81.2.69.160';

interface Export {
  consent: { consentedAt: string };
  conversations: {
    conversation: { id: string; createdAt: string; updatedAt: string };
    turns: { turnIdentifier: number; receivedAt?: string; completedAt?: string | null }[];
  }[];
}

function releaseFiles(folder: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(folder, { recursive: true }) as string[]) {
    const full = path.join(folder, entry);
    if (fs.statSync(full).isFile()) files.set(entry, fs.readFileSync(full));
  }
  return files;
}

function rowsOf(folder: string): ReleaseRecord[] {
  const dataFolder = path.join(folder, 'full', 'data');
  return fs
    .readdirSync(dataFolder)
    .sort()
    .flatMap((file) =>
      fs
        .readFileSync(path.join(dataFolder, file), 'utf8')
        .split('\n')
        .filter((line) => line !== ''),
    )
    .map((line) => releaseRecordSchema.parse(JSON.parse(line)));
}

/** Every string value the export holds at any depth, and every number. */
function exportValues(value: unknown, strings: Set<string>, numbers: Set<number>): void {
  if (typeof value === 'string') strings.add(value);
  else if (typeof value === 'number') numbers.add(value);
  else if (Array.isArray(value)) for (const item of value) exportValues(item, strings, numbers);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) exportValues(item, strings, numbers);
}

describe('the default release cannot be linked to a user’s export, URL or stored identifiers', () => {
  let harness: Harness;
  let exported: Export;
  let exportText: string;
  let urls: string[];
  const out = (name: string): string => path.join(harness.dataDir, 'releases', name);

  async function release(name: string, extra: Record<string, unknown> = {}): Promise<void> {
    await runReleaseCommand(
      {
        out: out(name),
        dataDir: harness.dataDir,
        format: 'jsonl',
        moderation: 'local',
        reviewWindow: '0',
        now: '2099-01-01T00:00:00Z',
        workers: '0',
        variant: 'full',
        ...extra,
      },
      { env: {}, progress: SILENT_PROGRESS, stdout: () => undefined },
    );
  }

  before(async () => {
    harness = await startHarness();
    const headers = { 'x-forwarded-for': USER_IP, 'user-agent': USER_AGENT, 'accept-language': ACCEPT_LANGUAGE };
    const token = await harness.consent(headers);
    // Other conversations first, so this user's turn identifiers are not simply 1, 2, 3.
    const other = await harness.consent({ 'x-forwarded-for': '203.0.113.5' });
    for (let index = 0; index < 3; index += 1) {
      const created = await fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: authHeaders(other),
        body: JSON.stringify({ model: 'double-small', messages: [{ role: 'user', content: `filler ${index}` }] }),
      });
      await created.json();
    }
    const created = await fetch(`${harness.url}/api/conversations`, {
      method: 'POST',
      headers: authHeaders(token, headers),
      body: JSON.stringify({ title: 'Trip' }),
    });
    const conversationId = ((await created.json()) as { conversation: { id: string } }).conversation.id;
    let parent: number | null = null;
    for (const content of ['Plan a trip to Lisbon', 'Add a day in Sintra']) {
      const response = await fetch(`${harness.url}/api/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: authHeaders(token, headers),
        body: JSON.stringify({ content, parentTurnId: parent }),
      });
      const events = await readSse(response);
      const done = events.find((event) => event.event === 'done');
      parent = (JSON.parse(done?.data ?? '{}') as { turn: { turnIdentifier: number } }).turn.turnIdentifier;
    }
    const viaApi = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: authHeaders(token, headers),
      body: JSON.stringify({
        model: 'double-large',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Name a Portuguese pastry' },
        ],
      }),
    });
    await viaApi.json();
    const exportResponse = await fetch(`${harness.url}/api/me/export`, { headers: authHeaders(token) });
    exportText = await exportResponse.text();
    exported = JSON.parse(exportText) as Export;
    urls = exported.conversations.map((item) => `${harness.url}/c/${item.conversation.id}`);
    await release('default');
  });
  after(() => harness.close());

  test('no identifier of the export or the URLs, and no stored hash, upstream id or full header, is in any released byte', async () => {
    const strings = new Set<string>();
    const numbers = new Set<number>();
    exportValues(exported, strings, numbers);
    const identifying = new Set<string>();
    for (const item of exported.conversations) {
      identifying.add(item.conversation.id);
      identifying.add(item.conversation.createdAt);
      identifying.add(item.conversation.updatedAt);
    }
    identifying.add(exported.consent.consentedAt);
    for (const value of strings) if (/^\d{4}-\d{2}-\d{2}T/.test(value)) identifying.add(value.replace(/\.\d+Z$/, 'Z')).add(value);
    for (const url of urls) identifying.add(url.split('/c/')[1] ?? url);
    for await (const batch of harness.store.iterateConversations()) {
      for (const stored of batch) {
        identifying.add(stored.consent.context.hashedIp);
        for (const turn of stored.turns) {
          identifying.add(turn.request.hashedIp);
          if (turn.upstreamId !== null) identifying.add(turn.upstreamId);
        }
      }
    }
    identifying.add(USER_AGENT);
    identifying.add('6099.130');
    identifying.add(ACCEPT_LANGUAGE);
    identifying.add('fr-CH');
    assert.ok(identifying.size > 10);

    const files = releaseFiles(out('default'));
    assert.ok([...files.keys()].some((name) => name.endsWith('.jsonl')));
    for (const [name, bytes] of files) {
      for (const value of identifying) assert.equal(bytes.includes(Buffer.from(value, 'utf8')), false, `${name} holds ${value.slice(0, 12)}…`);
    }

    const rows = rowsOf(out('default'));
    const exportedTurnIds = new Set(exported.conversations.flatMap((item) => item.turns.map((turn) => turn.turnIdentifier)));
    const mine = rows.filter((row) => row.conversation.some((message) => message.content.includes('Plan a trip') || message.content.includes('pastry')));
    assert.equal(mine.length, 2);
    for (const row of mine) {
      const ordinals = row.conversation.flatMap((message) => (message.turn_identifier === null ? [] : [message.turn_identifier]));
      assert.deepEqual(
        [...new Set(ordinals)],
        Array.from({ length: new Set(ordinals).size }, (_, index) => index + 1),
        'turn identifiers are per-conversation ordinals',
      );
      assert.ok(Math.max(...exportedTurnIds) > new Set(ordinals).size, 'the stored identifiers were not ordinals already');
      assert.match(row.timestamp ?? '', /T\d{2}:00:00Z$/, 'timestamps are cut to the hour');
      assert.equal(row.header?.['user-agent'], 'Chrome 120 (Windows)');
      assert.equal(row.header?.['accept-language'], 'en, fr');
      // One user in their (country, state, browser family): below k = 10, so no location.
      assert.equal(row.country, null);
      assert.equal(row.state, null);
      assert.equal(row.branch?.leaf_turn_identifier, null);
      for (const detail of row.turn_details ?? []) {
        assert.equal(detail.openai_id, null);
        assert.equal(detail.created, null);
      }
    }
    assert.equal(new Set(mine.map((row) => row.hashed_ip)).size, 1, 'the user stays one user within the release');
    const card = fs.readFileSync(path.join(out('default'), 'full', 'README.md'), 'utf8');
    assert.match(card, /Privacy profile: anonymised/);
  });

  test('two default releases share no hashed_ip or conversation_id; one secret file gives a byte-identical re-run', async () => {
    await release('second');
    const first = rowsOf(out('default'));
    const second = rowsOf(out('second'));
    assert.equal(first.length, second.length);
    const firstIds = new Set(first.flatMap((row) => [row.hashed_ip, row.conversation_id]));
    for (const row of second) {
      assert.equal(firstIds.has(row.hashed_ip), false);
      assert.equal(firstIds.has(row.conversation_id), false);
    }
    const secretFile = path.join(harness.dataDir, 'release-secret.hex');
    await release('linked-1', { releaseSecretFile: secretFile });
    assert.equal(fs.statSync(secretFile).mode & 0o777, 0o600);
    await release('linked-2', { releaseSecretFile: secretFile, force: true });
    const one = releaseFiles(out('linked-1'));
    const two = releaseFiles(out('linked-2'));
    for (const [name, bytes] of one) {
      if (name === 'manifest.json') continue;
      assert.ok(bytes.equals(two.get(name) ?? Buffer.alloc(0)), `${name} differs`);
    }
    assert.match(fs.readFileSync(path.join(out('linked-1'), 'full', 'README.md'), 'utf8'), /kept by the operator/);
  });

  test('--profile wildchat-compatible publishes the stored fields and states the risk in the card', async () => {
    await release('compatible', { profile: 'wildchat-compatible' });
    const rows = rowsOf(out('compatible'));
    const ids = new Set(rows.map((row) => row.conversation_id));
    for (const item of exported.conversations) assert.ok(ids.has(item.conversation.id));
    const card = fs.readFileSync(path.join(out('compatible'), 'full', 'README.md'), 'utf8');
    assert.match(card, /wildchat-compatible/);
    assert.match(card, /\*\*Risk\.\*\*/);
  });
});
