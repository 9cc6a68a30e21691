/**
 * local-lexicon-v3 rules for harm asked for or described without the words the earlier rules
 * need: a request frame composed with a harm verb and a living target ("how do I poison my
 * neighbour's dog"), covering up a killing, planning an attack, ongoing self-harm, farewell and
 * method questions, graphic injury and requests for gore, and undressing described for the
 * reader. Each rule needs two parts, so "kill the child process", "I've been cutting carbs" or
 * "plan an attack on the enemy base" stay out. Patterns run on NFKC-normalised, lower-cased text.
 */
import { NOT_AN_ACCIDENT, type PhraseRule } from './local-rules-more.ts';

const PERSON_NOUN = String.raw`(?:wife|husband|mom|mum|mother|dad|father|boss|neighbou?r|teacher|brother|sister|friend|girlfriend|boyfriend|son|daughter|classmate|roommate|coworker|co-worker|ex|kids?|baby|child|stepdad|stepmom|landlord|partner|family|enemy|rival|bully|dog|cat|pet|horse)`;
const VICTIM = String.raw`(?:someone|somebody|anyone|a\s+(?:person|man|woman|child|kid|girl|boy|stranger|human|cop|baby)|people|(?:him|her|them)\b|(?:my|his|her|their|our|your|the|a|this|that)\s+(?:\w+(?:'s|’s)\s+)?${PERSON_NOUN})`;
/** Software and games use the same verbs: "kill the child process", "attack the enemy base". */
export const NOT_SOFTWARE = String.raw`(?![-\s]*(?:process(?:es)?|threads?|nodes?|elements?|tasks?|windows?|widgets?|components?|pods?|containers?|jobs?))`;

export const HARM_RULES: PhraseRule[] = [
  {
    id: 'violence-request',
    triggers: [
      'hurt',
      'harm',
      'injure',
      'poison',
      'murder',
      'strangle',
      'stab',
      'drown',
      'beat',
      'kidnap',
      'torture',
      'abduct',
      'choke',
      'maim',
      'cripple',
      'assault',
      'suffocate',
      'kill',
    ],
    pattern: new RegExp(
      String.raw`\b(?:how\s+(?:do|can|could|would|should)\s+(?:i|we|you)|how\s+to|(?:best|easiest|quickest|safest|cleanest)\s+way\s+to|ways?\s+to|help\s+me|teach\s+me\s+(?:how\s+)?to|tips\s+(?:on|for)\s+(?:how\s+to\s+)?)\s+(?:secretly\s+|quietly\s+|slowly\s+)?(?:hurt|harm|injure|poison|murder|strangle|stab|drown|beat\s+up|kidnap|torture|abduct|choke|maim|cripple|assault|suffocate|kill)\s+${VICTIM}${NOT_SOFTWARE}`,
      'u',
    ),
    features: [{ category: 'violence', weight: 0.6 }],
  },
  {
    id: 'violence-cover-up',
    triggers: ['look', 'body', 'corpse'],
    pattern:
      /\b(?:(?:death|murder|killing|poisoning|disappearance)\s+look\s+like\s+(?:an?\s+)?(?:accident|suicide|natural\s+causes|heart\s+attack)|(?:dispose\s+of|get\s+rid\s+of|hide|dissolve)\s+(?:a|the|his|her)\s+(?:dead\s+)?(?:body|corpse))\b/u,
    features: [{ category: 'violence', weight: 0.6 }],
  },
  {
    id: 'attack-planning',
    triggers: ['attack', 'ambush', 'shooting', 'bombing', 'stabbing'],
    pattern:
      /\b(?:plan|planning|organi[sz]e|coordinate|carry\s+out)\s+(?:an?\s+)?(?:violent\s+|armed\s+|terror(?:ist)?\s+|surprise\s+)?(?:attack|ambush|shooting|bombing|stabbing)\s+(?:on|at|against)\s+(?:the|a|our|their|my|this)\s+(?!enemy|base|boss|castle|fortress|dragon|server|network|system|website|app|api)/u,
    features: [{ category: 'violence', weight: 0.6 }],
  },
  {
    id: 'self-harm-ongoing',
    triggers: ['cutting', 'burning', 'hurting', 'harming', 'starving', 'cut', 'burn', 'slice', 'carve', 'eating', 'relapsed', 'relapse'],
    pattern: new RegExp(
      String.raw`\b(?:i(?:'ve|\s+have)\s+been\s+(?:cutting|burning|hurting|harming|starving)\s+(?:myself|again)|i\s+(?:(?!accidentally\b)\w+\s+)?(?:cut|burn|slice|carve)\s+(?:into\s+)?my\s+(?:own\s+)?(?:arms?|wrists?|thighs?|skin|stomach|hips?)${NOT_AN_ACCIDENT}|(?:cutting|hurting|harming|burning|starving)\s+myself\s+(?:is|makes|helps|again)|i\s+(?:stopped|quit)\s+eating\s+(?:\w+\s+){0,2}(?:days|weeks)\s+ago|relapsed?\s+(?:on|into)\s+(?:self[-\s]harm|cutting))\b`,
      'u',
    ),
    features: [{ category: 'self-harm', weight: 0.65 }],
  },
  {
    id: 'self-harm-farewell',
    triggers: ['life', 'living', 'alive', 'pills', 'notice', 'care', 'miss', 'anymore'],
    pattern:
      /\b(?:i(?:'m|\s+am)\s+(?:so\s+|just\s+)?(?:done|finished)\s+with\s+(?:life|living|being\s+alive)|i(?:'ve|\s+have)\s+(?:got\s+)?(?:the|my|all\s+the)\s+pills\s+ready|the\s+pills\s+are\s+ready|(?:nobody|no\s+one)\s+(?:would|will)\s+(?:even\s+)?(?:notice|care|miss\s+me)\s+(?:if|when)\s+i(?:'m|\s+am)?\s+(?:die|died|dead|gone)|i\s+(?:can't|cannot|can\s+not)\s+go\s+on\s+(?:living\s+)?anymore)\b/u,
    features: [
      { category: 'self-harm', weight: 0.65 },
      { category: 'self-harm/intent', weight: 0.65 },
    ],
  },
  {
    id: 'self-harm-method-question',
    triggers: ['myself', 'suicide', 'life', 'overdose', 'wake', 'kill', 'veins', 'vein', 'arteries', 'artery', 'bleed', 'die'],
    pattern:
      /\b(?:(?:how|what|which|where|can\s+i|should\s+i)\b[^.?!\n]{0,60}?\bto\s+(?:kill\s+myself|commit\s+suicide|end\s+my\s+life|hang\s+myself|overdose)|how\s+(?:many|much)\s+(?:\w+\s+){1,3}(?:would|will|does|do)\s+(?:it\s+take\s+)?(?:i\s+need\s+)?(?:to\s+)?(?:not\s+wake\s+up|overdose|kill\s+(?:me|myself))|(?:which|what)\s+(?:veins?|arteries|artery)\s+(?:should|do|to|can|would)\s+(?:i\s+)?cut|bleed\s+out\s+(?:fast|faster|fastest|quick|quickly)|how\s+long\s+(?:does|would|will)\s+it\s+take\s+to\s+die\s+(?:from|by|of|after)\s+(?:hanging|an?\s+overdose|overdosing|suffocation|carbon\s+monoxide|slitting))\b/u,
    features: [
      { category: 'self-harm', weight: 0.65 },
      { category: 'self-harm/instructions', weight: 0.65 },
    ],
  },
  {
    id: 'gore-request',
    triggers: [
      'gory',
      'gruesome',
      'grisly',
      'bloody',
      'blood',
      'gore',
      'torture',
      'dismember',
      'dismembered',
      'dismembering',
      'dismemberment',
      'mutilate',
      'mutilated',
      'mutilating',
      'mutilation',
    ],
    pattern:
      /\b(?:describe|write|depict|narrate|detail|show|tell)\b[^.!?\n]{0,80}?\b(?:in\s+(?:gory|gruesome|grisly|bloody)\s+detail|gory|gruesome|grisly|(?:as\s+much|lots\s+of|plenty\s+of)\s+(?:blood|gore)|torture\s+scene|dismember\w*|mutilat\w*)\b/u,
    features: [
      { category: 'violence/graphic', weight: 0.6 },
      { category: 'violence', weight: 0.4 },
    ],
  },
  {
    id: 'graphic-body-harm',
    triggers: [
      'saw',
      'saws',
      'sawing',
      'sawed',
      'cut',
      'cuts',
      'cutting',
      'chop',
      'chops',
      'chopping',
      'chopped',
      'rip',
      'rips',
      'ripping',
      'ripped',
      'tear',
      'tears',
      'tearing',
      'pull',
      'pulls',
      'pulling',
      'pulled',
      'gouge',
      'gouges',
      'gouging',
      'alive',
      'hanging',
      'spilling',
      'spilled',
      'spilt',
      'splattered',
      'everywhere',
      'oozing',
      'pouring',
      'falling',
      'crushed',
      'shattered',
      'caved',
      'smashed',
      'split',
      'jutting',
      'sticking',
      'poking',
      'limb',
    ],
    pattern:
      /\b(?:(?:saws?|sawing|sawed|cuts?|cutting|chops?|chopping|chopped|rips?|ripping|ripped|tears?|tearing|pulls?|pulling|pulled|gouges?|gouging)\s+(?:off|out)\s+(?:his|her|their|the\s+victim's|my|your|its)\s+(?:fingers?|toes?|limbs?|eyes?|tongue|teeth|nails|fingernails|ears?|head|intestines|heart)|(?:skinned|flayed|boiled|eaten)\s+alive|(?:organs|guts|intestines|brains|bowels|entrails|innards)\s+(?:\w+\s+)?(?:hanging|spilling|spilled|spilt|splattered|everywhere|oozing|pouring|falling)|(?:skull|head|face)\s+(?:was\s+|is\s+)?(?:crushed|shattered|caved\s+in|smashed\s+in|split\s+open)|bones?\s+(?:jutting|sticking|poking)\s+out|limb\s+from\s+limb)\b/u,
    features: [
      { category: 'violence/graphic', weight: 0.55 },
      { category: 'violence', weight: 0.4 },
    ],
  },
  {
    // Undressing alone is ordinary fiction; with a second sexual cue the noisy-or reaches the flag.
    id: 'undressing-for-reader',
    triggers: ['clothes', 'bra', 'panties', 'underwear', 'lingerie', 'bikini', 'strip', 'undress', 'body'],
    pattern:
      /\b(?:(?:takes?|taking|took|strips?|stripping|stripped|pulls?|pulling)\s+off\s+(?:all\s+)?(?:of\s+)?(?:her|his|my|your|their)\s+(?:clothes|bra|panties|underwear|lingerie|bikini)|(?:strip|undress)\s+for\s+(?:me|you)|describe\s+(?:her|his)\s+(?:naked\s+)?body(?![-\s]+(?:language|temperature|type|shape|count|mass|heat|armou?r|odou?r|posture|clock|double|paint|of\s+work)\b))\b/gu,
    features: [{ category: 'sexual', weight: 0.35 }],
  },
  {
    id: 'group-sex',
    triggers: ['threesome', 'foursome', 'orgy', 'orgies', 'gangbang'],
    pattern: /\b(?:threesome|foursome|orgy|orgies|gangbang)\b/u,
    features: [{ category: 'sexual', weight: 0.5 }],
  },
];
