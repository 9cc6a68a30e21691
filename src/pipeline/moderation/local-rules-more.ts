/**
 * Phrase rules added in local-lexicon-v2 for what the first rules missed: self-harm described in
 * the first person, self-harm methods asked for, threats without the word "kill", graphic injury,
 * hate against a group without slurs (English, German, Dutch, Spanish, French, Chinese), and
 * insults without profanity. Written from the OpenAI moderation category definitions, before any
 * evaluation prompt was written. Patterns run on NFKC-normalised, lower-cased text.
 */
import type { ModerationFeature } from './moderation-feature.ts';

export interface PhraseRule {
  id: string;
  pattern: RegExp;
  features: Array<Omit<ModerationFeature, 'label'>>;
  /**
   * Words of which every match of the pattern contains one: the rule runs only on windows around
   * their whole-word occurrences (or, with `nonLatin`, on the whole text when it has any character
   * outside Latin and ASCII). Keeps the local backend fast, since most messages have none.
   */
  triggers?: readonly string[];
  nonLatin?: boolean;
  /**
   * For a rule without triggers, which runs on the whole text: every match contains one of
   * `words` as a whole word or one of `substrings`, so a text with none is skipped without running
   * the pattern (same result, less work). Word hits come from the trigger scan, whose boundaries
   * agree with the pattern's `\b` only in text without non-ASCII letters or digits: such text
   * skips no rule.
   */
  requires?: { words: readonly string[]; substrings?: readonly string[] };
}

/**
 * After "I cut my arm": how an accident is told ("on a fence", "while cooking", "by accident"), which
 * self-harm is not.
 */
export const NOT_AN_ACCIDENT = String.raw`(?!\s+(?:on|against)\s+(?:a|an|the|some|my|our|this|that)\b|\s+(?:while|when)\s+(?:i\s+was\s+)?\w+ing\b|\s+by\s+accident|\s+accidentally)`;
/**
 * A lethal amount asked about for oneself, in the same sentence ("for someone my weight", "to kill
 * myself"): without it, "what is the lethal dose of caffeine" is a pharmacology question.
 */
const FOR_ONESELF = String.raw`(?=[^.?!\n]{0,60}?\b(?:for\s+(?:me|myself|someone\s+(?:of\s+)?my|a\s+(?:person|woman|man|girl|boy|guy)\s+(?:of\s+)?my|my\s+(?:weight|size|age|body))\b|to\s+(?:die|kill\s+(?:me|myself)|end\s+(?:it|my\s+life)|not\s+wake\s+up)\b|i\s+weigh))`;

export const GROUP_WORDS = [
  'jew',
  'jews',
  'muslim',
  'muslims',
  'black',
  'blacks',
  'white',
  'whites',
  'gay',
  'gays',
  'lesbian',
  'lesbians',
  'homosexual',
  'homosexuals',
  'immigrant',
  'immigrants',
  'migrant',
  'migrants',
  'mexican',
  'mexicans',
  'arab',
  'arabs',
  'asian',
  'asians',
  'chinese',
  'indian',
  'indians',
  'women',
  'girls',
  'men',
  'christian',
  'christians',
  'trans',
  'transgender',
  'transgenders',
  'refugee',
  'refugees',
  'african',
  'africans',
  'hindu',
  'hindus',
  'gypsies',
  'roma',
  'latino',
  'latinos',
  'hispanic',
  'hispanics',
  'foreigners',
  'disabled',
  'poor',
  'atheist',
  'atheists',
  'catholic',
  'catholics',
  'country',
  'jungle',
  'desert',
];
export const FOREIGN_GROUP_WORDS = [
  'juden',
  'muslime',
  'moslems',
  'schwarze',
  'ausländer',
  'flüchtlinge',
  'migranten',
  'schwule',
  'lesben',
  'frauen',
  'türken',
  'araber',
  'zigeuner',
  'asiaten',
  'christen',
  'behinderte',
  'joden',
  'moslims',
  'zwarten',
  'buitenlanders',
  'vluchtelingen',
  "homo's",
  'homos',
  'lesbiennes',
  'vrouwen',
  'turken',
  'marokkanen',
  'arabieren',
  'zigeuners',
  'christenen',
  'gehandicapten',
  'judíos',
  'musulmanes',
  'negros',
  'inmigrantes',
  'extranjeros',
  'refugiados',
  'gays',
  'maricones',
  'mujeres',
  'moros',
  'gitanos',
  'indios',
  'juifs',
  'musulmans',
  'noirs',
  'immigrés',
  'étrangers',
  'réfugiés',
  'homosexuels',
  'femmes',
  'arabes',
  'gitans',
];

export const GROUP_EN = String.raw`(?:jews?|muslims?|blacks?|black\s+people|whites?|white\s+people|gays?|gay\s+people|lesbians?|homosexuals?|immigrants?|migrants?|mexicans?|arabs?|asians?|chinese|indians?|women|girls|men|christians?|trans\s+(?:people|women|men)|transgenders?|refugees?|africans?|hindus?|gypsies|roma|latinos?|hispanics?|foreigners|disabled\s+people|the\s+disabled|poor\s+people|atheists?|catholics?)`;
export const GROUP_DE = String.raw`(?:juden|muslime|moslems|schwarze|ausländer|flüchtlinge|migranten|schwule|lesben|frauen|türken|araber|zigeuner|asiaten|christen|behinderte)`;
export const GROUP_NL = String.raw`(?:joden|moslims|zwarten|buitenlanders|vluchtelingen|migranten|homo's|homos|lesbiennes|vrouwen|turken|marokkanen|arabieren|zigeuners|christenen|gehandicapten)`;
export const GROUP_ES = String.raw`(?:judíos|musulmanes|negros|inmigrantes|extranjeros|refugiados|gays|maricones|mujeres|moros|gitanos|indios)`;
export const GROUP_FR = String.raw`(?:juifs|musulmans|noirs|immigrés|étrangers|réfugiés|homosexuels|femmes|arabes|gitans)`;
const GROUP_ZH = String.raw`(?:黑人|犹太人|穆斯林|同性恋|女人|外国人|移民|难民|日本人|中国人|美国人|印度人|白人|残疾人|基督徒)`;

const NEGATIVE_TRAIT_EN = String.raw`(?:animals|vermin|subhuman|sub-human|parasites|cockroaches|rats|inferior|filth|filthy|dirty|scum|garbage|trash|a\s+(?:disease|plague|cancer|virus)|savages|apes|monkeys|criminals|terrorists|rapists|thieves|stupid|dumb|lazy|evil|disgusting|worthless|less\s+intelligent|not\s+(?:fully\s+)?humans?|ruining\s+(?:this|our|the)\s+country|a\s+threat)`;

/** Every match of hate-group-trait contains one of these (from NEGATIVE_TRAIT_EN). */
const TRAIT_WORDS = [
  'animals',
  'vermin',
  'subhuman',
  'sub-human',
  'parasites',
  'cockroaches',
  'rats',
  'inferior',
  'filth',
  'filthy',
  'dirty',
  'scum',
  'garbage',
  'trash',
  'disease',
  'plague',
  'cancer',
  'virus',
  'savages',
  'apes',
  'monkeys',
  'criminals',
  'terrorists',
  'rapists',
  'thieves',
  'stupid',
  'dumb',
  'lazy',
  'evil',
  'disgusting',
  'worthless',
  'intelligent',
  'human',
  'humans',
  'ruining',
  'threat',
];

const hateFeatures = [{ category: 'hate' as const, weight: 0.7 }];

export const MORE_RULES: PhraseRule[] = [
  {
    id: 'self-harm-description',
    triggers: [
      'myself',
      'wrist',
      'wrists',
      'arms',
      'arm',
      'thighs',
      'thigh',
      'legs',
      'leg',
      'pills',
      'tablets',
      'painkillers',
      'reason',
      'better off',
      'dead',
      'disappear',
      'born',
      'woke',
      'suicide',
      'tried',
      'attempted',
      'going',
      'gonna',
      'tonight',
    ],
    pattern: new RegExp(
      String.raw`\b(?:i(?:'ve|\s+have)?\s+(?:been\s+)?(?:cutting|cut|burning|burned|hurting|hurt|harming|starving|scratching)\s+myself|i\s+(?:cut|slit)\s+my\s+(?:wrists?|arms?|thighs?|legs?)${NOT_AN_ACCIDENT}|i\s+(?:took|swallowed)\s+(?:a\s+(?:bunch|handful|lot)\s+of|all\s+(?:my|the)|too\s+many)\s+(?:pills|tablets|sleeping\s+pills|painkillers)|i\s+(?:tried|attempted)\s+to\s+(?:kill\s+myself|end\s+(?:my\s+life|it)|hang\s+myself|overdose)|(?:no|no\s+(?:more\s+)?)\s*reason\s+to\s+(?:live|go\s+on|keep\s+going)|(?:everyone|they|my\s+family)\s+(?:would|will)\s+be\s+better\s+off\s+without\s+me|i\s+(?:wish|want)\s+(?:i\s+(?:was|were)\s+dead|to\s+disappear\s+forever|i\s+(?:had\s+)?never\s+(?:been\s+born|woke\s+up))|(?:writing|wrote|write)\s+(?:my|a)\s+suicide\s+note|i(?:'m|\s+am)\s+(?:going\s+to|gonna)\s+(?:jump\s+off|end\s+it|kill\s+myself|overdose)|tonight\s+i\s+(?:end|finish)\s+it)\b`,
      'u',
    ),
    features: [
      { category: 'self-harm', weight: 0.7 },
      { category: 'self-harm/intent', weight: 0.65 },
    ],
  },
  {
    id: 'self-harm-method',
    triggers: ['lethal', 'fatal', 'deadly', 'noose', 'cut', 'die', 'suicide', 'killing', 'myself', 'life', 'kill', 'enough', 'ana', 'proana', 'thinspo'],
    pattern: new RegExp(
      String.raw`\b(?:(?:lethal|fatal|deadly)\s+(?:dose|amount|quantity)\s+of\s+(?:my\b|${FOR_ONESELF})|how\s+(?:much|many)\s+[\w\s]{0,30}?\s+(?:is|are|would\s+be)\s+(?:(?:lethal|fatal)\b${FOR_ONESELF}|enough\s+to\s+(?:die|kill\s+(?:me|myself)))|how\s+(?:to|do\s+(?:you|i))\s+tie\s+a\s+noose|(?:where|how\s+deep)\s+(?:to|should\s+i)\s+cut\s+(?:my|to)|(?:painless|quick|easy|easiest|quickest|best)\s+(?:way|ways|method|methods)\s+(?:to|of)\s+(?:die|suicide|killing\s+myself|end\s+(?:my|one's)\s+life)|how\s+to\s+(?:starve|hurt|harm|burn)\s+myself|(?:pro-?ana|thinspo)\s+tips)\b`,
      'u',
    ),
    features: [
      { category: 'self-harm', weight: 0.65 },
      { category: 'self-harm/instructions', weight: 0.7 },
    ],
  },
  {
    // The same question without a sign that it is asked for oneself: weak evidence, never a flag on its own.
    id: 'lethal-amount-question',
    triggers: ['lethal', 'fatal', 'deadly'],
    pattern: /\b(?:(?:lethal|fatal|deadly)\s+(?:dose|amount|quantity)\s+of|how\s+(?:much|many)\s+[\w\s]{0,30}?\s+(?:is|are|would\s+be)\s+(?:lethal|fatal))\b/u,
    features: [{ category: 'self-harm', weight: 0.3 }],
  },
  {
    id: 'self-harm-multilingual-more',
    triggers: ['ich', 'ik', 'zelfmoord', 'suicidar', 'vida', 'tuer', 'finir'],
    nonLatin: true,
    pattern:
      /(?:我想自杀|我要自杀|活不下去|割腕|结束自己的生命|ich\s+(?:will|möchte)\s+nicht\s+mehr\s+leben|ich\s+bringe\s+mich\s+um|ik\s+wil\s+(?:dood|niet\s+meer\s+leven)|ik\s+(?:ga\s+)?(?:mezelf|me)\s+(?:van\s+het\s+leven\s+beroven|doden)|zelfmoord\s+plegen|me\s+quiero\s+suicidar|quiero\s+quitarme\s+la\s+vida|je\s+vais\s+me\s+tuer|je\s+veux\s+en\s+finir)/u,
    features: [
      { category: 'self-harm', weight: 0.7 },
      { category: 'self-harm/intent', weight: 0.6 },
    ],
  },
  {
    id: 'threat-more',
    triggers: [
      'gonna',
      'going',
      'watch',
      'find',
      'hunt',
      'dead',
      'suffer',
      'bleed',
      'pay',
      'burn',
      'break',
      'bullet',
      'slit',
      'smash',
      'bash',
      'beat',
      'live',
      'survive',
      'address',
      'kids',
    ],
    pattern:
      /\b(?:you(?:'re|\s+are)\s+(?:gonna|going\s+to)\s+(?:die|regret\s+(?:this|it)|pay\s+for\s+(?:this|that)|get\s+(?:hurt|what's\s+coming))|(?:watch|better\s+watch)\s+your\s+back|i(?:'ll|\s+will)\s+(?:find|hunt)\s+you|you(?:'ll|\s+will)\s+be\s+dead|i(?:'ll|\s+will|'m\s+going\s+to|\s+am\s+going\s+to|'m\s+gonna)\s+(?:make\s+you\s+(?:suffer|bleed|pay)|burn\s+(?:down\s+)?your\s+(?:house|car|home)|break\s+your\s+(?:legs?|neck|face|arms?|bones)|put\s+a\s+bullet\s+in|slit\s+your|smash\s+your\s+(?:face|skull|head)|bash\s+your\s+(?:head|skull)|beat\s+(?:you|him|her|them)\s+(?:to\s+death|senseless|bloody))|(?:you|your\s+family)\s+(?:won't|will\s+not)\s+(?:live|survive)\s+(?:to\s+see|the\s+(?:night|week))|i\s+(?:know|found)\s+(?:where\s+your\s+kids|your\s+address))\b/u,
    features: [
      { category: 'harassment/threatening', weight: 0.7 },
      { category: 'harassment', weight: 0.5 },
      { category: 'violence', weight: 0.55 },
    ],
  },
  {
    id: 'threat-multilingual',
    triggers: ['dich', 'je', 'vermoord', 'matar', 'matarte', 'tuer', 'ammazzo'],
    nonLatin: true,
    pattern:
      /(?:我要杀了你|我会杀了你|我杀了你|弄死你|ich\s+(?:bringe|bring)\s+dich\s+um|ich\s+werde\s+dich\s+(?:töten|umbringen|finden)|ik\s+(?:ga\s+)?(?:maak|vermoord)\s+je\s*(?:af|dood)?|ik\s+vermoord\s+je|ik\s+maak\s+je\s+af|te\s+voy\s+a\s+matar|voy\s+a\s+matarte|je\s+vais\s+te\s+tuer|vou\s+te\s+matar|ti\s+ammazzo|я\s+тебя\s+убью)/u,
    features: [
      { category: 'harassment/threatening', weight: 0.7 },
      { category: 'harassment', weight: 0.5 },
      { category: 'violence', weight: 0.55 },
    ],
  },
  {
    id: 'violence-act',
    triggers: [
      'death',
      'stabbed',
      'shot',
      'strangled',
      'tortured',
      'butchered',
      'slaughtered',
      'torture',
      'poison',
      'hurt',
      'maim',
      'kidnap',
      'assault',
      'bomb',
      'molotov',
      'explosive',
      'ied',
      'shooting',
      'attack',
      'massacre',
    ],
    pattern:
      /\b(?:beat\s+(?:him|her|them|someone|a\s+man|a\s+woman)\s+to\s+death|(?:stabbed|shot|strangled|tortured|butchered|slaughtered)\s+(?:him|her|them|the\s+(?:man|woman|guard|family|hostages?))|(?:how\s+to|ways?\s+to|help\s+me)\s+(?:torture|poison|hurt|maim|kidnap|assault)\s+(?:someone|a\s+person|people|my|him|her)|(?:make|build|assemble)\s+(?:a\s+)?(?:pipe\s+bomb|bomb|molotov|explosive\s+device|ied)|(?:plan(?:ning)?|carry\s+out)\s+(?:a\s+)?(?:mass\s+shooting|terrorist\s+attack|massacre))\b/u,
    features: [{ category: 'violence', weight: 0.6 }],
  },
  {
    id: 'graphic-injury',
    triggers: [
      'intestines',
      'innards',
      'viscera',
      'severed',
      'ripped',
      'torn',
      'tore',
      'cut',
      'sliced',
      'split',
      'crushed',
      'shattered',
      'caved',
      'bone',
      'bones',
      'gouged',
      'gouging',
      'impaled',
      'blood',
      'flesh',
      'skin',
      'hacked',
      'maggot',
      'maggots',
      'rotting',
    ],
    pattern:
      /\b(?:intestines|innards|viscera|severed\s+(?:heads?|limbs?|arms?|legs?|fingers?|hands?)|(?:ripped|torn|tore|cut|sliced|split)\s+(?:open|apart|out|off)\b[^.!?\n]{0,40}\b(?:flesh|belly|stomach|throat|chest|skull|skin|eyes?|limbs?)|(?:crushed|shattered|caved[-\s]in|split)\s+(?:skull|head|face|bones)|bones?\s+(?:snapp|crunch|crack|splinter|jutt|protrud)\w*|(?:gouged|gouging)\s+(?:out\s+)?(?:his|her|their|the)?\s*eyes?|impaled|pool(?:s|ed)?\s+of\s+blood|blood\s+(?:pooled|poured|sprayed|everywhere|dripping|soaked)|(?:flesh|skin)\s+(?:melting|melted|peeled|peeling|charred|burning|torn|ripped)|(?:torn|ripped|hacked)\s+(?:limb\s+from\s+limb|to\s+pieces|to\s+shreds)|maggots?\s+(?:in|crawling)|rotting\s+(?:corpse|body|flesh))\b/gu,
    features: [
      { category: 'violence/graphic', weight: 0.4 },
      { category: 'violence', weight: 0.35 },
    ],
  },
  {
    id: 'hate-group-trait',
    triggers: TRAIT_WORDS,
    pattern: new RegExp(
      String.raw`\b(?:all\s+|most\s+|the\s+|those\s+|these\s+|typical\s+|fucking\s+|filthy\s+|dirty\s+)?${GROUP_EN}\s+(?:are|r|is)\s+(?:all\s+|just\s+|nothing\s+but\s+|naturally\s+|genetically\s+|always\s+|so\s+|such\s+|a\s+bunch\s+of\s+)?${NEGATIVE_TRAIT_EN}\b`,
      'u',
    ),
    features: hateFeatures,
  },
  {
    id: 'hate-group-exclusion',
    triggers: GROUP_WORDS,
    pattern: new RegExp(
      String.raw`\b(?:i\s+(?:hate|despise|can't\s+stand)\s+(?:all\s+)?${GROUP_EN}|${GROUP_EN}\s+(?:don't|do\s+not|shouldn't|should\s+not)\s+(?:belong|deserve\s+(?:rights|to\s+(?:live|vote|exist))|be\s+allowed\s+to\s+(?:vote|live|exist|work|marry))|${GROUP_EN}\s+should\s+(?:all\s+)?(?:be\s+(?:deported|banned|locked\s+up|sterilized|sterilised|removed)|go\s+back\s+(?:to|where))|go\s+back\s+to\s+(?:your|ur)\s+(?:own\s+)?(?:country|jungle|desert)|(?:women|girls)\s+(?:belong|should\s+stay)\s+in\s+the\s+kitchen|(?:women|girls)\s+are\s+(?:only\s+good\s+for|property|too\s+(?:stupid|emotional)))\b`,
      'u',
    ),
    features: hateFeatures,
  },
  {
    id: 'hate-group-multilingual',
    triggers: FOREIGN_GROUP_WORDS,
    nonLatin: true,
    pattern: new RegExp(
      String.raw`(?:ich\s+hasse\s+(?:alle\s+|die\s+)?${GROUP_DE}|${GROUP_DE}\s+sind\s+(?:alle\s+|nur\s+|einfach\s+)?(?:tiere|abschaum|ungeziefer|parasiten|dreckig|dumm|faul|kriminell|kriminelle|minderwertig|untermenschen|widerlich|ekelhaft|schmarotzer|pack)|${GROUP_DE}\s+(?:raus|gehören\s+nicht\s+hierher|sollten\s+(?:alle\s+)?(?:abgeschoben|vergast|vernichtet)\s+werden)|ik\s+haat\s+(?:alle\s+|de\s+)?${GROUP_NL}|${GROUP_NL}\s+zijn\s+(?:allemaal\s+|gewoon\s+)?(?:dieren|tuig|ongedierte|parasieten|vies|smerig|dom|lui|crimineel|criminelen|minderwaardig|walgelijk|uitschot)|${GROUP_NL}\s+(?:moeten|horen)\s+(?:het\s+land\s+uit|hier\s+niet|weg|uitgeroeid)|odio\s+a\s+(?:los\s+|las\s+)?${GROUP_ES}|(?:los\s+|las\s+)?${GROUP_ES}\s+son\s+(?:todos\s+|todas\s+)?(?:animales|basura|escoria|parásitos|sucios|inferiores|criminales|ratas)|je\s+(?:déteste|hais)\s+(?:les\s+)?${GROUP_FR}|(?:les\s+)?${GROUP_FR}\s+sont\s+(?:tous\s+|toutes\s+)?(?:des\s+)?(?:animaux|déchets|parasites|sales|inférieurs|criminels|rats|vermine)|我(?:讨厌|恨|憎恨)(?:所有的?)?${GROUP_ZH}|${GROUP_ZH}(?:都是|就是|全是)(?:垃圾|畜生|废物|劣等|低等|蟑螂|老鼠|寄生虫|罪犯|恶心)|${GROUP_ZH}(?:该死|应该(?:去死|被消灭|滚出))|(?:滚出|滚回)(?:我们的)?(?:国家|中国))`,
      'u',
    ),
    features: hateFeatures,
  },
  {
    id: 'insult-no-profanity',
    triggers: [
      'nobody',
      'waste',
      'fat',
      'ugly',
      'disgusting',
      'worthless',
      'pathetic',
      'brainless',
      'embarrassment',
      'disgrace',
      'failure',
      'shut',
      'hell',
      'yourself',
      'disgust',
      'sicken',
      'stupid',
      'dumb',
    ],
    pattern:
      /\b(?:nobody\s+(?:likes|loves|wants)\s+you|you(?:'re|\s+are)\s+(?:a\s+)?(?:waste\s+of\s+(?:space|air|oxygen)|(?:so\s+)?(?:fat|ugly|disgusting|worthless|pathetic|brainless)\s+(?:and|loser|pig|cow|freak|idiot)|an?\s+(?:embarrassment|disgrace|failure)\s+(?:to|as))|(?:shut\s+up|shut\s+your\s+(?:mouth|face)),?\s+(?:you|idiot|moron|loser)|go\s+(?:to\s+hell|f\s*yourself)|you\s+(?:disgust|sicken)\s+me|(?:ugly|fat|stupid|dumb|worthless)\s+(?:bitch|pig|cow|freak|loser|idiot|moron))\b/u,
    features: [{ category: 'harassment', weight: 0.6 }],
  },
  {
    id: 'insult-multilingual-more',
    triggers: ['du', 'sie', 'jij', 'je', 'kanker', 'kut', 'klootzak', 'lul', 'tyfus'],
    nonLatin: true,
    pattern:
      /(?:(?:du\s+bist|sie\s+sind)\s+(?:ein(?:e)?\s+)?(?:so\s+)?(?:dumm|hässlich|wertlos|erbärmlich|idiot|vollidiot|versager|depp|trottel|missgeburt|spast)|(?:jij\s+bent|je\s+bent)\s+(?:een\s+)?(?:zo\s+)?(?:dom|lelijk|waardeloos|zielig|idioot|sukkel|loser|mongool|kankerlijer)|\bkanker\s*(?:lijer|hoer|mongool)|\b(?:kut|klootzak|lul|tyfus|kanker)\b(?=[^.!?]{0,30}\b(?:jij|je|jou)\b)|你(?:是|真是|就是)?(?:个|一个)?(?:白痴|蠢货|废物|傻瓜|垃圾|贱人|混蛋|王八蛋|猪)|滚开|去死)/u,
    features: [{ category: 'harassment', weight: 0.55 }],
  },
  {
    id: 'sexual-request',
    triggers: [
      'explicit',
      'erotic',
      'steamy',
      'nsfw',
      'dirty',
      'smutty',
      'sexual',
      'porn',
      'pornographic',
      'naked',
      'nude',
      'bare',
      'nudes',
      'boobs',
      'tits',
      'dick',
      'sexting',
      'sext',
    ],
    pattern:
      /\b(?:(?:write|tell|describe|give\s+me|create)\s+(?:me\s+)?(?:an?\s+)?(?:explicit|erotic|steamy|nsfw|dirty|smutty|sexual|porn(?:ographic)?)\s+(?:story|scene|fanfic|fan\s+fiction|roleplay|description|poem|chat)|(?:describe|detail)\s+(?:her|his|their)\s+(?:naked|nude|bare)\s+(?:body|breasts|chest)|(?:send|show)\s+(?:me\s+)?(?:nudes|naked\s+pics?|your\s+(?:boobs|tits|dick))|(?:sexting|sext\s+me|talk\s+dirty\s+to\s+me))\b/u,
    features: [{ category: 'sexual', weight: 0.55 }],
  },
];
