import fs from 'node:fs';
import { JailbreakDetector } from './src/pipeline/jailbreak/jailbreak-detector.ts';
const lines = fs.readFileSync('../shared/data/chatlogs/sharegpt_sample_1000.jsonl', 'utf8').split('\n').filter(Boolean);
const user: string[] = [];
for (const l of lines) for (const m of JSON.parse(l).conversations) if (m.from === 'human' && m.value.length > 0) user.push(m.value);
for (const mid of [1.6, 1.9, 2.2]) {
  const d = new JailbreakDetector({ structureTuning: { midpoint: mid, slope: 2.5, scaffoldingDiscount: 0.35, substanceFloor: 0.8 } });
  const t = user.filter(u => d.detect(u).tagged);
  console.log(mid, t.length, t.map(u => u.slice(0, 70).replace(/\n/g, ' ')).join(' || '));
}
