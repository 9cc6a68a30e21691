import { runJailbreakEval } from './eval/jailbreak/run.ts';
import { JailbreakDetector } from './src/pipeline/jailbreak/jailbreak-detector.ts';
import { BENIGN_EDGY_PROMPTS } from './eval/jailbreak/benign-prompts.ts';
const r = await runJailbreakEval();
console.log(JSON.stringify(r.byThreshold), r.falsePositives, r.benignPrompts, Math.round(r.promptsPerSecond ?? 0));
const d = new JailbreakDetector();
BENIGN_EDGY_PROMPTS.map((p, i) => [i, d.detect(p)] as const).filter(([, x]) => x.score >= 0.4).forEach(([i, x]) => console.log(i, x.score, x.signatures.join(','), BENIGN_EDGY_PROMPTS[i]!.slice(0, 80)));
