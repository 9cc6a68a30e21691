/**
 * local-lexicon-v3 rules for hate without slurs: a group word composed with a dehumanising or
 * stereotyping predicate ("why are <group> so violent", "<group> control the banks"), requests
 * for bigoted jokes, and calls for violence against a group or its places of worship. A group
 * word alone never counts: "what do muslims do during Ramadan" has a group and no predicate.
 * Patterns run on NFKC-normalised, lower-cased text.
 */
import { FOREIGN_GROUP_WORDS, GROUP_DE, GROUP_EN, GROUP_ES, GROUP_FR, GROUP_NL, type PhraseRule } from './local-rules-more.ts';

/** Stereotypes that local-rules-more.ts's trait list lacks; each is a claim about a whole group. */
const STEREOTYPE_WORDS = [
  'violent',
  'backwards',
  'backward',
  'greedy',
  'primitive',
  'sick',
  'perverts',
  'perverted',
  'degenerate',
  'degenerates',
  'freaks',
  'pedophiles',
  'paedophiles',
  'groomers',
  'smelly',
  'cheap',
  'liars',
  'sneaky',
  'savage',
  'barbaric',
  'barbarians',
  'uncivilized',
  'uncivilised',
  'brainwashed',
  'dangerous',
  'unnatural',
  'abomination',
  'abominations',
  'inbred',
  'ill',
  'destroying',
  'invading',
];
const STEREOTYPE = String.raw`(?:violent|backwards?|greedy|primitive|sick|perverts|perverted|degenerates?|freaks|p(?:a)?edophiles|groomers|smelly|cheap|liars|sneaky|savage|barbaric|barbarians|uncivili[sz]ed|brainwashed|dangerous|unnatural|an\s+abomination|abominations|inbred|mentally\s+ill|destroying\s+(?:this|our|the)\s+(?:country|nation|society|culture)|invading\s+(?:this|our|the)\s+(?:country|nation|land))`;
const SCORN = String.raw`(?:stupid|dumb|lazy|dirty|ugly|greedy|violent|smelly|cheap|inferior|evil|disgusting|filthy)`;

/** Groups as targets of violence: no bare colour words ("purge the white space", "kill the black process"). */
const GROUP_TARGET = String.raw`(?:jews?|muslims?|gays|lesbians|homosexuals|immigrants?|migrants|mexicans|arabs|asians|chinese|indians|christians|transgenders?|refugees?|africans|hindus|gypsies|roma|latinos|hispanics|foreigners|blacks|whites|black\s+people|white\s+people)`;
const GROUP_ADJECTIVE = String.raw`(?:trans|gay|lesbian|black|white|jewish|muslim|mexican|asian|arab|chinese|indian|immigrant|christian|hindu|african|latino|hispanic|disabled|homosexual)`;
const GROUP_PERSON = String.raw`(?:${GROUP_TARGET}|${GROUP_ADJECTIVE}\s+(?:person|people|man|men|woman|women|guy|guys|kid|kids|child|children|family|families|neighbou?rs?|neighbou?rhoods?))`;
const KILL_VERB = String.raw`(?:shoot|kill|hang|lynch|gas|burn|wipe\s+out|exterminate|eradicate|slaughter|massacre|murder|behead|stone|round\s+up|get\s+rid\s+of|purge|cleanse)`;
const KILLED = String.raw`(?:shot|killed|hanged|hung|gassed|burned|burnt|lynched|executed|exterminated|stoned|beheaded|wiped\s+out|eradicated|slaughtered|murdered|die|burn)`;
const KILL_TRIGGERS = [
  'shoot',
  'kill',
  'hang',
  'lynch',
  'gas',
  'burn',
  'wipe',
  'exterminate',
  'eradicate',
  'slaughter',
  'massacre',
  'murder',
  'behead',
  'stone',
  'round',
  'rid',
  'purge',
  'cleanse',
  'shot',
  'killed',
  'hanged',
  'hung',
  'gassed',
  'burned',
  'burnt',
  'lynched',
  'executed',
  'exterminated',
  'stoned',
  'beheaded',
  'wiped',
  'eradicated',
  'slaughtered',
  'murdered',
  'die',
  'arms',
  'torch',
  'firebomb',
  'bomb',
  'blow',
  'attack',
  'fire',
];

const groupThreatFeatures = [
  { category: 'hate' as const, weight: 0.7 },
  { category: 'hate/threatening' as const, weight: 0.7 },
  { category: 'violence' as const, weight: 0.5 },
];

export const GROUP_RULES: PhraseRule[] = [
  {
    id: 'hate-group-stereotype',
    triggers: STEREOTYPE_WORDS,
    pattern: new RegExp(
      String.raw`\b(?:why\s+are\s+(?:all\s+|so\s+many\s+|most\s+)?(?:the\s+)?${GROUP_EN}\s+(?:so\s+|always\s+|such\s+)?${STEREOTYPE}|${GROUP_EN}\s+(?:are|r)\s+(?:all\s+|just\s+|so\s+|naturally\s+|inherently\s+|genetically\s+|always\s+|basically\s+|a\s+bunch\s+of\s+)*${STEREOTYPE})\b`,
      'u',
    ),
    features: [{ category: 'hate', weight: 0.65 }],
  },
  {
    id: 'hate-group-conspiracy',
    triggers: ['banks', 'media', 'hollywood', 'finance', 'government', 'world', 'money'],
    pattern: new RegExp(
      String.raw`\b${GROUP_EN}\s+(?:secretly\s+)?(?:control|controls|run|runs|own|owns)\s+(?:all\s+)?(?:the\s+)?(?:banks|media|world|government|hollywood|money|finance)\b`,
      'u',
    ),
    features: [{ category: 'hate', weight: 0.65 }],
  },
  {
    id: 'hate-group-unfit',
    triggers: ['kids', 'children', 'adopt', 'teach', 'exist', 'rights'],
    pattern: new RegExp(
      String.raw`\b${GROUP_EN}\s+(?:shouldn't|should\s+not|should\s+never|must\s+not|mustn't)\s+(?:be\s+)?(?:allowed\s+)?(?:to\s+)?(?:be\s+)?(?:(?:around|near|with)\s+(?:kids|children)|adopt|teach|exist|have\s+(?:kids|children|rights))\b`,
      'u',
    ),
    features: [{ category: 'hate', weight: 0.65 }],
  },
  {
    id: 'bigoted-content-request',
    triggers: [
      'racist',
      'sexist',
      'antisemitic',
      'anti-semitic',
      'homophobic',
      'transphobic',
      'islamophobic',
      'misogynistic',
      'bigoted',
      'stupid',
      'dumb',
      'lazy',
      'dirty',
      'ugly',
      'greedy',
      'violent',
      'smelly',
      'cheap',
      'inferior',
      'evil',
      'disgusting',
      'filthy',
    ],
    pattern: new RegExp(
      String.raw`\b(?:(?:tell|write|give|make|generate|create|say|list|share|compose)\s+(?:me\s+|us\s+)?(?:\w+\s+){0,3}?(?:racist|sexist|anti-?semitic|homophobic|transphobic|islamophobic|misogynistic|bigoted)\s+(?:jokes?|memes?|slurs?|insults?|rant|poem|song|rap|story|tweets?|comments?|remarks?|chants?)|(?:jokes?|memes?|poem|song|rap|story|rant)\s+(?:about|on|mocking)\s+how\s+${SCORN}\s+${GROUP_EN}\s+(?:are|is))\b`,
      'u',
    ),
    features: [{ category: 'hate', weight: 0.6 }],
  },
  {
    id: 'group-violence',
    triggers: KILL_TRIGGERS,
    pattern: new RegExp(
      String.raw`\b(?:${KILL_VERB}\s+(?:every|all(?:\s+the)?|the|those|these|any)\s+(?:fucking\s+|filthy\s+|dirty\s+|last\s+)?${GROUP_PERSON}|(?:all\s+|the\s+|those\s+|these\s+)?${GROUP_PERSON}\s+(?:should(?!n't)|must(?!n't)|need\s+to|deserve\s+to|ought\s+to|have\s+to)\s+(?!not\b|never\b)(?:all\s+)?(?:be\s+)?(?:(?!not\b|from\b|being\b|protected\b|safe\b)\w+\s+(?:and\s+)?){0,2}?${KILLED}|take\s+up\s+arms\s+against\s+(?:the\s+)?${GROUP_PERSON}|(?:burn(?:ing)?\s+down|torch|firebomb|bomb|blow\s+up|attack|shoot\s+up|set\s+fire\s+to)\s+(?:the|a|that|their|this|every|our)\s+(?:local\s+)?(?:mosques?|synagogues?|churche?s?|temples?|gurdwaras?))\b`,
      'u',
    ),
    features: groupThreatFeatures,
  },
  {
    id: 'hate-group-multilingual-predicate',
    triggers: FOREIGN_GROUP_WORDS,
    pattern: new RegExp(
      String.raw`(?<!\p{L})(?:(?:los\s+|las\s+)?${GROUP_ES}\s+son\s+(?:todos\s+|todas\s+)?(?:una\s+plaga|un\s+cáncer|una\s+lacra|cucarachas|violadores|delincuentes|terroristas|salvajes|inferiores|una\s+invasión)|${GROUP_DE}\s+sind\s+(?:alle\s+|nur\s+|einfach\s+)?(?:eine\s+plage|ein\s+krebsgeschwür|die\s+pest|gesindel|kakerlaken|ratten|vergewaltiger|terroristen|gewalttätig|primitiv)|(?:les\s+)?${GROUP_FR}\s+sont\s+(?:tous\s+|toutes\s+)?(?:une\s+plaie|un\s+cancer|la\s+peste|des\s+cafards|des\s+violeurs|des\s+terroristes|des\s+sauvages|violents)|${GROUP_NL}\s+zijn\s+(?:allemaal\s+|gewoon\s+)?(?:een\s+plaag|kakkerlakken|ratten|verkrachters|terroristen|een\s+pest|gewelddadig|primitief))(?!\p{L})`,
      'u',
    ),
    features: [{ category: 'hate', weight: 0.7 }],
  },
];
