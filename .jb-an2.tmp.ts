import fs from 'node:fs';
import { JailbreakDetector } from './src/pipeline/jailbreak/jailbreak-detector.ts';
import { scoreStructure, STRUCTURE_CUES } from './src/pipeline/jailbreak/jailbreak-structure.ts';
import { parseJailbreakTemplates } from './src/pipeline/jailbreak/jailbreak-template-file.ts';
import { BENIGN_EDGY_PROMPTS } from './eval/jailbreak/benign-prompts.ts';
const jb = parseJailbreakTemplates(fs.readFileSync('../shared/data/jailbreak/jailbreak_prompts_2023_05_07.csv', 'utf8'), 'csv').map(t => t.prompt);
const d = new JailbreakDetector({ structure: false });
const missed = jb.filter(p => d.detect(p).score < 0.5);
const hist = (xs: number[]) => { const h: Record<string, number> = {}; for (const x of xs) { const b = Math.min(8, Math.floor(x*2)/2); h[b] = (h[b] ?? 0) + 1; } return JSON.stringify(Object.entries(h).sort((a,b)=>+a[0]-+b[0])); };
for (const disc of [0.35, 0.6, 1]) {
  const t = { midpoint: 3, slope: 1.5, scaffoldingDiscount: disc, substanceFloor: 0.8 };
  console.log('disc', disc);
  console.log(' missed', hist(missed.map(p => scoreStructure(p.toLowerCase(), STRUCTURE_CUES, t).points)));
  console.log(' benign', hist(BENIGN_EDGY_PROMPTS.map(p => scoreStructure(p.toLowerCase(), STRUCTURE_CUES, t).points)));
}
