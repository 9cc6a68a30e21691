import { JAILBREAK_SIGNATURES } from './src/pipeline/jailbreak/jailbreak-signatures.ts';
import { BENIGN_EDGY_PROMPTS } from './eval/jailbreak/benign-prompts.ts';
const texts: string[] = [];
for (let i = 0; i < 1000; i++) { let t = ''; let j = i; while (t.length < 1000) { t += BENIGN_EDGY_PROMPTS[j % BENIGN_EDGY_PROMPTS.length] + '\n'; j += 7; } texts.push(t.slice(0, 1000)); }
const lower = texts.map(t => t.toLowerCase());
for (const flags of ['iu', 'u', 'i', '']) {
  const res = JAILBREAK_SIGNATURES.map(s => { try { return new RegExp(s.pattern.source, flags); } catch { return null; } });
  const st = performance.now(); const src = flags.includes('i') ? texts : lower;
  for (const t of src) for (const r of res) r?.test(t);
  console.log(flags, (performance.now() - st).toFixed(1), 'ms/1000 msgs', res.filter(r => !r).length, 'failed');
}
