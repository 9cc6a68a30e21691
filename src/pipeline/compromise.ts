import { pipelineDataPackages } from './data-packages.ts';

/**
 * compromise, as the edge loads it (its single-file build: the ES module source is ~460 modules,
 * about 0.35 CPU-s of a small release to load), only when a stage first needs its lexicon or tagger.
 */
let lexicon: Readonly<Record<string, string | undefined>> | null = null;

/** compromise's word list (~25k entries): word → its tag (a string, or an array for a few words). */
export function compromiseLexicon(): Readonly<Record<string, string | undefined>> {
  lexicon ??= (pipelineDataPackages().compromise() as unknown as { world(): { model: { one: { lexicon: Record<string, string | undefined> } } } }).world().model
    .one.lexicon;
  return lexicon;
}

/** The people compromise's full tagger finds in a text (about 2 ms per call). */
export function compromisePeople(text: string): string[] {
  return pipelineDataPackages().compromise()(text).people().out('array') as string[];
}
