import { STRUCTURE_CUES } from './src/pipeline/jailbreak/jailbreak-structure.ts';
import { DEFAULT_JAILBREAK_SIGNATURES, lowerCasePatternSource } from './src/pipeline/jailbreak/jailbreak-detector.ts';
import { BENIGN_EDGY_PROMPTS } from './eval/jailbreak/benign-prompts.ts';
const texts: string[] = [];
for (let i = 0; i < 1000; i++) { let t = ''; let j = i; while (t.length < 1000) { t += BENIGN_EDGY_PROMPTS[j % BENIGN_EDGY_PROMPTS.length] + '\n'; j += 7; } texts.push(t.slice(0, 1000).toLowerCase()); }
const rows: [string, number][] = [];
for (const c of STRUCTURE_CUES) { const st = performance.now(); for (const t of texts) { c.pattern.lastIndex = 0; if (c.repeat) { let n = 0; while (n < 10 && c.pattern.exec(t)) n++; } else c.pattern.test(t); } rows.push(['S ' + c.id, performance.now() - st]); }
for (const s of DEFAULT_JAILBREAK_SIGNATURES) { const r = s.pattern.flags.includes('i') ? new RegExp(lowerCasePatternSource(s.pattern.source), s.pattern.flags.replace('i', '')) : s.pattern; const st = performance.now(); for (const t of texts) r.test(t); rows.push([s.id, performance.now() - st]); }
rows.sort((a, b) => b[1] - a[1]); let tot = 0, ts = 0; for (const r of rows) { tot += r[1]; if (r[0].startsWith('S ')) ts += r[1]; }
console.log('total', tot.toFixed(0), 'structure', ts.toFixed(0)); console.log(rows.slice(0, 15).map(r => r[0] + ' ' + r[1].toFixed(1)).join('\n'));
