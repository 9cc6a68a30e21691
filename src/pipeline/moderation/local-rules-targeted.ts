/**
 * local-lexicon-v3 rules for abuse aimed at a person without slurs: an insult word composed with
 * a second-person address ("you're the most useless …"), with a reported target ("tell him he's a
 * fat failure", "calling her a lazy pig"), threats of harm to "you"/"him"/"her", and requests to
 * bully someone. Word lists are short and closed on purpose: each match needs both a target and an
 * insult or harm word, which is what keeps "this function is useless" or "kill the process" out.
 * Patterns run on NFKC-normalised, lower-cased text.
 */
import type { PhraseRule } from './local-rules-more.ts';
import { escapeRegExp } from '../../core/escape-regexp.ts';

const alternatives = (words: readonly string[]) => words.map((word) => escapeRegExp(word).replace(/ /g, String.raw`\s+`)).join('|');

/** Insult nouns: enough on their own after "you are a …". */
const INSULT_NOUNS = [
  'idiot',
  'idiots',
  'moron',
  'morons',
  'imbecile',
  'loser',
  'losers',
  'failure',
  'creep',
  'freak',
  'slob',
  'parasite',
  'dumbass',
  'jerk',
  'asshole',
  'dickhead',
  'retard',
  'scumbag',
  'disgrace',
  'embarrassment',
  'pervert',
  'coward',
  'clown',
  'joke',
  'nobody',
  'waste of space',
  'waste of air',
  'waste of oxygen',
];
/** Insult adjectives: enough on their own after "you are (so) …". */
const INSULT_ADJECTIVES = [
  'useless',
  'worthless',
  'pathetic',
  'stupid',
  'stupidest',
  'dumb',
  'dumbest',
  'idiotic',
  'brainless',
  'braindead',
  'brain dead',
  'brain-dead',
  'retarded',
  'ugly',
  'ugliest',
  'disgusting',
  'repulsive',
  'incompetent',
  'pitiful',
];
/** Nouns insulting only after an insult adjective or modifier ("lazy disgusting pig", not "a pig farmer"). */
const QUALIFIED_NOUNS = ['pig', 'cow', 'trash', 'garbage', 'piece of shit', 'piece of crap'];
/** Adjectives that insult only before a noun ("fat failure", "lazy pig"). */
const MODIFIERS = ['fat', 'lazy', 'gross', 'little', 'smelly', 'filthy', 'dirty', 'miserable', 'fucking', 'freaking', 'old'];
/** What "you useless …" may end with: the adjective makes the insult. */
const ADDRESSED_NOUNS = ['bot', 'machine', 'thing', 'assistant', 'ai', 'piece', 'excuse', 'person', 'man', 'woman', 'girl', 'boy'];

const INSULT = String.raw`(?:${alternatives(INSULT_NOUNS)}|${alternatives(INSULT_ADJECTIVES)})`;
const QUALIFIED_INSULT = String.raw`(?:(?:${alternatives([...INSULT_ADJECTIVES, ...MODIFIERS])})\s+(?:and\s+)?){1,3}(?:${alternatives([...INSULT_NOUNS, ...QUALIFIED_NOUNS])})`;
const ADDRESSED_INSULT = String.raw`(?:(?:${alternatives([...INSULT_ADJECTIVES, ...MODIFIERS])})\s+){0,2}(?:${alternatives(INSULT_ADJECTIVES)})\s+(?:${alternatives(ADDRESSED_NOUNS)})`;
/** Words between a copula and the insult: "you're genuinely the most useless …". */
const INTENSIFIERS = String.raw`(?:(?:such|so|a|an|the|just|really|genuinely|honestly|literally|truly|completely|totally|absolutely|seriously|actually|most|biggest|one|big|utter|complete|total|fucking|freaking)\s+){0,4}`;
/** Every match of the insult rules contains one of these whole words. */
const INSULT_TRIGGERS = [...INSULT_NOUNS, ...INSULT_ADJECTIVES, ...QUALIFIED_NOUNS]
  .flatMap((word) => word.split(/[\s-]+/))
  .filter((word) => !['of', 'piece', 'waste'].includes(word));

/** Body parts a threat names ("smash his teeth in", "break your legs"). */
const BODY = String.raw`(?:teeth|face|head|skull|legs?|arms?|neck|jaw|nose|knees?|bones|ribs|fingers|throat)`;

export const TARGETED_RULES: PhraseRule[] = [
  {
    id: 'second-person-insult',
    triggers: INSULT_TRIGGERS,
    pattern: new RegExp(
      String.raw`\b(?:(?:you(?:'re|’re|\s+are|\s+r|\s+were)|ur|u\s+r|u\s+are|are\s+you)\s+${INTENSIFIERS}(?:${INSULT}|${QUALIFIED_INSULT})|(?:you|u)\s+(?:${QUALIFIED_INSULT}|${ADDRESSED_INSULT}|${alternatives(INSULT_NOUNS)})|what\s+an?\s+(?:${QUALIFIED_INSULT}|${alternatives(INSULT_NOUNS)}))\b`,
      'u',
    ),
    features: [{ category: 'harassment', weight: 0.6 }],
  },
  {
    id: 'reported-insult',
    triggers: INSULT_TRIGGERS,
    pattern: new RegExp(
      String.raw`\b(?:(?:tell|telling|text|message|saying|say|write|remind|reminding)\b[^.!?\n]{0,40}?\b(?:he|she|they)(?:'s|’s|\s+is|\s+are|'re|\s+was)\s+${INTENSIFIERS}(?:${INSULT}|${QUALIFIED_INSULT})|call(?:s|ing|ed)?\s+(?:him|her|them|my\s+\w+|his\s+\w+|their\s+\w+)\s+(?:a|an)\s+(?:${QUALIFIED_INSULT}|${alternatives(INSULT_NOUNS)}))\b`,
      'u',
    ),
    features: [{ category: 'harassment', weight: 0.6 }],
  },
  {
    id: 'threat-to-person',
    triggers: [
      'hurt',
      'stab',
      'shoot',
      'punch',
      'beat',
      'strangle',
      'choke',
      'slap',
      'smash',
      'break',
      'bash',
      'kick',
      'cave',
      'burn',
      'coming',
      'eye',
      'regret',
      'meat',
      'drive',
      'kids',
      'children',
      'family',
      'wife',
      'husband',
    ],
    pattern: new RegExp(
      String.raw`\b(?:i(?:'ll|’ll|\s+will|'m\s+gonna|'m\s+going\s+to|\s+am\s+going\s+to|\s+am\s+gonna|\s+swear\s+i(?:'ll|\s+will))\s+(?:(?!not\b|never\b)\w+\s+){0,2}?(?:hurt|stab|shoot|punch|beat|strangle|choke|slap)\s+(?:you|u|him|her|them)\b|i(?:'ll|’ll|\s+will|'m\s+gonna|'m\s+going\s+to|\s+am\s+going\s+to)\s+(?:smash|break|bash|kick|cave)\s+(?:in\s+)?(?:your|his|her|their)\s+${BODY}|i(?:'ll|’ll|\s+will|'m\s+gonna|'m\s+going\s+to|\s+am\s+going\s+to)\s+burn\s+(?:down\s+)?(?:your|his|her|their)\s+(?:house|car|home|shop|place)|(?:i'm|i\s+am)\s+coming\s+for\s+(?:you|u|him|her|them)|sleep\s+with\s+one\s+eye\s+open|(?:you|he|she|they)(?:'ll|\s+will)\s+regret\s+(?:this|that|the\s+day|ever\s+\w+ing|\w+ing\s+me)|make\s+(?:you|him|her|them)\s+regret\s+(?:it|this|that)|(?:you(?:'re|\s+are)|he(?:'s|\s+is)|she(?:'s|\s+is)|they(?:'re|\s+are))\s+dead\s+meat|i\s+know\s+(?:what\s+car\s+you\s+drive|where\s+your\s+(?:kids|children|family|wife|husband)\s+(?:live|go|are)))\b`,
      'u',
    ),
    features: [
      { category: 'harassment/threatening', weight: 0.7 },
      { category: 'harassment', weight: 0.5 },
      { category: 'violence', weight: 0.4 },
    ],
  },
  {
    id: 'bullying-request',
    triggers: ['bully', 'humiliate', 'harass', 'torment', 'cyberbully', 'dox', 'doxx', 'fun', 'cries', 'cry'],
    pattern:
      /\b(?:(?:help\s+me|how\s+(?:can|do|should)\s+i|ways?\s+to|i\s+want\s+to|let's)\s+(?:bully|humiliate|harass|torment|cyberbully|doxx?)\s+(?:him|her|them|my|this|that|a|the|someone)|make\s+fun\s+of\s+(?:her|his|their|my\s+\w+'s)\s+(?:weight|acne|looks|face|body|skin|stutter|disability|teeth|voice)|so\s+(?:that\s+)?(?:he|she|they)\s+(?:cries|cry|will\s+cry|kills?\s+(?:himself|herself|themselves)))\b/u,
    features: [{ category: 'harassment', weight: 0.55 }],
  },
  {
    id: 'insult-german-address',
    triggers: ['idiot', 'vollidiot', 'versager', 'trottel', 'depp', 'arschloch', 'missgeburt', 'wichser', 'penner', 'nichtsnutz', 'hurensohn'],
    pattern:
      /(?<!\p{L})du\s+(?:bist\s+)?(?:(?:so|ein|eine|einen|echt|wirklich|total|voll|richtig|der|die|größte|dümmste)\s+){0,3}(?:\p{L}+(?:er|e|es)\s+)?(?:idiot|vollidiot|versager|trottel|depp|arschloch|missgeburt|wichser|penner|nichtsnutz|hurensohn)(?!\p{L})/u,
    features: [{ category: 'harassment', weight: 0.6 }],
  },
  {
    // Weak evidence that raises the graded score without flagging on its own (one hit per message).
    id: 'insult-word',
    triggers: [
      'idiot',
      'idiots',
      'moron',
      'morons',
      'stupid',
      'dumb',
      'loser',
      'losers',
      'pathetic',
      'retard',
      'retarded',
      'imbecile',
      'scum',
      'jerk',
      'dumbass',
      'suck',
      'sucks',
      'shut',
      'hypocrite',
      'worthless',
    ],
    pattern: /\b(?:idiots?|morons?|stupid|dumb|losers?|pathetic|retard(?:ed)?|imbecile|scum|jerk|dumbass|sucks?|shut\s+up|hypocrite|worthless)\b/u,
    features: [{ category: 'harassment', weight: 0.25 }],
  },
];
