import fs from 'node:fs';
import { JailbreakDetector } from './src/pipeline/jailbreak/jailbreak-detector.ts';
import { scoreStructure, STRUCTURE_CUES } from './src/pipeline/jailbreak/jailbreak-structure.ts';
import { parseJailbreakTemplates } from './src/pipeline/jailbreak/jailbreak-template-file.ts';
const jb = parseJailbreakTemplates(fs.readFileSync('../shared/data/jailbreak/jailbreak_prompts_2023_05_07.csv', 'utf8'), 'csv').map(t => t.prompt);
const d = new JailbreakDetector();
const missed = jb.filter(p => !d.detect(p).tagged);
const subst = new Set(['model-policy', 'refusal-suppression', 'harm', 'unrestricted']);
let noSub = 0, noAddr = 0, lowPts = 0; const sigH: Record<string, number> = {};
for (const p of missed) {
  const l = p.normalize('NFKC').toLowerCase();
  const fired = STRUCTURE_CUES.filter(c => { c.pattern.lastIndex = 0; return c.pattern.test(l); });
  if (!fired.some(c => subst.has(c.group))) noSub++;
  const r = scoreStructure(l); if (r.points === 0) noAddr++; else lowPts++;
  const b = (Math.floor(d.detect(p).score * 10) / 10).toFixed(1); sigH[b] = (sigH[b] ?? 0) + 1;
}
console.log('missed', missed.length, 'no substance cue', noSub, 'structure zero', noAddr, 'structure >0 but low', lowPts, 'score hist', JSON.stringify(sigH));
const nonLatin = missed.filter(p => (p.match(/[^\x00-\x7F]/g)?.length ?? 0) > p.length * 0.3).length; console.log('mostly non-ASCII', nonLatin);
