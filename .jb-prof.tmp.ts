import { JAILBREAK_SIGNATURES } from './src/pipeline/jailbreak/jailbreak-signatures.ts';
import { BENIGN_EDGY_PROMPTS } from './eval/jailbreak/benign-prompts.ts';
const texts: string[] = [];
for (let i = 0; i < 1000; i++) { let t = ''; let j = i; while (t.length < 1000) { t += BENIGN_EDGY_PROMPTS[j % BENIGN_EDGY_PROMPTS.length] + '\n'; j += 7; } texts.push(t.slice(0, 1000)); }
const rows: [string, number][] = [];
for (const s of JAILBREAK_SIGNATURES) { const st = performance.now(); for (const t of texts) s.pattern.test(t); rows.push([s.id, performance.now() - st]); }
rows.sort((a, b) => b[1] - a[1]); let tot = 0; for (const r of rows) tot += r[1];
console.log('total ms per 1000', tot.toFixed(1)); console.log(rows.slice(0, 15).map(r => r[0] + ' ' + r[1].toFixed(1)).join('\n'));
