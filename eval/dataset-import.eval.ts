/**
 * Imports the real ShareGPT sample (../shared/data/chatlogs/sharegpt_sample_1000.jsonl, next to
 * the repository; never copied into it) into a throw-away store and reports what came in:
 * conversations, messages per role, continuation chunks, chunks that start with the model, and
 * the detected format. Compares with the counts the data README states (1,000 rows, 7,396 turns,
 * 440 continuation chunks).
 *
 *   node --import tsx eval/dataset-import.eval.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importFiles } from '../src/dataset/import/import-files.ts';
import { openSqliteStore } from '../src/store/sqlite/open-sqlite-store.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE = path.join(repositoryRoot, '..', 'shared', 'data', 'chatlogs', 'sharegpt_sample_1000.jsonl');

export interface DatasetImportEval {
  format: string;
  rows: number;
  imported: number;
  malformed: number;
  messagesByRole: Record<string, number>;
  systemPrompts: number;
  continuationChunks: number;
  startingWithAssistant: number;
  checks: { name: string; passed: boolean }[];
}

export async function runDatasetImportEval(file = SAMPLE): Promise<DatasetImportEval | null> {
  if (!fs.existsSync(file)) {
    process.stdout.write(`skipped: ${path.relative(process.cwd(), file)} not found (the shared data folder sits next to the repository)\n`);
    return null;
  }
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-eval-'));
  const store = openSqliteStore({ path: path.join(directory, 'eval.sqlite') });
  try {
    const datasets = store.datasets;
    const report = await importFiles({ files: [file], dataset: 'sharegpt-sample', store: datasets });
    const info = await datasets.getDataset('sharegpt-sample');
    const messagesByRole: Record<string, number> = {};
    let systemPrompts = 0;
    let continuationChunks = 0;
    let startingWithAssistant = 0;
    for await (const batch of datasets.iterateRecords(info?.id ?? -1)) {
      for (const record of batch) {
        for (const message of record.conversation) messagesByRole[message.role] = (messagesByRole[message.role] ?? 0) + 1;
        if (record.system_prompt !== null) systemPrompts += 1;
        const chunk = record.extra?.sharegpt_chunk as { index: number } | undefined;
        if (chunk !== undefined && chunk.index > 0) continuationChunks += 1;
        if (record.conversation[0]?.role === 'assistant') startingWithAssistant += 1;
      }
    }
    const totalMessages = Object.values(messagesByRole).reduce((sum, count) => sum + count, 0) + systemPrompts;
    const result: DatasetImportEval = {
      format: report.files[0]?.format ?? 'none',
      rows: report.files[0]?.rows ?? 0,
      imported: report.imported,
      malformed: report.malformed,
      messagesByRole,
      systemPrompts,
      continuationChunks,
      startingWithAssistant,
      checks: [
        { name: 'format detected as sharegpt', passed: report.files[0]?.format === 'sharegpt' },
        { name: '1,000 conversations imported, none malformed', passed: report.imported === 1000 && report.malformed === 0 },
        { name: '7,396 turns kept (messages + system prompts)', passed: totalMessages === 7396 },
        {
          name: 'roles are only user / assistant (system moved to system_prompt)',
          passed: Object.keys(messagesByRole).every((role) => role === 'user' || role === 'assistant'),
        },
      ],
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    await store.close();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runDatasetImportEval();
