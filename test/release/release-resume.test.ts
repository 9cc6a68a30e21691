/**
 * A run killed half-way leaves its annotations in the cache: the restart computes only what the
 * first attempt did not reach, and its output equals an uninterrupted run's.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import xxhash from 'xxhash-wasm';
import { createPipelineStages } from '../../src/pipeline/runner/pipeline-stages.ts';
import type { PipelineRow } from '../../src/pipeline/runner/pipeline-row.ts';
import type { ReleaseConfig } from '../../src/release/release-config.ts';
import { collectedRowBatches, type ReleaseSource } from '../../src/jobs/release-sources.ts';
import { runRelease } from '../../src/release/run-release.ts';
import type { ReleaseRecord } from '../../src/schema/release-record.ts';
import { openStore } from '../../src/store/open-store.ts';
import { NOW, plantConversations } from './planted-store.ts';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
after(() => fs.rmSync(directory, { recursive: true, force: true }));

const config: ReleaseConfig = {
  source: 'collected',
  variants: ['full', 'non-toxic'],
  format: 'jsonl',
  schema: 'extended',
  branches: 'kept',
  moderation: 'local',
  detoxify: null,
  detoxifyThreshold: 0.1,
  reviewWindowDays: 7,
  since: null,
  until: null,
  acceptedTermsVersions: null,
  dedupPolicy: 'drop',
  dedupLevel: 'near',
  dedupText: 'conversation',
  piiThreshold: 10,
  piiPersonThreshold: 50,
  jailbreakThreshold: 0.5,
  jailbreakTemplates: null,
  tokenEncoding: 'o200k_base',
  llama2Tokens: false,
  now: NOW,
};

class Killed extends Error {}

describe('resuming a killed release', () => {
  test('the restart computes only the rest and writes what an uninterrupted run writes', async () => {
    const dataDir = path.join(directory, 'data');
    await plantConversations(dataDir);
    const store = openStore(dataDir);
    try {
      const hasher = await xxhash();
      const stages = await createPipelineStages({ moderation: 'local', llama2Tokens: false, hasher });
      const cache = store.annotations;
      const source = (killAfterBatches: number | null): ReleaseSource => ({
        kind: 'collected',
        name: 'collected',
        expectedRows: null,
        rows: async function* () {
          let batches = 0;
          for await (const batch of collectedRowBatches(store.iterateConversations({ batchSize: 3 }), 'kept', new Set())) {
            if (killAfterBatches !== null && batches === killAfterBatches) throw new Killed('killed');
            batches += 1;
            yield batch as PipelineRow[];
          }
        },
      });
      const written = new Map<string, ReleaseRecord[]>();
      const run = (killAfterBatches: number | null) =>
        runRelease({
          config,
          source: source(killAfterBatches),
          deletedConversations: 0,
          now: Date.parse(NOW),
          stages,
          cache,
          hasher,
          write: async (variant, records) => void (written.get(variant) ?? written.set(variant, []).get(variant))?.push(...records),
        });

      await assert.rejects(run(2), Killed);
      assert.equal(written.size, 0, 'nothing is written before pass 1 has seen every row');
      const cachedBeforeKill = await cache.count('language', stages.language.version);
      assert.ok(cachedBeforeKill > 0);
      const resumed = await run(null);
      const computed = (result: typeof resumed) => result.report.statistics.find((counters) => counters.stage === 'language')?.computed ?? 0;
      const cachedAfter = await cache.count('language', stages.language.version);
      assert.ok(cachedAfter > cachedBeforeKill);
      // Exactly the texts the killed run had not reached are computed.
      assert.equal(computed(resumed), cachedAfter - cachedBeforeKill);

      const resumedRows = written.get('full')?.map((record) => JSON.stringify(record));
      written.clear();
      const again = await run(null);
      assert.equal(computed(again), 0);
      assert.deepEqual(
        written.get('full')?.map((record) => JSON.stringify(record)),
        resumedRows,
      );
      assert.deepEqual(again.manifest, resumed.manifest);
    } finally {
      await store.close();
    }
  });
});
