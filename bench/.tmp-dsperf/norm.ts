import fs from 'node:fs';
import { normalizeConversationListRow } from '../../src/dataset/import/normalize-wildchat.ts';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const vals = fs.readFileSync('/tmp/dsperf/data-20000/in.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
for (let r = 0; r < 3; r++) { const c = cpu(); for (const v of vals) normalizeConversationListRow(v, 'wildchat'); console.log('normalize', ((cpu() - c) / vals.length * 1e6).toFixed(1), 'us/row'); }
