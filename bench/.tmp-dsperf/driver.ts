import fs from 'node:fs';
import path from 'node:path';
import { exportDataset } from '../../src/dataset/export/export-dataset.ts';
import { importFiles } from '../../src/dataset/import/import-files.ts';
import { normalizeConversationListRow } from '../../src/dataset/import/normalize-wildchat.ts';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.ts';
import { SqliteDatasetStore } from '../../src/store/sqlite/sqlite-dataset-store.ts';
import { generateConversations, toWildChatRow } from '../../bench/generate-conversations.ts';
const size = Number(process.env.N ?? 20000);
const dir = '/tmp/dsperf/data-' + size;
const jsonl = path.join(dir, 'in.jsonl');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
if (!fs.existsSync(jsonl)) {
  fs.mkdirSync(dir, { recursive: true });
  const pool = [...generateConversations(Math.min(20000, size), 13)].map(toWildChatRow);
  const lines: string[] = [];
  for (let i = 0; i < size; i++) lines.push(JSON.stringify({ ...pool[i % pool.length], conversation_hash: i.toString(16).padStart(32, '0') }));
  fs.writeFileSync(jsonl, lines.join('\n') + '\n');
  async function* recs() { for (let s = 0; s < size; s += 1000) yield lines.slice(s, s + 1000).map((l) => normalizeConversationListRow(JSON.parse(l), 'wildchat')); }
  await exportDataset({ records: recs(), outDir: path.join(dir, 'pq'), prettyName: 'x', schema: 'wildchat-1m' });
}
const text = fs.readFileSync(jsonl, 'utf8');
let c0 = cpu();
let n = 0; for (const line of text.split('\n')) if (line) { JSON.parse(line); n++; }
const parseCpu = cpu() - c0;
console.log(`baseline JSON.parse: ${(parseCpu / n * 1e6).toFixed(1)} us/row (${(n / parseCpu).toFixed(0)}/cpu-s)`);
for (const which of (process.env.WHICH ?? 'jsonl,parquet').split(',')) {
  const files = which === 'jsonl' ? [jsonl] : fs.readdirSync(path.join(dir, 'pq/data')).map((f) => path.join(dir, 'pq/data', f));
  const db = path.join(dir, 'store-' + which + '.sqlite');
  for (const f of [db, db + '-wal', db + '-shm']) fs.rmSync(f, { force: true });
  const store = openSqliteStore({ path: db });
  c0 = cpu(); const t0 = performance.now();
  const report = await importFiles({ files, dataset: 'x', store: new SqliteDatasetStore(store.database), format: 'wildchat' });
  const wall = (performance.now() - t0) / 1000; const c = cpu() - c0;
  console.log(`${which}: imported ${report.imported} wall ${wall.toFixed(2)}s ${(size / wall).toFixed(0)}/s, cpu ${c.toFixed(2)}s ${(size / c).toFixed(0)}/cpu-s, ratio to parse ${(c / parseCpu).toFixed(2)}`);
  await store.close();
}
console.log('maxrss MB', (process.resourceUsage().maxRSS / 1024).toFixed(0));
