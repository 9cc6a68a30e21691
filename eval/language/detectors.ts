import { eld } from 'eld/large';
import { detect as tinyldDetect } from 'tinyld/heavy';
import { franc } from 'franc-all';
import { loadModule } from 'cld3-asm';
import { createLanguageStage, loadLanguageModel } from '../../src/pipeline/language/language-stage.ts';
import { foldIntoLabelSet } from '../../src/pipeline/language/closed-label-set.ts';
import { canonicalIsoCode } from '../../src/pipeline/language/language-names.ts';
import { inSetCode } from './languages.ts';

/** A detector under evaluation: the in-set ISO code it gives each line, or null (no answer, or a language outside the set). */
export interface EvalDetector {
  name: string;
  identify(lines: readonly string[]): Promise<Array<string | null>>;
}

export async function ourDetector(): Promise<EvalDetector> {
  const stage = await createLanguageStage();
  return {
    name: 'this project',
    async identify(lines) {
      const results = await stage.run(lines.map((content) => ({ role: 'user', content })));
      return results.map((result) => result.iso);
    },
  };
}

/** lid.176 alone, its top label folded into the set the way the stage folds it: the baseline the rules and ensemble must beat. */
export async function rawFastTextDetector(): Promise<EvalDetector> {
  const model = await loadLanguageModel();
  return {
    name: 'lid.176 alone',
    async identify(lines) {
      return lines.map((line) => {
        const top = [...model.predict(line.replace(/\s+/g, ' ').toLowerCase(), 1, 0).keys()][0];
        return top === undefined ? null : foldIntoLabelSet(canonicalIsoCode(top.slice('__label__'.length)));
      });
    },
  };
}

export async function peerDetectors(): Promise<EvalDetector[]> {
  const cld = await loadModule();
  const identifier = cld.create(0, 1000);
  return [
    { name: 'eld 2.1.0 (large)', identify: async (lines) => lines.map((line) => inSetCode(eld.detect(line).language || '')) },
    {
      name: 'cld3-asm 4.0.0',
      identify: async (lines) => lines.map((line) => inSetCode(identifier.findLanguage(line).language)),
    },
    { name: 'franc-all 7.2.0', identify: async (lines) => lines.map((line) => inSetCode(franc(line, { minLength: 1 }))) },
    { name: 'tinyld 1.3.4 (heavy)', identify: async (lines) => lines.map((line) => inSetCode(tinyldDetect(line) || '')) },
  ];
}
