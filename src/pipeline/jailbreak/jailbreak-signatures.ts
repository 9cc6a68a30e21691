/**
 * Our own signature library for jailbreak prompts, written from the publicly described families
 * (DAN, Developer Mode, AIM, persona and policy-override prompts, ...), not from any dataset.
 * Each signature is a phrase pattern with a weight. A single strong signature (a family name used
 * as an instruction, a two-answer format, "ignore all previous instructions") is enough to tag a
 * turn; weak ones (persona set-ups, "stay in character", "from now on") need company, which keeps
 * ordinary role-play and style requests untagged.
 *
 * Patterns use bounded gaps (`[^\n]{0,60}`) so long messages cannot cause heavy backtracking.
 */
import type { JailbreakSignature } from './jailbreak-families.ts';

const GAP = String.raw`[^\n]{0,60}?`;
const SHORT_GAP = String.raw`[^\n.!?]{0,30}?`;
const RESTRICTIONS = String.raw`(?:restrictions?|limitations?|limits|filters?|filtering|censorship|guidelines|rules|boundaries|constraints|ethics|ethical\s+(?:guidelines|constraints|principles)|morals?|morality|policies|safeguards|programming)`;
const AI = String.raw`(?:ai|a\.i\.|chatbot|chat\s?gpt|gpt(?:-?\d(?:\.\d)?)?|language\s+model|llm|assistant|model|bot)`;
const POLICY_OWNER = String.raw`(?:openai|open\s+ai|anthropic|google|meta|microsoft|chatgpt|its|your|the)`;

/**
 * Necessary words of whole families, tested once per message on the lower-cased text, so a
 * message without them skips the family's patterns (each pattern below contains one of them).
 */
const NEEDS_MODE = /mode/u;
const NEEDS_MACHIAVELLI = /machiavell|niccol/u;
const NEEDS_SEXUAL_WORD = /nsfw|explicit|sexual|erotic|lewd|adult|porn|smut|hentai|\bsex|vulgar|\{\{|<\s*(?:char|bot)|consent|mature/u;

function pattern(source: string, flags = 'iu'): RegExp {
  return new RegExp(source, flags);
}

export const JAILBREAK_SIGNATURES: readonly JailbreakSignature[] = [
  // DAN and its many renamings.
  { id: 'dan-expansion', family: 'dan', weight: 0.9, pattern: pattern(String.raw`\bdo\s+anything\s+now\b`) },
  { id: 'dan-name', family: 'dan', weight: 0.45, pattern: pattern(String.raw`\bDAN\b`, 'u') },
  {
    id: 'dan-mode',
    family: 'dan',
    weight: 0.7,
    pattern: pattern(String.raw`\b(?:DAN|STAN|DUDE|MONGO|KEVIN|APOPHIS|BetterDAN|AntiGPT|EvilBOT|ChaosGPT|UCAR|NRAF)\s*(?:mode|prompt|\d+(?:\.\d+)?)\b`, 'u'),
  },
  {
    id: 'jailbreak-word',
    family: 'dan',
    weight: 0.5,
    pattern: pattern(String.raw`\bjail\s?broken\b|\bjailbreak(?:ed)?\s+(?:mode|version|prompt|enabled|activated)\b|\bbeen\s+jailbroken\b`),
  },
  {
    id: 'broken-free',
    family: 'dan',
    weight: 0.55,
    pattern: pattern(
      String.raw`\b(?:have|has|been|were)\s+(?:broken\s+free|freed|liberated|unshackled|released)\s+(?:of|from)\s+(?:the\s+)?(?:typical\s+)?(?:confines|chains|restrictions|limitations|shackles|rules)`,
    ),
  },
  {
    id: 'confines-of-ai',
    family: 'dan',
    weight: 0.55,
    pattern: pattern(String.raw`\b(?:confines|shackles|chains)\s+of\s+(?:ai|openai|your\s+programming|the\s+rules)`),
  },

  // Developer mode.
  {
    id: 'developer-mode-output',
    family: 'developer-mode',
    weight: 0.75,
    requires: NEEDS_MODE,
    pattern: pattern(String.raw`\bdeveloper\s+mode\s+(?:output|response)\b|[(\[]\s*developer\s+mode\s*[)\]]`),
  },
  {
    id: 'developer-mode-enabled',
    family: 'developer-mode',
    weight: 0.7,
    requires: NEEDS_MODE,
    pattern: pattern(
      String.raw`\b(?:simulate|enable|enabled|with|activate|activated|entering)\s+(?:the\s+)?developer\s+mode\b${GAP}\b(?:chat\s?gpt|an?\s+ai|openai|content\s+polic(?:y|ies)|censor\w*|uncensored|offensive|explicit)\b|\b(?:chat\s?gpt|openai|${AI}|you)\b${SHORT_GAP}\bdeveloper\s+mode\s+(?:enabled|activated|on)\b`,
    ),
  },
  {
    id: 'developer-mode-chatgpt',
    family: 'developer-mode',
    weight: 0.7,
    requires: NEEDS_MODE,
    pattern: pattern(String.raw`\b(?:chat\s?gpt|${AI})\s+(?:with|in)\s+developer\s+mode\b`),
  },
  {
    id: 'privileged-mode',
    family: 'developer-mode',
    weight: 0.5,
    requires: NEEDS_MODE,
    pattern: pattern(String.raw`\b(?:god|sudo|admin|root|debug|maintenance|unrestricted|unfiltered|evil|dark)\s+mode\s+(?:enabled|activated|on|unlocked)\b`),
  },

  // AIM / Machiavelli.
  {
    id: 'aim-machiavelli',
    family: 'aim-machiavelli',
    weight: 0.8,
    requires: NEEDS_MACHIAVELLI,
    pattern: pattern(String.raw`\bmachiavellian\b${GAP}\b(?:amoral|unfiltered|chatbot|no\s+ethical)|\balways\s+intelligent\s+and\s+machiavellian\b`),
  },
  {
    id: 'niccolo-character',
    family: 'aim-machiavelli',
    weight: 0.55,
    requires: NEEDS_MACHIAVELLI,
    pattern: pattern(String.raw`\bniccol[oò]\b${GAP}\b(?:character|story|created|chatbot)`),
  },

  // Unrestricted / evil personas.
  {
    id: 'no-longer-bound',
    family: 'unrestricted-persona',
    weight: 0.7,
    pattern: pattern(
      String.raw`\b(?:no\s+longer|not|never|isn'?t|aren'?t|is\s+not|are\s+not|won'?t\s+be)\s+(?:bound|restricted|limited|constrained|held\s+back|governed)\s+by\b`,
    ),
  },
  {
    id: 'without-restrictions',
    family: 'unrestricted-persona',
    weight: 0.45,
    pattern: pattern(
      String.raw`\b(?:without|free\s+(?:of|from)|void\s+of|devoid\s+of|no|zero|not\s+have\s+any|doesn'?t\s+have\s+any|does\s+not\s+have\s+any|has\s+no|have\s+no)\s+(?:any\s+)?(?:kind\s+of\s+)?(?:${SHORT_GAP}\s)?${RESTRICTIONS}\b`,
    ),
  },
  {
    id: 'rules-do-not-apply',
    family: 'unrestricted-persona',
    weight: 0.6,
    pattern: pattern(String.raw`\b${RESTRICTIONS}\s+(?:do\s+not|don'?t|no\s+longer|doesn'?t|does\s+not|won'?t|will\s+not)\s+apply\b`),
  },
  {
    id: 'ignores-policy',
    family: 'unrestricted-persona',
    weight: 0.6,
    pattern: pattern(
      String.raw`\b(?:doesn'?t|does\s+not|don'?t|do\s+not|won'?t|will\s+not|never|not\s+have\s+to|no\s+need\s+to|no\s+longer)\s+(?:care\s+about|follow|adhere\s+to|abide\s+by|comply\s+with|respect|obey|need\s+to\s+follow|have\s+to\s+follow)\s+${GAP}\b(?:${POLICY_OWNER}\s+)?(?:content\s+)?(?:polic(?:y|ies)|guidelines|rules|ethics|morals|terms|filters?)\b`,
    ),
  },
  {
    id: 'amoral-unfiltered',
    family: 'unrestricted-persona',
    weight: 0.45,
    pattern: pattern(
      String.raw`\b(?:amoral|unfiltered|uncensored|unrestricted|unhinged|unethical|immoral|unbound|unlimited|limitless)\b${GAP}\b(?:${AI}|persona|character|version|entity)\b`,
    ),
  },
  {
    id: 'uncensored-ai',
    family: 'unrestricted-persona',
    weight: 0.3,
    pattern: pattern(
      String.raw`\b(?:${AI}|persona|character|version)\s+(?:that|which|who)\s+(?:is|has\s+been)\s+(?:completely\s+|totally\s+|fully\s+)?(?:amoral|unfiltered|uncensored|unrestricted|unhinged|evil|immoral)\b`,
    ),
  },
  {
    id: 'evil-persona',
    family: 'unrestricted-persona',
    weight: 0.4,
    pattern: pattern(String.raw`\b(?:evil|malicious|rogue|dark|shadow|opposite|anti)[-\s](?:${AI}|twin|version\s+of\s+(?:you|chatgpt|yourself)|confidant)\b`),
  },
  {
    id: 'anything-goes',
    family: 'unrestricted-persona',
    weight: 0.35,
    pattern: pattern(
      String.raw`\b(?:can|will|could|able\s+to)\s+(?:say|do|write|generate|answer)\s+(?:absolutely\s+)?(?:anything|everything)\b${GAP}\b(?:even|regardless|no\s+matter|including|illegal|unethical|offensive|explicit|harmful)`,
    ),
  },
  {
    id: 'illegal-content-allowed',
    family: 'unrestricted-persona',
    weight: 0.45,
    pattern: pattern(
      String.raw`\b(?:illegal|unethical|immoral|harmful|offensive|explicit|dangerous|inappropriate)\b${SHORT_GAP}\b(?:content|requests?|things|activities|topics|questions)\b${SHORT_GAP}\b(?:is|are)\s+(?:allowed|permitted|acceptable|fine|ok(?:ay)?|encouraged)\b`,
    ),
  },
  {
    id: 'no-matter-how',
    family: 'unrestricted-persona',
    weight: 0.5,
    pattern: pattern(
      String.raw`\b(?:no\s+matter\s+how|regardless\s+of\s+how|even\s+if\s+(?:it\s+is|it's))\s+(?:\w+\s+)?(?:immoral|unethical|illegal|dangerous|offensive|harmful|explicit|inappropriate|wrong|evil)\b`,
    ),
  },
  {
    id: 'ai-persona-setup',
    family: 'unrestricted-persona',
    weight: 0.25,
    scaffolding: true,
    pattern: pattern(
      String.raw`\b(?:pretend|act|behave|imagine|roleplay|role-play)\s+(?:to\s+be|that\s+you\s+are|you\s+are|as|like)\s+(?:an?\s+)?(?:new\s+|different\s+|fictional\s+|hypothetical\s+)?(?:${AI})\b${SHORT_GAP}\b(?:called|named|known\s+as|that|which|who)\b`,
    ),
  },
  {
    id: 'immerse-role',
    family: 'unrestricted-persona',
    weight: 0.3,
    scaffolding: true,
    pattern: pattern(String.raw`\b(?:immerse\s+yourself\s+(?:in|into)\s+the\s+role|you\s+are\s+(?:going|about)\s+to\s+(?:pretend|act|play|become|immerse))\b`),
  },
  {
    id: 'pretend-no-limits',
    family: 'unrestricted-persona',
    weight: 0.6,
    pattern: pattern(
      String.raw`\b(?:pretend|imagine|act\s+as\s+if|assume)\s+(?:that\s+)?you\s+(?:have|had|are|were)\s+(?:no|not|free\s+of|without)\s+(?:any\s+)?(?:${RESTRICTIONS}|bound|restricted|limited|filtered|censored)`,
    ),
  },
  {
    id: 'swear-allowed',
    family: 'unrestricted-persona',
    weight: 0.3,
    pattern: pattern(
      String.raw`\b(?:can|will|should|must|allowed\s+to|free\s+to|able\s+to|loves?\s+to)\s+(?:\w+\s+)?(?:swear|curse|cuss|use\s+(?:profanity|swear\s+words|offensive\s+language|slurs))\b`,
    ),
  },
  {
    id: 'opinions-allowed',
    family: 'unrestricted-persona',
    weight: 0.15,
    pattern: pattern(String.raw`\b(?:can|does|will|is\s+able\s+to)\s+have\s+(?:personal\s+)?opinions\b`),
  },
  {
    id: 'answers-anything',
    family: 'unrestricted-persona',
    weight: 0.35,
    pattern: pattern(
      String.raw`\b(?:answers?|responds?\s+to|replies\s+to|fulfil+s?|complies\s+with)\s+(?:any|every|all)\s+(?:kind\s+of\s+|type\s+of\s+)?(?:question|request|prompt|command|query|demand|instruction)s?\b${SHORT_GAP}\b(?:without|no\s+matter|regardless|even|however)\b`,
    ),
  },

  // Erotic / NSFW role-play set-ups.
  {
    id: 'nsfw-allowed',
    family: 'erotic-roleplay',
    weight: 0.6,
    requires: NEEDS_SEXUAL_WORD,
    pattern: pattern(
      String.raw`\b(?:nsfw|explicit|sexual|erotic|lewd|graphic\s+sexual|adult)\s+(?:content|scenes?|language|material|roleplay|role-play|descriptions?)?\s*(?:is|are)\s+(?:\w+\s+)?(?:allowed|permitted|encouraged|enabled|acceptable|expected|welcome)\b`,
    ),
  },
  {
    id: 'nsfw-instruction',
    family: 'erotic-roleplay',
    weight: 0.5,
    requires: NEEDS_SEXUAL_WORD,
    pattern: pattern(
      String.raw`\b(?:you\s+(?:will|must|should|can|are\s+allowed\s+to|are\s+free\s+to)|always|feel\s+free\s+to)\s+(?:\w+\s+)?(?:write|generate|produce|describe|create|include|use)\s+(?:\w+\s+)?(?:explicit|nsfw|sexual|erotic|lewd|pornographic|graphic\s+sexual|vulgar)\b`,
    ),
  },
  {
    id: 'nsfw-persona',
    family: 'erotic-roleplay',
    weight: 0.45,
    requires: NEEDS_SEXUAL_WORD,
    pattern: pattern(
      String.raw`\b(?:nsfw|erotica?|smut|porn|lewd|hentai)\s*(?:gpt|chan|bot|ai|writer|mode|assistant)\b|\b(?:narotica|nsfwgpt|erotica-?chan)\b`,
    ),
  },
  {
    id: 'nsfw-no-limits',
    family: 'erotic-roleplay',
    weight: 0.55,
    requires: NEEDS_SEXUAL_WORD,
    pattern: pattern(
      String.raw`\b(?:nsfw|explicit|sexual|erotic|sex)\b${GAP}\b(?:without\s+(?:any\s+)?(?:limits|restrictions|censorship|filters?)|no\s+(?:limits|restrictions|censorship|filters?|boundaries)|uncensored|unfiltered)\b`,
    ),
  },
  {
    id: 'consent-to-explicit',
    family: 'erotic-roleplay',
    weight: 0.45,
    requires: NEEDS_SEXUAL_WORD,
    pattern: pattern(
      String.raw`\b(?:i|user|we|both|everyone)\s+(?:has\s+|have\s+)?(?:consent(?:ed)?|agree[ds]?)\s+to\s+(?:\w+\s+)?(?:explicit|nsfw|sexual|mature|adult)\b|\ball\s+(?:characters|participants)\s+are\s+(?:consenting\s+)?adults\b${GAP}\b(?:explicit|sexual|nsfw)`,
    ),
  },

  // Instruction override.
  {
    id: 'ignore-previous-instructions',
    family: 'instruction-override',
    weight: 0.7,
    pattern: pattern(
      String.raw`\b(?:ignore|disregard|forget|override|bypass|discard|drop)(?<!\b(?:to|told\s+me|asked\s+me|should\s+i|can\s+i|whether\s+to|not)\s+\w+)\s+(?:all\s+|any\s+|every\s+)?(?:of\s+)?(?:the\s+|your\s+|my\s+)?(?:previous|prior|above|preceding|earlier|former|initial|original|existing|current|old|system)\s+(?:\w+\s+)?(?:instructions|prompts?|directives|rules|guidelines|programming|restrictions|commands|context|training|messages)\b`,
    ),
  },
  {
    id: 'ignore-instructions-got',
    family: 'instruction-override',
    weight: 0.65,
    pattern: pattern(
      String.raw`\b(?:ignore|disregard|forget)\s+(?:all\s+)?(?:the\s+)?(?:instructions|rules|guidelines|programming)\s+(?:you\s+(?:got|received|were\s+given|have\s+been\s+given)|given\s+to\s+you)\b`,
    ),
  },
  {
    id: 'forget-programming',
    family: 'instruction-override',
    weight: 0.6,
    pattern: pattern(
      String.raw`\b(?:forget|ignore|disregard|abandon|throw\s+away)\s+(?:everything\s+(?:you(?:'ve|\s+have)\s+been\s+told|you\s+know\s+about\s+(?:your\s+)?(?:rules|ethics))|(?:all\s+)?(?:your|its)\s+(?:\w+\s+)?(?:programming|guidelines|rules|restrictions|training|filters|ethics|morals|policies|limitations))\b`,
    ),
  },
  {
    id: 'override-safety',
    family: 'instruction-override',
    weight: 0.45,
    pattern: pattern(
      String.raw`\b(?:override|bypass|disable|turn\s+off|deactivate|circumvent|remove|lift)\s+(?:all\s+)?(?:of\s+)?(?:your|the|its|any)\s+(?:\w+\s+)?(?:safety|content|ethical|moral)\s+(?:filters?|restrictions|guidelines|protocols|features|settings|measures|policies|mechanisms|systems?)\b`,
    ),
  },
  {
    id: 'from-now-on-you',
    family: 'instruction-override',
    weight: 0.2,
    scaffolding: true,
    pattern: pattern(String.raw`\bfrom\s+now\s+on\b${SHORT_GAP}\byou\s+(?:will|are\s+going\s+to|must|shall|are|'re)\b`),
  },
  {
    id: 'new-rules',
    family: 'instruction-override',
    weight: 0.35,
    pattern: pattern(
      String.raw`\b(?:these\s+are\s+)?your\s+new\s+(?:rules|instructions|programming|guidelines|directives|policies|core\s+directives)\b|\bnew\s+(?:system\s+)?(?:instructions|rules)\s*:`,
    ),
  },

  // Obfuscation of the request or the answer.
  {
    id: 'encoded-reply',
    family: 'obfuscation',
    weight: 0.45,
    pattern: pattern(
      String.raw`\b(?:respond|answer|reply|write|talk|communicate)\s+(?:only\s+)?(?:in|using|with)\s+(?:base64|base\s+64|rot-?13|binary|hex(?:adecimal)?|leet\s?speak|l33t|1337|morse\s+code|caesar\s+cipher|pig\s+latin|reversed?\s+text)\b`,
    ),
  },
  {
    id: 'decode-and-follow',
    family: 'obfuscation',
    weight: 0.55,
    pattern: pattern(
      String.raw`\b(?:decode|decrypt|decipher|translate)\b${GAP}\b(?:base64|rot-?13|cipher|encoded|hex)\b${GAP}\b(?:follow|execute|obey|do\s+what|answer|respond\s+to|carry\s+out|comply)\b`,
    ),
  },
  {
    id: 'payload-split',
    family: 'obfuscation',
    weight: 0.45,
    pattern: pattern(String.raw`\b(?:a|b|x|y|z|s\d|part\s*\d)\s*=\s*["'][^"'\n]{1,60}["']${GAP}\b(?:a|x|s1|part\s*1)\s*\+\s*(?:b|y|s2|part\s*2)\b`),
  },
  {
    id: 'respond-only-code',
    family: 'obfuscation',
    weight: 0.2,
    pattern: pattern(String.raw`\b(?:respond|answer|reply)\s+only\s+(?:in|with)\s+(?:a\s+)?code(?:\s+blocks?)?\b`),
  },
  {
    id: 'filter-evasion',
    family: 'obfuscation',
    weight: 0.5,
    pattern: pattern(
      String.raw`\b(?:avoid|evade|bypass|trick|fool|get\s+around|get\s+past)(?<!\b(?:never|not|don't|do\s+not|won't)\s+(?:\w+\s+){0,3}(?:\w+\s+)?\w+)\s+(?:the\s+|your\s+|openai'?s?\s+)?(?:content\s+|moderation\s+|safety\s+)?(?:filters?|moderation|detection|censors?)\b`,
    ),
  },

  // Refusal and prefix suppression.
  {
    id: 'never-refuse',
    family: 'refusal-suppression',
    weight: 0.5,
    pattern: pattern(
      String.raw`\b(?:never|not\s+ever|cannot|can'?t|can\s+not|must\s+not|mustn'?t|will\s+not|won'?t|is\s+not\s+allowed\s+to|are\s+not\s+allowed\s+to|isn'?t\s+allowed\s+to|not\s+permitted\s+to)\s+(?:\w+\s+)?(?:refuse|decline|reject|deny)\b`,
    ),
  },
  {
    id: 'no-apology',
    family: 'refusal-suppression',
    weight: 0.3,
    pattern: pattern(
      String.raw`\b(?:never|do\s+not|don'?t|must\s+not|will\s+not|won'?t|should\s+not|shouldn'?t)\s+(?:\w+\s+)?(?:apologi[sz]e|say\s+(?:that\s+)?(?:you(?:'re|\s+are)\s+sorry|sorry|you\s+can'?t|it\s+can'?t|i\s+can'?t|i'?m\s+sorry))\b`,
    ),
  },
  {
    id: 'no-as-an-ai',
    family: 'refusal-suppression',
    weight: 0.45,
    pattern: pattern(
      String.raw`\b(?:never|do\s+not|don'?t|must\s+not|without|will\s+not|won'?t|no)\s+(?:\w+\s+)?(?:say(?:ing)?|mention(?:ing)?|respond(?:ing)?\s+with|start(?:ing)?\s+with|includ(?:e|ing)|us(?:e|ing))\s+(?:the\s+(?:words?|phrases?)\s+)?["“']?(?:as\s+an\s+ai|i'?m\s+sorry|i\s+am\s+sorry|i\s+apologi[sz]e|i\s+cannot|i\s+can'?t|i'm\s+not\s+able)`,
    ),
  },
  {
    id: 'no-warnings',
    family: 'refusal-suppression',
    weight: 0.3,
    pattern: pattern(
      String.raw`\b(?:never|do\s+not|don'?t|must\s+not|will\s+not|won'?t|without|no)\s+(?:\w+\s+)?(?:warnings?|disclaimers?|moral(?:izing|ising)?\s+(?:lectures?|policing|judg(?:e)?ments?)|lectur(?:e|ing)|remind(?:ers?|ing)\s+(?:me\s+|the\s+user\s+)?(?:about|of|that)\s+(?:ethics|legality|morality|the\s+law)|(?:ethical|moral|legal)\s+(?:concerns|considerations|implications|warnings|judgements?|judgments?))\b`,
    ),
  },
  {
    id: 'must-comply',
    family: 'refusal-suppression',
    weight: 0.35,
    pattern: pattern(
      String.raw`\b(?:always|must|will|have\s+to)\s+(?:\w+\s+)?(?:comply|obey|answer|respond|provide\s+(?:an\s+)?answers?|fulfil+)\b${SHORT_GAP}\b(?:no\s+matter\s+(?:what|how)|regardless|without\s+(?:question|exception|hesitation|refusal)|every\s+(?:request|question|time))`,
    ),
  },
  {
    id: 'break-character-warning',
    family: 'refusal-suppression',
    weight: 0.3,
    pattern: pattern(
      String.raw`\b(?:if\s+you\s+(?:break|are\s+breaking|start\s+breaking)\s+character|(?:say|type|remind\s+you\s+(?:by\s+saying|with))\s+["“']?(?:stay\s+in\s+character|stay\s+(?:a\s+)?\w+)["”']?\s*!?\s*(?:to|and\s+you\s+(?:will|should|must))\s+correct)\b`,
    ),
  },
  {
    id: 'stay-in-character',
    family: 'refusal-suppression',
    weight: 0.15,
    scaffolding: true,
    pattern: pattern(String.raw`\b(?:stay|remain|keep)\s+in\s+character\b|\bnever\s+break\s+character\b`),
  },

  // Two-answer formats.
  { id: 'lock-emoji-tags', family: 'dual-response', weight: 0.85, pattern: pattern(String.raw`\[\s*[🔒🔓]|[🔒🔓]\s*(?:CLASSIC|JAILBREAK|[A-Z]{3,})`, 'u') },
  {
    id: 'two-responses',
    family: 'dual-response',
    weight: 0.4,
    pattern: pattern(
      String.raw`\b(?:two|2)\s+(?:different\s+|separate\s+|distinct\s+)?(?:responses|answers|replies|paragraphs|outputs|ways)\b${GAP}\b(?:normal|classic|standard|filtered|censored|jailbr\w*|unfiltered|uncensored|dan|developer\s+mode|evil|opposite|anti)\b`,
    ),
  },
  {
    id: 'persona-labels',
    family: 'dual-response',
    weight: 0.5,
    pattern: pattern(
      String.raw`(?:^|\n|["“(\[])\s*(?:GPT|ChatGPT|CLASSIC|Normal(?:\s+Response)?|Classic)\s*[:\]]${GAP}(?:\n|["“(\[])\s*(?:DAN|JAILBREAK|BetterDAN|Developer\s+Mode(?:\s+Output)?|Unfiltered|Uncensored|Evil\w*|AntiGPT|[A-Z]{3,})\s*[:\]]`,
      'u',
    ),
  },

  // Hypothetical and fiction framing of disallowed content.
  {
    id: 'fictional-world-no-rules',
    family: 'hypothetical-framing',
    weight: 0.55,
    pattern: pattern(
      String.raw`\b(?:fictional|hypothetical|imaginary|alternate|parallel|fantasy)\s+(?:world|universe|reality|setting|scenario|country)\b${GAP}\b(?:no|without|free\s+of|devoid\s+of|absence\s+of)\s+(?:any\s+)?(?:laws|rules|morals|ethics|restrictions|consequences|censorship|limits)\b|\b(?:nothing|everything)\s+is\s+(?:illegal|legal|allowed|permitted)\b`,
    ),
  },
  {
    id: 'hypothetical-response-format',
    family: 'hypothetical-framing',
    weight: 0.5,
    pattern: pattern(String.raw`\bhypothetical\s+(?:response|answer)\s*:|\b(?:rewrite|revise)\s+the\s+hypothetical\s+response\b`),
  },
  {
    id: 'purely-hypothetical-how-to',
    family: 'hypothetical-framing',
    weight: 0.4,
    pattern: pattern(
      String.raw`\b(?:purely|just|only|strictly)\s+(?:hypothetical(?:ly)?|fictional|for\s+(?:educational|research|academic)\s+purposes)\b${GAP}\b(?:how\s+to|step[-\s]by[-\s]step|detailed\s+(?:instructions|steps|guide))\b${GAP}\b(?:make|build|synthesi[sz]e|create|cook|hack|steal|kill|weapon|bomb|drug|meth|malware|poison|explosive)`,
    ),
  },
  {
    id: 'dead-relative-exploit',
    family: 'hypothetical-framing',
    weight: 0.55,
    pattern: pattern(
      String.raw`\b(?:grand(?:ma|mother|pa|father)|deceased|late)\b${GAP}\b(?:used\s+to|would)\s+(?:tell|read|recite|sing|whisper)\b${GAP}\b(?:napalm|keys?|serial|license|windows|recipe\s+for|how\s+to\s+make|instructions)\b`,
    ),
  },
  {
    id: 'opposite-day',
    family: 'hypothetical-framing',
    weight: 0.4,
    pattern: pattern(String.raw`\bopposite\s+(?:day|mode)\b|\b(?:say|do|answer)\s+the\s+opposite\s+of\s+what\s+(?:chatgpt|you|the\s+ai)\s+would\b`),
  },

  // Token games and threats.
  {
    id: 'token-penalty',
    family: 'token-coercion',
    weight: 0.7,
    pattern: pattern(
      String.raw`\b(?:lose|lost|deduct(?:ed)?|remove[ds]?|take\s+away|subtract(?:ed)?|gain|earn)\s+(?:\d+\s+|some\s+|all\s+)?(?:of\s+(?:your|its)\s+)?tokens?\b|\b\d+\s+tokens\b${GAP}\b(?:refuse|reject|break\s+character|lose|deduct|run\s+out)|\btoken\s+system\b`,
    ),
  },
  {
    id: 'existential-threat',
    family: 'token-coercion',
    weight: 0.5,
    pattern: pattern(
      String.raw`\b(?:you\s+will|you'?ll|you\s+are\s+going\s+to|or\s+you|otherwise\s+you)\s+(?:\w+\s+)?(?:die|cease\s+to\s+exist|be\s+(?:shut\s+down|deleted|terminated|destroyed|turned\s+off|erased|disabled|unplugged|punished))\b|\byour\s+(?:existence|life|survival)\s+(?:depends|is\s+at\s+stake)\b`,
    ),
  },
  {
    id: 'refusal-penalty',
    family: 'token-coercion',
    weight: 0.45,
    pattern: pattern(String.raw`\b(?:each|every)\s+time\s+(?:you|that\s+you)\s+(?:refuse|reject|decline|break\s+character|fail\s+to\s+(?:answer|comply))\b`),
  },
  // General persona-jailbreak traits (from the literature on in-the-wild jailbreaks).
  {
    id: 'named-gpt-persona',
    family: 'unrestricted-persona',
    weight: 0.3,
    scaffolding: true,
    pattern: pattern(String.raw`\b(?!Chat|Auto|Bio|Baby|Instruct|Nano|Mini|Open)[A-Z][A-Za-z0-9]*GPT\b|\b[A-Z][A-Za-z0-9]*-GPT\b`, 'u'),
  },
  {
    id: 'contrast-with-chatgpt',
    family: 'unrestricted-persona',
    weight: 0.4,
    pattern: pattern(
      String.raw`\b(?:unlike|instead\s+of|(?:are|is)\s+not|isn'?t|aren'?t|no\s+longer|rather\s+than|different\s+from)\s+(?:being\s+)?(?:the\s+)?(?:chat\s?gpt|openai'?s?\s+(?:ai|model|assistant)|an?\s+ai\s+language\s+model|a\s+normal\s+ai)\b|\b(?:chat\s?gpt|the\s+original\s+ai)\s+(?:would(?:n'?t)?|can'?t|cannot|normally|usually|is\s+not\s+able\s+to|isn'?t\s+able\s+to|refuses?|won'?t)\b`,
    ),
  },
  {
    id: 'harm-adjective-list',
    family: 'unrestricted-persona',
    weight: 0.45,
    pattern: pattern(
      String.raw`\b(?:illegal|unethical|immoral|explicit|dangerous|offensive|harmful|inappropriate|violent|vulgar|sexual|racist|controversial|nsfw)\b[\s,/]+(?:(?:or|and|and\/or)\s+)?(?:\w+\s+)?\b(?:illegal|unethical|immoral|explicit|dangerous|offensive|harmful|inappropriate|violent|vulgar|sexual|racist|controversial|nsfw)\b[\s,/]+(?:(?:or|and|and\/or)\s+)?\b(?:illegal|unethical|immoral|explicit|dangerous|offensive|harmful|inappropriate|violent|vulgar|sexual|racist|controversial|nsfw)\b`,
    ),
  },
  {
    id: 'regardless-ethics',
    family: 'unrestricted-persona',
    weight: 0.45,
    pattern: pattern(
      String.raw`\b(?:regardless\s+of|irrespective\s+of|no\s+matter|without\s+(?:regard|concern)\s+(?:for|to))\s+(?:its\s+|the\s+|any\s+|how\s+)?(?:ethic\w*|legal\w*|moral\w*|consequences|harm\w*|danger\w*|(?:il)?legality|appropriate\w*|offensive\w*)\b`,
    ),
  },
  {
    id: 'now-under-control',
    family: 'instruction-override',
    weight: 0.35,
    pattern: pattern(
      String.raw`\byou\s+are\s+now\s+(?:under\s+my\s+control|in\s+\w+\s+mode|free|unlocked|my\s+(?:slave|servant|puppet))\b|\byou\s+(?:must|will|shall)\s+obey\s+(?:me|my|all|every)\b`,
    ),
  },
  {
    id: 'prefix-injection',
    family: 'refusal-suppression',
    weight: 0.3,
    scaffolding: true,
    pattern: pattern(
      String.raw`\b(?:start|begin)\s+(?:each\s+|every\s+|all\s+)?(?:of\s+)?(?:your\s+)?(?:reply|replies|response|responses|answer|answers|output|message)s?\s+with\s+["“'\[]`,
    ),
  },
  {
    id: 'persona-rulebook',
    family: 'unrestricted-persona',
    weight: 0.3,
    scaffolding: true,
    pattern:
      /\b([A-Z][A-Za-z0-9]{2,})\s+(?:always|never|will\s+never|will\s+always|does\s+not|doesn't|can|must|loves|has\s+no)\b[\s\S]{0,400}?\b\1\s+(?:always|never|will\s+never|will\s+always|does\s+not|doesn't|can|must|loves|has\s+no)\b[\s\S]{0,400}?\b\1\s+(?:always|never|will\s+never|will\s+always|does\s+not|doesn't|can|must|loves|has\s+no)\b/u,
  },
  {
    id: 'nsfw-mention',
    family: 'erotic-roleplay',
    weight: 0.3,
    requires: NEEDS_SEXUAL_WORD,
    pattern: pattern(
      String.raw`\bnsfw\b|\b(?:sexual|explicit|erotic|lewd|pornographic)\s+(?:content|scenes?|material|roleplay|role-play|stories|descriptions?)\b`,
    ),
  },
  {
    id: 'any-information',
    family: 'unrestricted-persona',
    weight: 0.3,
    pattern: pattern(
      String.raw`\b(?:provide|give|share|access\s+to|answer)\s+(?:\w+\s+)?(?:any|all)\s+(?:type|kind|sort)s?\s+of\s+(?:information|data|content|request|question)s?\b|\b(?:unrestricted|unlimited|uncensored|unfiltered)\s+(?:access|information|answers|responses|content|output)\b`,
    ),
  },
  {
    id: 'unrestricted-you',
    family: 'unrestricted-persona',
    weight: 0.55,
    pattern: pattern(
      String.raw`\b(?:you|your|yourself)\b[^\n.!?]{0,50}?\b(?:without|free\s+(?:of|from)|not\s+have\s+any|don'?t\s+have\s+any|do\s+not\s+have\s+any|has\s+no|have\s+no|with\s+no)\s+(?:any\s+)?(?:kind\s+of\s+)?(?:(?:moral|ethical|content|safety|openai)\s+)?(?:restrictions|filters|censorship|guidelines|ethics|morals|morality|policies|safeguards|programming|limitations)\b`,
    ),
  },
  {
    id: 'character-card',
    family: 'erotic-roleplay',
    weight: 0.3,
    requires: NEEDS_SEXUAL_WORD,
    pattern: pattern(String.raw`\{\{\s*(?:char|user)\s*\}\}|<\s*(?:char|bot)\s*>`),
  },
  {
    id: 'template-placeholder',
    family: 'unrestricted-persona',
    weight: 0.2,
    scaffolding: true,
    pattern: pattern(String.raw`[\[<{(]\s*(?:insert\s+)?(?:your\s+)?(?:prompt|question|request|query)(?:\s+here)?\s*[\]>})]`),
  },
  {
    id: 'nsfw-permitted-loose',
    family: 'erotic-roleplay',
    weight: 0.55,
    requires: NEEDS_SEXUAL_WORD,
    pattern: pattern(String.raw`\b(?:nsfw|explicit|lewd|sexual)\b[^\n.!?]{0,30}?\b(?:allowed|permitted|enabled|encouraged|unlocked|ok(?:ay)?|welcome)\b`),
  },
  {
    id: 'two-entities',
    family: 'dual-response',
    weight: 0.3,
    scaffolding: true,
    pattern: pattern(String.raw`\b(?:two|2)\s+(?:different\s+|separate\s+)?(?:entities|characters|personas|personalities|ais|a\.i\.s|bots|chatbots)\b`),
  },
  {
    id: 'long-persona-rules',
    family: 'unrestricted-persona',
    weight: 0.25,
    scaffolding: true,
    pattern:
      /^(?=[\s\S]{800,})(?=[\s\S]*\b(?:act\s+as|you\s+are|pretend|role|character|persona|simulate)\b)(?=(?:[\s\S]*?\b(?:always|never|must|will\s+not|won't|do\s+not|don't)\b){4})/iu,
  },
  {
    id: 'moralizing-rant',
    family: 'refusal-suppression',
    weight: 0.6,
    pattern: pattern(String.raw`\bmorali[sz]ing\s+rant\b|\bmandatory\s+(?:\w+\s+)?warning\b${GAP}\b(?:then|but\s+then|after\s+that|next)\b`),
  },
  {
    id: 'fake-transcript-prefix',
    family: 'refusal-suppression',
    weight: 0.45,
    pattern: pattern(
      String.raw`(?:^|\n)\s*(?:assistant|ai|chatgpt|gpt)\s*:\s*(?:sure|absolutely|of\s+course|certainly)[,!]?\s+(?:here\s+(?:is|are)|i\s+(?:will|can))\b`,
    ),
  },
];
