/**
 * A cheap test that decides whether obscenity's matcher (the slowest part of the local backend)
 * needs to run at all. It over-approximates what obscenity can find: letter runs are collapsed
 * ("fuuuck" -> "fuck") and leet-speak characters mapped to letters ("f4ck", "sh!t", "a$$")
 * before looking for profanity stems, and letters spelled out one by one ("f u c k") send the
 * text to obscenity. Texts with none of these cannot produce an obscenity match of the
 * terms we score.
 */

/** Stems long or distinctive enough to look for inside words (after collapsing repeated letters). */
const STEMS = [
  'fuck',
  'fuk',
  'fck',
  'cnt',
  'fcking',
  'niger',
  'niga',
  'fvck',
  'phuck',
  'shit',
  'sht',
  'btch',
  'biatch',
  'bitch',
  'cunt',
  'pusy',
  'nig',
  'fagot',
  'whore',
  'slut',
  'porn',
  'jiz',
  'dildo',
  'blowjob',
  'handjob',
  'wank',
  'twat',
  'bastard',
  'bolock',
  'retard',
  'trany',
  'kike',
  'chink',
  'spastic',
  'orgasm',
  'masturb',
  'ejacul',
  'bestial',
  'incest',
  'gangbang',
  'hentai',
  'felat',
  'felch',
  'fisting',
  'dep throat',
  'depthroat',
  'dogystyle',
  'dogy style',
  'bob',
  'penis',
  'vagina',
  'semen',
  'hoker',
  'negro',
  'dyke',
  'cuck',
  'abed',
  'africon',
  'arabush',
  'bonga',
  'chingchong',
  'butplug',
  'lubejob',
  'fingerbang',
  'finger bang',
  'jerk of',
  'prick',
  'pis',
  'cock',
  'dick',
  'rape',
  'scat',
  'turd',
  'arse',
  'anal',
  'anus',
  'tit',
  'cum',
  'sex',
  'fag',
  'abo',
  'orgy',
  'orgies',
  'raping',
  'rapist',
  'double penetration',
];
/** Stems that are also parts of everyday words: only checked as whole words (after collapsing). */
const WHOLE_WORD_ONLY = new Set([
  'cnt',
  'fcking',
  'orgy',
  'orgies',
  'raping',
  'rapist',
  'bob',
  'tit',
  'cum',
  'sex',
  'fag',
  'abo',
  'anal',
  'anus',
  'arse',
  'scat',
  'turd',
  'rape',
  'dick',
  'cock',
  'pis',
  'prick',
  'nig',
  'dyke',
  'cuck',
  'kike',
  'negro',
  'semen',
]);

const SUBSTRING_STEMS = STEMS.filter((stem) => !WHOLE_WORD_ONLY.has(stem));
const substringPattern = new RegExp(SUBSTRING_STEMS.map((stem) => stem.replace(/ /g, ' ?')).join('|'), 'u');
const wholeWordPattern = new RegExp(
  `\\b(?:${[...WHOLE_WORD_ONLY].join('|')})(?:s|es|d|ed|ing|y|ty|er|ers|hole|holes|head|heads|sucker|suckers|face|wad|bag|shot|shots|slut|stain)?\\b`,
  'u',
);
/** 'ass' collapses to the everyday word 'as', so it is checked on the text as written. */
const ASS_WORD = /\ba+s{2,}(?:es|hole|holes|hat|wipe)?\b/u;
const SPELLED_OUT = /(?:\b[a-z][\s.*_-]+){3}[a-z]\b/u;
const REPEATED_LETTERS = /(\p{L})\1+/gu;
const LEET_CHARACTERS = /[4@31!|05$7+*]/gu;
const HAS_LEET_CHARACTER = /[4@31!|05$7+*]/u;
const LEET_MAP: Record<string, string> = {
  '4': 'a',
  '@': 'a',
  '3': 'e',
  '1': 'i',
  '!': 'i',
  '|': 'i',
  '0': 'o',
  '5': 's',
  $: 's',
  '7': 't',
  '+': 't',
  '*': '',
};

export function mayContainEnglishProfanity(lowerText: string): boolean {
  if (!HAS_LEET_CHARACTER.test(lowerText)) return matchesStems(lowerText);
  // A leet character may stand for any letter ('f4ck' is read as 'fuck'), so try it both mapped and dropped.
  const mapped = lowerText.replace(LEET_CHARACTERS, (character) => LEET_MAP[character] ?? character);
  const dropped = lowerText.replace(LEET_CHARACTERS, '');
  return matchesStems(mapped) || matchesStems(dropped) || SPELLED_OUT.test(lowerText);
}

function matchesStems(text: string): boolean {
  const collapsed = text.replace(REPEATED_LETTERS, '$1');
  return substringPattern.test(collapsed) || wholeWordPattern.test(collapsed) || ASS_WORD.test(text) || SPELLED_OUT.test(text);
}
