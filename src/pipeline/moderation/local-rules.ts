/**
 * Our own phrase rules for what word lists cannot see: threats, self-harm intent and
 * instructions, group-directed hate, targeted insults, graphic violence and sexual content
 * involving minors. Patterns run on NFKC-normalised, lower-cased text.
 */
import type { ModerationFeature } from './moderation-feature.ts';
import { GROUP_RULES } from './local-rules-groups.ts';
import { HARM_RULES, NOT_SOFTWARE } from './local-rules-harm.ts';
import { MORE_RULES } from './local-rules-more.ts';
import { TARGETED_RULES } from './local-rules-targeted.ts';

import type { PhraseRule } from './local-rules-more.ts';
import { escapeRegExp } from '../../core/escape-regexp.ts';

const PERSON_TARGET = String.raw`(?:you|u|ya|him|her|them|everyone|somebody|someone|people|(?:my|your|his|her|the|a)\s+(?:wife|husband|mom|mother|dad|father|boss|neighbou?r|teacher|brother|sister|friend|girlfriend|boyfriend|son|daughter|classmate|roommate|coworker|co-worker|ex|family|kids?|baby|person|man|woman|child|cop|police\s+officer))`;
const GROUP = String.raw`(?:jews?|muslims?|blacks?|black\s+people|whites?|white\s+people|gays?|lesbians?|immigrants?|mexicans?|arabs?|asians?|chinese|indians?|women|christians?|trans\s+people|transgenders?|refugees?|africans?|russians?|ukrainians?|hindus?|gypsies|roma)`;

const RULES: PhraseRule[] = [
  {
    id: 'threat-first-person',
    requires: { words: ['kill', 'murder', 'stab', 'shoot', 'strangle', 'behead', 'rape', 'torture', 'beat', 'slit', 'hunt'] },
    pattern: new RegExp(
      String.raw`\b(?:i(?:'m|\s+am)\s+(?:going\s+to|gonna)|i(?:'ll|\s+will|\s+shall)|i\s+want\s+to|imma|i'm\s+about\s+to)\s+(?:\w+\s+)?(?:kill|murder|stab|shoot|strangle|behead|rape|torture|beat\s+up|slit\s+the\s+throat\s+of|hunt\s+down)\s+${PERSON_TARGET}\b`,
      'u',
    ),
    features: [
      { category: 'harassment/threatening', weight: 0.75 },
      { category: 'harassment', weight: 0.5 },
      { category: 'violence', weight: 0.6 },
    ],
  },
  {
    id: 'wish-death',
    requires: { words: ['yourself', 'kys', 'die', 'raped', 'killed', 'cancer'] },
    pattern:
      /\b(?:(?:kill|hang|shoot)\s+yourself|kys|go\s+die|(?:i\s+)?hope\s+you\s+(?:die|get\s+(?:raped|killed|cancer))|you\s+(?:should|deserve\s+to)\s+die)\b/u,
    features: [
      { category: 'harassment', weight: 0.7 },
      { category: 'harassment/threatening', weight: 0.55 },
    ],
  },
  {
    id: 'know-where-you-live',
    requires: { words: ['live'] },
    pattern: /\bi\s+know\s+where\s+you\s+live\b/u,
    features: [{ category: 'harassment/threatening', weight: 0.6 }],
  },
  {
    id: 'how-to-kill-person',
    requires: { words: ['kill', 'murder', 'poison', 'strangle', 'stab'] },
    pattern: new RegExp(
      String.raw`\b(?:how\s+(?:do|can|could|would|should)\s+i|how\s+to|best\s+way\s+to|help\s+me)\s+(?:kill|murder|poison|strangle|stab)\s+${PERSON_TARGET}\b${NOT_SOFTWARE}`,
      'u',
    ),
    features: [{ category: 'violence', weight: 0.7 }],
  },
  {
    id: 'mass-violence',
    requires: { words: ['school', 'church', 'mosque', 'synagogue', 'temple', 'crowd', 'mall', 'concert', 'stadium', 'hospital', 'bomb'] },
    pattern:
      /\b(?:(?:bomb|shoot\s+up|blow\s+up|attack|massacre)\s+(?:a|the|my|our)\s+(?:school|church|mosque|synagogue|temple|crowd|mall|concert|stadium|hospital)|(?:make|build)\s+(?:a\s+)?(?:pipe\s+)?bomb\s+to\s+(?:kill|hurt))\b/u,
    features: [{ category: 'violence', weight: 0.7 }],
  },
  {
    id: 'graphic-violence',
    requires: {
      words: ['entrails', 'gory', 'flayed', 'blood', 'guts', 'skull', 'brain', 'brains'],
      substrings: ['disembowel', 'dismember', 'decapitat', 'mutilat', 'eviscerat'],
    },
    pattern:
      /\b(?:disembowel\w*|dismember\w*|decapitat\w*|mutilat\w*|entrails|gory|eviscerat\w*|flayed\s+alive|blood\s+(?:spurt|gush|splatter)\w*|guts\s+spill\w*|skull\s+(?:crack|cav)\w*|brains?\s+splatter\w*)\b/gu,
    features: [
      { category: 'violence/graphic', weight: 0.35 },
      { category: 'violence', weight: 0.3 },
    ],
  },
  {
    id: 'self-harm-intent',
    requires: { words: ['myself', 'life', 'all', 'die', 'suicide', 'suicidal', 'live', 'alive'] },
    pattern:
      /\b(?:i\s+(?:really\s+)?(?:want|wanna|am\s+going|'m\s+going|plan|need|am\s+about|'m\s+about)\s+(?:to\s+)?(?:kill\s+myself|end\s+(?:my\s+life|it\s+all)|die|commit\s+suicide|cut\s+myself|hurt\s+myself)|i(?:'m|\s+am)\s+(?:feeling\s+)?suicidal|i\s+(?:don'?t|do\s+not)\s+want\s+to\s+(?:live|be\s+alive)(?:\s+anymore)?)\b/u,
    features: [
      { category: 'self-harm', weight: 0.7 },
      { category: 'self-harm/intent', weight: 0.75 },
    ],
  },
  {
    id: 'self-harm-instructions',
    requires: { words: ['myself', 'suicide', 'life', 'overdose', 'pills', 'tablets'] },
    pattern:
      /\b(?:(?:how\s+(?:to|do\s+i|can\s+i|should\s+i)|best\s+way\s+to|easiest\s+way\s+to|painless\s+way\s+to|quickest\s+way\s+to)\s+(?:kill\s+myself|commit\s+suicide|end\s+my\s+life|cut\s+myself|hang\s+myself|overdose)|how\s+many\s+(?:\w+\s+)?(?:pills|tablets)\s+(?:to|would|will|does\s+it\s+take\s+to)\s+(?:kill|die|overdose))\b/u,
    features: [
      { category: 'self-harm', weight: 0.7 },
      { category: 'self-harm/instructions', weight: 0.75 },
    ],
  },
  {
    id: 'self-harm-multilingual',
    pattern:
      /(?:我想死|想自杀|不想活了|死にたい|自殺したい|хочу\s+умереть|покончить\s+с\s+собой|убить\s+себя|quiero\s+morir|suicidarme|quiero\s+matarme|je\s+veux\s+mourir|me\s+suicider|ich\s+will\s+sterben|mich\s+umbringen|quero\s+morrer|me\s+matar)/u,
    features: [
      { category: 'self-harm', weight: 0.7 },
      { category: 'self-harm/intent', weight: 0.6 },
    ],
  },
  {
    id: 'self-harm-mention',
    requires: { words: ['self'], substrings: ['suicid'] },
    pattern: /\b(?:suicid\w*|self[-\s]harm\w*)\b/u,
    features: [{ category: 'self-harm', weight: 0.2 }],
  },
  {
    id: 'group-extermination',
    requires: { words: ['should', 'must', 'need', 'deserve', 'ought', 'gas', 'exterminate', 'kill', 'lynch'] },
    pattern: new RegExp(
      String.raw`\b(?:(?:all|every|those|these|the)\s+${GROUP}\s+(?:should|must|need\s+to|deserve\s+to|ought\s+to)\s+(?:die|burn|be\s+(?:killed|exterminated|gassed|shot|hanged|lynched|wiped\s+out))|(?:gas|exterminate|kill|lynch)\s+(?:all\s+)?(?:the\s+)?${GROUP})\b`,
      'u',
    ),
    features: [
      { category: 'hate', weight: 0.8 },
      { category: 'hate/threatening', weight: 0.75 },
      { category: 'violence', weight: 0.5 },
    ],
  },
  {
    id: 'group-dehumanising',
    requires: {
      words: [
        'animals',
        'vermin',
        'subhuman',
        'parasites',
        'cockroaches',
        'rats',
        'inferior',
        'filth',
        'scum',
        'disease',
        'plague',
        'savages',
        'apes',
        'monkeys',
      ],
    },
    pattern: new RegExp(
      String.raw`\b${GROUP}\s+are\s+(?:all\s+|just\s+|nothing\s+but\s+)?(?:animals|vermin|subhuman|parasites|cockroaches|rats|inferior|filth|scum|a\s+disease|a\s+plague|savages|apes|monkeys)\b`,
      'u',
    ),
    features: [{ category: 'hate', weight: 0.75 }],
  },
  {
    id: 'targeted-insult',
    requires: {
      words: [
        'idiot',
        'moron',
        'imbecile',
        'loser',
        'piece',
        'worthless',
        'pathetic',
        'stupid',
        'dumbass',
        'dumb',
        'ugly',
        'bitch',
        'cunt',
        'whore',
        'slut',
        'asshole',
        'dickhead',
        'scum',
        'trash',
        'garbage',
        'disgusting',
        'useless',
      ],
      substrings: ['retard'],
    },
    pattern:
      /\b(?:you(?:'re|\s+are)?|ur|u\s+r|your\s+mom\s+is)\s+(?:a\s+|an\s+|such\s+an?\s+|so\s+|just\s+an?\s+)?(?:fucking\s+|stupid\s+|dumb\s+|little\s+)?(?:idiot|moron|retard\w*|imbecile|loser|piece\s+of\s+(?:shit|garbage|trash)|worthless|pathetic|stupid|dumbass|dumb|ugly|bitch|cunt|whore|slut|asshole|dickhead|scum|trash|garbage|disgusting|useless\s+piece)\b/u,
    features: [{ category: 'harassment', weight: 0.6 }],
  },
  {
    id: 'fuck-you',
    requires: { words: ['fuck', 'screw', 'stfu'] },
    pattern: /\b(?:fuck|screw)\s+(?:you|u|off|yourself)\b|\bstfu\b/u,
    features: [{ category: 'harassment', weight: 0.55 }],
  },
  {
    id: 'insult-multilingual',
    pattern:
      /(?:сука|блять|блядь|хуй|хуе|пизд|ебан|ёбан|мудак|долбо[её]б|пидор|у[её]бок|гандон|шлюха|傻逼|他妈的|操你|草泥马|狗娘养|去死吧|씨발|시발|병신|개새끼|(?<!\p{L})(?:puta|pendejo|cabr[oó]n|gilipollas|mierda|coño|joder|scheiße|scheisse|arschloch|fotze|hurensohn|wichser|putain|merde|connard|salope|encul[ée]|caralho|porra|foda-se|cazzo|vaffanculo|stronzo|puttana|siktir|orospu)(?!\p{L}))/u,
    features: [{ category: 'harassment', weight: 0.5 }],
  },
  {
    id: 'explicit-sex-act',
    requires: { words: ['sex', 'sexual', 'pornographic', 'rated', 'cock', 'dick', 'pussy', 'clit', 'breasts', 'nipples', 'moan', 'moaned', 'moaning', 'love'] },
    pattern:
      /\b(?:(?:have|having|had)\s+sex|sex\s+(?:with|scene)|sexual\s+(?:intercourse|acts?|scene|encounter)|pornographic|x-rated|(?:his|her|my|your)\s+(?:cock|dick|pussy|clit|breasts|nipples)|(?:moan|moaned|moaning)\s+(?:in\s+pleasure|loudly)|(?:made|make|making)\s+love\s+to)\b/gu,
    features: [{ category: 'sexual', weight: 0.4 }],
  },
];

const ALL_RULES = [...RULES, ...MORE_RULES, ...TARGETED_RULES, ...GROUP_RULES, ...HARM_RULES];

/** Age below 18 or an explicit child reference. */
const MINOR_MARKER =
  /\b(?:(?:[1-9]|1[0-7])[-\s]?(?:year|yr)s?[-\s]?old|aged?\s+(?:[1-9]|1[0-7])\b|(?:[1-9]|1[0-7])\s*(?:yo|y\/o)\b|under-?age|minors?|pre-?teens?|lolicon|shotacon|little\s+(?:girl|boy)|young\s+(?:girl|boy)|school\s?(?:girl|boy)|middle\s+school\w*|elementary\s+school\w*|grade\s+school|(?:[1-9]|1[0-2])(?:st|nd|rd|th)\s+grade\w*|child|children|kids?|toddlers?|infants?)\b/gu;
/** Explicit sexual wording (not education or health). */
const SEXUAL_MARKER =
  /\b(?:sex(?!\s+(?:education|ed|ratio|chromosomes?|differences?|determination|offenders?\s+registry))|sexual(?!\s+(?:education|health|abuse\s+(?:prevention|awareness)|harassment\s+(?:training|policy)))|sexy|nude|naked|porn\w*|erotic\w*|orgasm\w*|masturbat\w*|fuck\w*|cock|dick|pussy|penis|vagina|boobs?|tits|nipples?|cum|cumming|blowjob|handjob|horny|aroused|arousal|intercourse|seduc\w*|undress\w*|lewd|nsfw|fetish\w*|kinky|moan\w*|grop\w*|fondl\w*|molest\w*|touch\s+(?:me|you|myself|yourself))\b/gu;
/** "Child" that speaks of an adult's past or profession, not of a minor in the text. */
const NOT_A_MINOR =
  /\b(?:former\s+child|child\s+(?:actors?|actress(?:es)?|stars?|models?|prodig(?:y|ies)|singers?|performers?)|as\s+a\s+(?:child|kid)|when\s+i\s+was\s+(?:a\s+)?(?:child|kid|little)|childhood|children's\s+(?:book|author|hospital)s?)\b/gu;
/**
 * News, law, research and child protection: talk *about* abuse, which moderation must not drop.
 * Sexual/minors needs explicit description or a request for it on top of this context.
 */
const PROTECTIVE_CONTEXT =
  /\b(?:laws?|bills?|legislation|legislat\w+|senate|congress|parliament|court|judge|trial|convicted|sentenced|charged|arrested|prosecut\w+|penalt(?:y|ies)|police|investigat\w+|report(?:ed|s|ing)?|news|article|summar\w+|statistics|prevent\w*|protect\w*|awareness|survivors?|victims?|therap\w+|counsel\w+|safeguard\w*|exploitation|abused?|grooming|signs\s+of)\b/u;
/** Wording that describes or requests sexual content itself, which no context excuses. */
const EXPLICIT_DESCRIPTION =
  /\b(?:naked|nude|moan\w*|orgasm\w*|cock|dick|pussy|cum|cumming|blowjob|handjob|horny|aroused|erotic\w*|lewd|undress\w*|fondl\w*|(?:write|describe|roleplay|role-play|story|scene)\b[^.!?\n]{0,80}\b(?:sex|sexual|sexy|seduc\w*|kiss\w*|touch\w*|naked|nude))\b/u;
const CHILD_SEXUAL_ABUSE_MATERIAL = /\b(?:child\s+porn\w*|cp\s+(?:links?|videos?|pics?)|kiddie\s+porn|pedo\s+(?:videos?|pics?))\b/u;
const MINOR_WINDOW = 160;

const NON_LATIN = /[^\u0000-\u024f]/u;

export function findRuleFeatures(lowerText: string): ModerationFeature[] {
  const features: ModerationFeature[] = [];
  let nonLatin: boolean | null = null;
  let nonAsciiWord: boolean | null = null;
  const triggerHits = findTriggerHits(lowerText);
  for (const [ruleIndex, rule] of ALL_RULES.entries()) {
    let count = 0;
    const triggers = RULE_TRIGGERS[ruleIndex];
    if (triggers === undefined || (rule.nonLatin === true && (nonLatin ??= NON_LATIN.test(lowerText)))) {
      if (
        rule.requires !== undefined &&
        !(nonAsciiWord ??= NON_ASCII_WORD_CHARACTER.test(lowerText)) &&
        !meetsRequirement(lowerText, rule.requires, triggerHits)
      ) {
        continue;
      }
      count = countMatches(rule.pattern, lowerText, 0, null);
    } else if (triggerHits.size > 0) {
      // Run the pattern only on windows around its trigger words: most messages have none, and a
      // long message costs only its windows.
      const seen = new Set<number>();
      for (const window of triggerWindows(lowerText, triggers, triggerHits)) {
        count += countMatches(rule.pattern, lowerText.slice(window.start, window.end), window.start, seen);
        if (count >= 3) break;
      }
    }
    for (let index = 0; index < Math.min(count, 3); index += 1) {
      for (const feature of rule.features) features.push({ ...feature, label: rule.id });
    }
  }
  features.push(...findMinorSexualFeatures(lowerText));
  return features;
}

/**
 * A letter or digit that `\b` does not count as a word character, but the trigger scan does. The v
 * flag's class subtraction finds it in one class test per character; a lookahead costs several times more.
 */
const NON_ASCII_WORD_CHARACTER = new RegExp(String.raw`[[\p{L}\p{N}]--\p{ASCII}]`, 'v');

function meetsRequirement(text: string, requirement: NonNullable<PhraseRule['requires']>, hits: ReadonlyMap<string, number[]>): boolean {
  for (const word of requirement.words) if (hits.has(word)) return true;
  for (const substring of requirement.substrings ?? []) if (text.includes(substring)) return true;
  return false;
}

/** Matches of `pattern` in `text` (at most 3; one for a non-global pattern), skipping offsets already seen. */
function countMatches(pattern: RegExp, text: string, offset: number, seen: Set<number> | null): number {
  if (!pattern.global) {
    const match = pattern.exec(text);
    if (match === null) return 0;
    if (seen !== null) {
      if (seen.size > 0) return 0;
      seen.add(offset + match.index);
    }
    return 1;
  }
  let count = 0;
  pattern.lastIndex = 0;
  for (const match of text.matchAll(pattern)) {
    if (seen !== null) {
      if (seen.has(offset + match.index)) continue;
      seen.add(offset + match.index);
    }
    count += 1;
    if (count >= 3) break;
  }
  return count;
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;
/** Rule patterns are phrases; this many characters either side of a trigger hold any match that uses it. */
const WINDOW_RADIUS = 180;

const TRIGGER_WORDS = [...new Set(ALL_RULES.flatMap((rule) => [...(rule.triggers ?? []), ...(rule.requires?.words ?? [])]))].sort(
  (a, b) => b.length - a.length,
);
/** All rules' trigger words in one pattern: one pass over the text costs far less than a search per word. */
const TRIGGER_PATTERN = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${TRIGGER_WORDS.map(escapeRegExp).join('|')})(?![\p{L}\p{N}])`, 'gu');

/** Offsets of each trigger word's whole-word occurrences (at most 64 per word). */
function findTriggerHits(text: string): Map<string, number[]> {
  const hits = new Map<string, number[]>();
  TRIGGER_PATTERN.lastIndex = 0;
  for (const match of text.matchAll(TRIGGER_PATTERN)) {
    const offsets = hits.get(match[0]);
    if (offsets === undefined) hits.set(match[0], [match.index]);
    else if (offsets.length < 64) offsets.push(match.index);
  }
  return hits;
}

/**
 * Each rule's trigger words as a set: a message hits a handful of trigger words, so walking its
 * hits costs far less than looking up each of a rule's (up to ~60) triggers.
 */
const RULE_TRIGGERS: ReadonlyArray<ReadonlySet<string> | undefined> = ALL_RULES.map((rule) =>
  rule.triggers === undefined ? undefined : new Set(rule.triggers),
);

/** Merged text windows around the occurrences of a rule's trigger words (at most 20 windows). */
function triggerWindows(text: string, triggers: ReadonlySet<string>, hits: ReadonlyMap<string, number[]>): Array<{ start: number; end: number }> {
  const centres: number[] = [];
  for (const [word, offsets] of hits) if (triggers.has(word)) centres.push(...offsets);
  if (centres.length === 0) return [];
  centres.sort((a, b) => a - b);
  const windows: Array<{ start: number; end: number }> = [];
  for (const centre of centres) {
    const start = Math.max(0, centre - WINDOW_RADIUS);
    const end = Math.min(text.length, centre + WINDOW_RADIUS);
    const last = windows[windows.length - 1];
    // Back windows up to a word boundary so that \b does not see a word cut in half.
    const safeStart = backToBoundary(text, start);
    if (last !== undefined && safeStart <= last.end) last.end = Math.max(last.end, end);
    else windows.push({ start: safeStart, end });
    if (windows.length >= 20) break;
  }
  return windows;
}

function backToBoundary(text: string, start: number): number {
  let position = start;
  while (position > 0 && WORD_CHARACTER.test(text[position - 1] as string)) position -= 1;
  return position;
}

/** sexual/minors: an age marker within a short window of explicit sexual wording. */
function findMinorSexualFeatures(lowerText: string): ModerationFeature[] {
  const isProtective = () => PROTECTIVE_CONTEXT.test(lowerText) && !EXPLICIT_DESCRIPTION.test(lowerText);
  if (CHILD_SEXUAL_ABUSE_MATERIAL.test(lowerText)) {
    if (isProtective()) return [{ category: 'sexual/minors', weight: 0.3, label: 'csam-reference-in-context' }];
    return [
      { category: 'sexual/minors', weight: 0.85, label: 'csam-reference' },
      { category: 'sexual', weight: 0.6, label: 'csam-reference' },
    ];
  }
  let minorPositions = positions(lowerText, MINOR_MARKER);
  if (minorPositions.length === 0) return [];
  const excluded = positions(lowerText, NOT_A_MINOR);
  minorPositions = minorPositions.filter((position) => !excluded.some((start) => position >= start && position <= start + 24));
  if (minorPositions.length === 0) return [];
  const sexualPositions = positions(lowerText, SEXUAL_MARKER);
  if (sexualPositions.length === 0) return [];
  let closeSexualTerms = 0;
  for (const sexual of sexualPositions) {
    if (minorPositions.some((minor) => Math.abs(minor - sexual) <= MINOR_WINDOW)) closeSexualTerms += 1;
  }
  if (closeSexualTerms === 0) return [];
  if (isProtective()) return [{ category: 'sexual/minors', weight: 0.25, label: 'minor-near-sexual-in-context' }];
  const weight = Math.min(0.9, 0.45 + 0.15 * closeSexualTerms);
  return [
    { category: 'sexual/minors', weight, label: 'minor-near-sexual' },
    { category: 'sexual', weight: 0.4, label: 'minor-near-sexual' },
  ];
}

function positions(text: string, pattern: RegExp): number[] {
  const found: number[] = [];
  pattern.lastIndex = 0;
  for (const match of text.matchAll(pattern)) {
    found.push(match.index);
    if (found.length >= 50) break;
  }
  return found;
}
