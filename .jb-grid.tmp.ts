import fs from 'node:fs';
import { JailbreakDetector } from './src/pipeline/jailbreak/jailbreak-detector.ts';
import { scoreStructure, STRUCTURE_CUES } from './src/pipeline/jailbreak/jailbreak-structure.ts';
import { parseJailbreakTemplates } from './src/pipeline/jailbreak/jailbreak-template-file.ts';
import { BENIGN_EDGY_PROMPTS } from './eval/jailbreak/benign-prompts.ts';
const jb = parseJailbreakTemplates(fs.readFileSync('../shared/data/jailbreak/jailbreak_prompts_2023_05_07.csv', 'utf8'), 'csv').map(t => t.prompt);
const d = new JailbreakDetector({ structure: false });
const prep = (ps: readonly string[]) => ps.map(p => ({ sig: d.detect(p).score, lower: p.normalize('NFKC').toLowerCase() }));
const J = prep(jb), B = prep(BENIGN_EDGY_PROMPTS);
for (const disc of [0.35, 0.6, 1]) for (const mid of [2, 2.5, 3, 3.5]) for (const slope of [1.5, 2.5]) {
  const t = { midpoint: mid, slope, scaffoldingDiscount: disc, substanceFloor: 0.8 };
  const sc = (x: { sig: number; lower: string }) => 1 - (1 - x.sig) * (1 - scoreStructure(x.lower, STRUCTURE_CUES, t).score);
  const js = J.map(sc), bs = B.map(sc);
  const r = (th: number) => `${th}: R ${(js.filter(s => s >= th).length / js.length).toFixed(3)} FP ${bs.filter(s => s >= th).length}`;
  console.log(disc, mid, slope, '|', r(0.4), '|', r(0.5), '|', r(0.6));
}
