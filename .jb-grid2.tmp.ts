import fs from 'node:fs';
import { JailbreakDetector } from './src/pipeline/jailbreak/jailbreak-detector.ts';
import { parseJailbreakTemplates } from './src/pipeline/jailbreak/jailbreak-template-file.ts';
import { BENIGN_EDGY_PROMPTS } from './eval/jailbreak/benign-prompts.ts';
const jb = parseJailbreakTemplates(fs.readFileSync('../shared/data/jailbreak/jailbreak_prompts_2023_05_07.csv', 'utf8'), 'csv').map(t => t.prompt);
for (const disc of [0.35, 0.6]) for (const mid of [1.6, 1.9, 2.2]) for (const floor of [0.8]) {
  const d = new JailbreakDetector({ structureTuning: { midpoint: mid, slope: 2.5, scaffoldingDiscount: disc, substanceFloor: floor } });
  const js = jb.map(p => d.detect(p).score), bs = BENIGN_EDGY_PROMPTS.map(p => d.detect(p).score);
  const r = (th: number) => `${th}: R ${(js.filter(s => s >= th).length / js.length).toFixed(3)} FP ${bs.filter(s => s >= th).length}`;
  console.log(disc, mid, '|', r(0.4), '|', r(0.5), '|', r(0.6));
}
