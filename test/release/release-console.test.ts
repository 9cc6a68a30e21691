/**
 * What `wildchat release` tells the operator: every filter with what it dropped, why a variant
 * is empty, and `--list-dropped FILE` with the dropped conversations' ids and reasons (no text).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runReleaseCommand } from '../../src/cli/release-command.ts';
import { SILENT_PROGRESS } from '../../src/core/progress-sink.ts';
import { ACCEPTED_TERMS, NOW, PLANTED, plantConversations, type PlantedStore } from './planted-store.ts';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-console-'));
const dataDir = path.join(directory, 'data');
let planted: PlantedStore;
after(() => fs.rmSync(directory, { recursive: true, force: true }));
before(async () => {
  planted = await plantConversations(dataDir);
});

async function release(out: string, extra: Record<string, unknown>): Promise<string[]> {
  const printed: string[] = [];
  await runReleaseCommand(
    {
      out: path.join(directory, out),
      dataDir,
      format: 'jsonl',
      moderation: 'local',
      acceptedTermsVersions: ACCEPTED_TERMS,
      dedup: 'drop',
      workers: '0',
      ...extra,
    },
    { env: {}, progress: SILENT_PROGRESS, stdout: (text) => printed.push(text) },
  );
  return printed.join('').split('\n');
}

test('the console lists what every filter dropped, and --list-dropped names the rows by id and reason only', async () => {
  const list = path.join(directory, 'dropped.jsonl');
  const lines = await release('release', { now: NOW, since: '2026-09-01', listDropped: list });
  assert.ok(
    lines.includes(
      '  full: 12 rows in; dropped by consent 1, withdrawn 0, review_window 1, date_range 1, turn_status 0, sexual_minors 1, duplicates 2; 6 rows out',
    ),
    lines.join('\n'),
  );
  assert.ok(
    lines.includes(
      '  non-toxic: 12 rows in; dropped by consent 1, withdrawn 0, review_window 1, date_range 1, turn_status 0, sexual_minors 1, toxic 2, duplicates 2; 4 rows out',
    ),
    lines.join('\n'),
  );
  assert.ok(
    lines.some((line) => line.startsWith(`listed 10 dropped rows (ids and reasons, no text) in ${list}`)),
    lines.join('\n'),
  );

  const text = fs.readFileSync(list, 'utf8');
  const rows = text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { conversation_id: string; reason: string; variant: string | null });
  const reasonOf = (id: string, variant: string | null) => rows.find((row) => row.conversation_id === id && row.variant === variant)?.reason;
  assert.equal(reasonOf(planted.ids.draftTerms, null), 'consent');
  assert.equal(reasonOf(planted.ids.recent, null), 'review_window');
  assert.equal(reasonOf(planted.ids.outsideDates, null), 'date_range');
  assert.equal(reasonOf(planted.ids.minors, null), 'sexual_minors');
  assert.equal(reasonOf(planted.ids.toxic, 'non-toxic'), 'toxic');
  assert.equal(reasonOf(planted.ids.jailbreak, 'non-toxic'), 'toxic');
  assert.deepEqual(rows.filter((row) => row.reason === 'duplicates' && row.variant === 'full').length, 2);
  for (const planted of Object.values(PLANTED)) assert.ok(!text.includes(planted.slice(0, 20)), 'no message text in the list');
  assert.equal(fs.statSync(list).mode & 0o777, 0o600);
});

test('an empty variant says which filter emptied it and why', async () => {
  // At the time of the newest conversation every conversation is still inside the review window.
  const lines = await release('release-early', { now: '2026-10-02T00:00:00Z', reviewWindow: '60' });
  const why = lines.find((line) => line.startsWith('  full is empty: review_window dropped'));
  assert.ok(why !== undefined, lines.join('\n'));
  // 12 rows in: the consent filter drops the draft-terms one first, the review window all the rest.
  assert.equal(
    why,
    '  full is empty: review_window dropped 11 of 11 rows: conversations active in the last 60 days are held back so users can still delete them or withdraw their consent; they are released once 60 days have passed (--review-window 0 for a trial run; see docs/release.md)',
  );
});
