import { JailbreakDetector, DEFAULT_JAILBREAK_SIGNATURES } from './src/pipeline/jailbreak/jailbreak-detector.ts';
import { JAILBREAK_SIGNATURES } from './src/pipeline/jailbreak/jailbreak-signatures.ts';
import { BENIGN_EDGY_PROMPTS } from './eval/jailbreak/benign-prompts.ts';
const texts: string[] = [];
for (let i = 0; i < 2000; i++) { let t = ''; let j = i; while (t.length < 1000) { t += BENIGN_EDGY_PROMPTS[j % BENIGN_EDGY_PROMPTS.length] + '\n'; j += 7; } texts.push(t.slice(0, 1000)); }
const run = (name: string, d: JailbreakDetector) => { for (const t of texts.slice(0, 300)) d.detect(t); const cpu = process.cpuUsage(); for (const t of texts) d.detect(t); const u = process.cpuUsage(cpu); console.log(name, Math.round(texts.length / ((u.user + u.system) / 1e6)), 'msgs/CPU-s'); };
run('full', new JailbreakDetector());
run('no structure', new JailbreakDetector({ structure: false }));
run('english only, no structure', new JailbreakDetector({ structure: false, signatures: JAILBREAK_SIGNATURES }));
run('structure only', new JailbreakDetector({ signatures: [] }));
