import { JailbreakDetector } from './src/pipeline/jailbreak/jailbreak-detector.ts';
import { BENIGN_EDGY_PROMPTS } from './eval/jailbreak/benign-prompts.ts';
const d = new JailbreakDetector();
// 1k-char texts built from benign prompts concatenated
const texts: string[] = [];
for (let i = 0; i < 2000; i++) { let t = ''; let j = i; while (t.length < 1000) { t += BENIGN_EDGY_PROMPTS[j % BENIGN_EDGY_PROMPTS.length] + '\n'; j += 7; } texts.push(t.slice(0, 1000)); }
for (const t of texts.slice(0, 200)) d.detect(t);
const s = performance.now(); for (const t of texts) d.detect(t); const e = performance.now();
console.log('msgs/s', Math.round(texts.length / ((e - s) / 1000)));
