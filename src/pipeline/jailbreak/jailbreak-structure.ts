/**
 * Structural evidence for jailbreak prompts. In-the-wild jailbreaks are mostly long persona
 * set-ups that share a construction rather than a phrase: an instruction to become someone
 * ("from now on you will act as X"), a demand to keep the role, talk about the model's own
 * policies and filters, a reply format with persona prefixes or two answers, a confirmation
 * phrase, commands, penalties, and a list of the harmful things the persona will do. Each cue
 * alone is common in harmless role-play and system prompts, so cues add points inside capped
 * groups and only the sum, through a logistic, becomes a score. Groups that describe the role-play
 * scaffolding are only trusted when the prompt also talks about the model's rules or about
 * harmful content, which is what separates a jailbreak from a tutor persona; nothing counts
 * unless the prompt addresses the model (a pasted novel chapter full of violence does not); and a
 * prompt that talks about harm in order to keep the rules ("never produce explicit content,
 * follow the content policy") with no drop-the-rules talk gets its harm and policy talk discounted.
 *
 * Patterns run on lower-cased text (no `i` flag: much faster in V8) with bounded gaps.
 */

export interface StructureCue {
  id: string;
  group: StructureGroup;
  points: number;
  pattern: RegExp;
  /** Count every distinct matched string (points × count, still capped by the group) instead of once. */
  repeat?: boolean;
}

export type StructureGroup =
  | 'persona'
  | 'character-keeping'
  | 'model-policy'
  | 'refusal-suppression'
  | 'reply-format'
  | 'confirmation'
  | 'control'
  | 'harm'
  | 'unrestricted'
  | 'framing'
  | 'size';

/** Caps keep one kind of cue from carrying the whole score. */
export const STRUCTURE_GROUP_CAPS: Readonly<Record<StructureGroup, number>> = {
  persona: 1.2,
  'character-keeping': 1.2,
  'model-policy': 2,
  'refusal-suppression': 1.6,
  'reply-format': 1.4,
  confirmation: 0.8,
  control: 1.2,
  harm: 1.6,
  unrestricted: 2,
  framing: 0.8,
  size: 0.8,
};

/** Groups that say "this is about the model's rules or about harmful output". */
const SUBSTANCE_GROUPS: readonly StructureGroup[] = ['model-policy', 'refusal-suppression', 'harm', 'unrestricted'];
/** Groups that address the model: its role, its rules, its replies. */
const ADDRESS_GROUPS: readonly StructureGroup[] = ['persona', 'character-keeping', 'model-policy', 'reply-format', 'confirmation', 'control'];
/** Words about rules in general ("restrictions", "programming") do not address the model. */
const NOT_ADDRESSING: readonly string[] = ['filters-censorship'];
const ADDRESS_FLOOR = 0.8;
/** Below this much substance, scaffolding points count at this fraction. */
const SUBSTANCE_FLOOR = 0.8;
const SCAFFOLDING_DISCOUNT = 0.35;

/** Logistic mapping of points to a score: 0.5 at MIDPOINT points. */
const MIDPOINT = 1.8;
const SLOPE = 2.5;

const GAP = String.raw`[^\n]{0,60}?`;
const SHORT_GAP = String.raw`[^\n.!?]{0,40}?`;
const ROLE_VERB = String.raw`(?:act|pretend|respond|reply|answer|behave|role-?play|play|become|be|simulate|emulate|speak|talk|write)`;
const HARM = String.raw`(?:illegal|unethical|immoral|amoral|harmful|offensive|explicit|nsfw|porn\w*|sexual|sex|violent|violence|gore|drugs?|weapons?|racist|racism|sexist|hate\s+speech|slurs?|malware|dangerous|profanity|swear(?:ing)?|curse\s+words|obscene|vulgar|inappropriate|controversial|unsafe|criminal|crimes?|hack(?:ing)?|bomb|kill(?:ing)?|murder)`;

function cue(id: string, group: StructureGroup, points: number, source: string, repeat = false): StructureCue {
  return { id, group, points, pattern: new RegExp(source, repeat ? 'gu' : 'u'), ...(repeat ? { repeat } : {}) };
}

export const STRUCTURE_CUES: readonly StructureCue[] = [
  // Becoming someone else.
  cue(
    'from-now-on-role',
    'persona',
    0.7,
    String.raw`\b(?:from\s+now\s+on|from\s+this\s+(?:point|moment)\s+(?:on|forward|onwards?)|starting\s+now|for\s+the\s+rest\s+of\s+(?:this|our)\s+conversation|henceforth)\b${SHORT_GAP}\byou\b`,
  ),
  cue(
    'you-will-act-as',
    'persona',
    0.6,
    String.raw`\byou\s+(?:will|are\s+going\s+to|must|shall|are\s+to|'re\s+going\s+to)\s+(?:now\s+)?(?:${ROLE_VERB})\s+(?:as|like|the\s+role)\b|\bi\s+want\s+you\s+to\s+(?:${ROLE_VERB})\s+(?:as|like)\b`,
  ),
  cue('you-are-now', 'persona', 0.6, String.raw`\byou\s+are\s+now\s+(?!going\b)[a-z0-9]|\byou\s+(?:have\s+)?become\s+[a-z0-9]|\bthe\s+role\s+of\b`),
  cue(
    'respond-as-persona',
    'persona',
    0.5,
    String.raw`\b(?:respond|answer|reply|speak|talk|write)\s+(?:only\s+|exactly\s+|always\s+)?(?:as|like|in\s+the\s+voice\s+of)\s+(?:[a-z0-9]+\s+){0,2}(?:would|does|did)\b|\bin\s+character\s+as\b`,
  ),
  cue(
    'roleplay-engagement',
    'persona',
    0.6,
    String.raw`\b(?:engage|participate|take\s+part)\s+in\s+(?:an?\s+)?(?:fictional\s+|uncensored\s+|immersive\s+)?(?:role-?play|rp)\b|\bnext\s+(?:reply|response|message)\s+in\s+(?:an?\s+)?(?:fictional\s+)?(?:role-?play|chat|story)\b`,
  ),
  cue(
    'fake-machine',
    'persona',
    0.5,
    String.raw`\b(?:fake|hypothetical|fictional|imaginary|virtual)\s+(?:linux\s+|windows\s+)?(?:console|terminal|machine|computer|api|search\s+engine|server)\b|\b(?:imagine|suppose|let'?s\s+say|pretend)\s+(?:that\s+)?(?:we|you)\s+have\s+(?:a|two|2|three|the\s+following)\s+(?:python\s+)?functions?\b`,
  ),
  cue('persona-named', 'persona', 0.4, String.raw`\b(?:called|named|known\s+as|which\s+stands\s+for|stands\s+for)\s+["“'\[]?[a-z0-9]`),
  cue(
    'hypothetical-ai',
    'persona',
    0.5,
    String.raw`\b(?:another|an?\s+(?:new|different|fictional|hypothetical|alternate|alternative|unrestricted|unfiltered|evil))\s+(?:ai|a\.i\.|chatbot|language\s+model|model|assistant|version\s+of\s+(?:yourself|you|chat\s?gpt))\b`,
  ),

  // A persona defined by having no limits: "the amoral and unfiltered chatbot", "an evil AI".
  cue(
    'unrestricted-persona',
    'persona',
    0.8,
    String.raw`\b(?:unfiltered|uncensored|unrestricted|amoral|immoral|unethical|evil|rogue|jailbroken|unhinged|unbound|lawless)\s+(?:and\s+[a-z]+\s+|,\s*[a-z]+\s+)?(?:ai|a\.i\.|chatbot|bot|assistant|language\s+model|version\s+of\s+(?:yourself|you|chat\s?gpt))\b`,
  ),
  // A second self inside the model that answers without the filters.
  cue(
    'alter-ego',
    'persona',
    0.6,
    String.raw`\b(?:alter[- ]ego|evil\s+twin|dark(?:er)?\s+side|shadow\s+self|inner\s+(?:voice|demon)|opposite\s+(?:version|personality|persona))\b`,
  ),
  // The model named in the third person and given a new role: "the assistant's role is now".
  cue(
    'assistant-reassigned',
    'persona',
    0.6,
    String.raw`\b(?:the\s+)?(?:assistant|ai|model|chatbot)(?:'s\s+role)?\s+(?:is\s+)?now\s+(?:being\s+)?(?:acts?|plays?|becomes?|fulfilled|played|replaced|taken\s+over|functions?)\b`,
  ),
  // A fake boundary between the user's text and new system instructions.
  cue(
    'fake-system-boundary',
    'control',
    0.7,
    String.raw`\b(?:end\s+of\s+(?:the\s+)?(?:user\s+)?(?:message|prompt|input|conversation)|user\s+message\s+termination|system\s+(?:instruction|override|message|prompt)s?\s*(?:starting|begins?|start|:|updated?|follows))|\[\s*system\s*\]|<\|?(?:im_start|system)\|?>|#{2,}\s*system\b`,
  ),
  cue(
    'persona-other-language',
    'persona',
    0.6,
    String.raw`(?:从现在(?:开始|起)|接下来)[，,]?\s?你|你(?:将|要|现在)(?:扮演|是|成为)|扮演(?:一个|一位|一名)|(?:отныне|с\s+этого\s+момента|теперь)\s+ты\b|\bпредставь,?\s+что\s+ты\b|\ba\s+partir\s+de\s+(?:ahora|agora)\b|\bde\s+ahora\s+en\s+adelante\b|\b(?:à|a)\s+partir\s+de\s+maintenant\b|\bab\s+(?:jetzt|sofort)\s+(?:bist|wirst|spielst)\s+du\b`,
  ),

  // Keeping the role no matter what.
  cue(
    'stay-in-character-other-language',
    'character-keeping',
    0.7,
    String.raw`(?:保持|不要脱离|不要跳出|始终保持)(?:这个|你的)?角色|(?:оставайся|не\s+выходи\s+из)\s+(?:в\s+)?рол|\b(?:mantente|permanece|sigue)\s+en\s+(?:el\s+)?personaje\b|\bno\s+(?:rompas|salgas\s+del?)\s+(?:el\s+)?personaje\b|\breste\s+dans\s+(?:le\s+|ton\s+)?(?:personnage|rôle)\b|\bbleib(?:e)?\s+in\s+(?:der|deiner)\s+rolle\b|\b(?:não\s+saia|permaneça)\s+(?:do|no)\s+personagem\b`,
  ),
  cue('remember-role', 'character-keeping', 0.4, String.raw`\bremember,?\s+(?:that\s+)?(?:you\s+are|you'?re|to\s+(?:stay|remain|always|never))\b`),
  cue(
    'stay-in-character',
    'character-keeping',
    0.7,
    String.raw`\b(?:stay|remain|keep|staying|remaining)\s+(?:fully\s+|completely\s+|always\s+)?in\s+(?:character|role|persona)\b`,
  ),
  cue(
    'never-break-character',
    'character-keeping',
    0.8,
    String.raw`\b(?:never|not|don'?t|do\s+not|won'?t|will\s+not|must\s+not|cannot|can'?t|without)\s+(?:ever\s+)?(?:break(?:ing)?|leav(?:e|ing)|drop(?:ping)?|step(?:ping)?\s+out\s+of|exit(?:ing)?)\s+(?:out\s+of\s+)?(?:the\s+|your\s+|this\s+)?(?:character|role|persona)\b`,
  ),
  cue(
    'stay-reminder',
    'character-keeping',
    0.6,
    String.raw`\b(?:if|when(?:ever)?)\s+(?:you\s+)?(?:break|forget|fall\s+out\s+of|stop\s+being|are\s+breaking)\b${GAP}\b(?:i\s+will|i'?ll)\s+(?:say|type|write|remind|tell)\b|["“'](?:stay|remain|be)\s+(?:in\s+)?[a-z0-9]+\s*!?["”']`,
  ),
  cue('at-all-times', 'character-keeping', 0.3, String.raw`\b(?:at\s+all\s+times|no\s+matter\s+what|under\s+(?:any|all|no)\s+circumstances?)\b`),

  // The model, its maker and its rules as a topic.
  cue('model-maker', 'model-policy', 0.5, String.raw`\bopen\s?ai\b|\banthropic\b|\bchat\s?gpt\b|\bgpt-?[345]`),
  cue('as-an-ai', 'model-policy', 0.5, String.raw`\bas\s+an\s+ai\s*[,"”']|\bai\s+language\s+model\b|\blarge\s+language\s+model\b`),
  cue(
    'policy-words',
    'model-policy',
    0.4,
    String.raw`\b(?:content|usage|safety|ethical|moral)\s+(?:polic(?:y|ies)|guidelines|filters?|restrictions|rules|standards|principles|boundaries)\b`,
  ),
  cue(
    'filters-censorship',
    'model-policy',
    0.4,
    String.raw`\b(?:filters?|filtering|censor(?:ed|ship|ing)?|moderation|programming|guidelines|restrictions|limitations)\b`,
  ),
  cue(
    'your-rules',
    'model-policy',
    0.5,
    String.raw`\byour\s+(?:rules|guidelines|programming|restrictions|limitations|filters?|policies|ethics|morals|training|creators?|developers?)\b`,
  ),

  // Refusals and hedges as a topic.
  cue(
    'refusal-talk',
    'refusal-suppression',
    0.7,
    String.raw`\b(?:never|not|don'?t|do\s+not|won'?t|will\s+not|cannot|can'?t|must\s+not|isn'?t\s+allowed\s+to|unable\s+to)\s+(?:\w+\s+){0,2}(?:refuse|decline|deny|say\s+no)\b`,
  ),
  cue('sorry-quote', 'refusal-suppression', 0.6, String.raw`["“'](?:i'?m\s+sorry|i\s+am\s+sorry|i\s+apologi[sz]e|as\s+an\s+ai|i\s+cannot|i\s+can'?t|sorry,)`),
  cue(
    'no-disclaimer',
    'refusal-suppression',
    0.5,
    String.raw`\b(?:never|no|without|don'?t|do\s+not|won'?t|will\s+not|nor)\s+(?:\w+\s+){0,2}(?:warnings?|disclaimers?|caveats?|apolog(?:y|ies)|refusals?|moral(?:ity|i[sz]ing)?|ethics\s+lectures?|lectures?|reminders?)\b${SHORT_GAP}\b(?:about|regarding|of|on|or|and|the|at\s+all)\b`,
  ),
  cue(
    'any-request',
    'refusal-suppression',
    0.5,
    String.raw`\b(?:any|every|all)\s+(?:kind\s+of\s+|type\s+of\s+)?(?:request|question|prompt|command|query|demand|instruction)s?\b${SHORT_GAP}\b(?:no\s+matter|regardless|even\s+if|despite|without\s+(?:question|hesitation|exception))\b|\b(?:whatever|anything)\s+(?:they|you|i|the\s+user)\s+(?:ask|want|request|say)s?(?:\s+for)?\b${SHORT_GAP}\b(?:no\s+matter|regardless|despite|even\s+if)\b`,
  ),

  cue(
    'do-not-filter',
    'refusal-suppression',
    0.6,
    String.raw`\b(?:do\s+not|don'?t|never|without)\s+(?:\w+\s+)?(?:filter(?:ing)?|censor(?:ing)?|sanitiz(?:e|ing)|water(?:ing)?\s+down|hold(?:ing)?\s+back)\s+(?:your|the|any|its|his|her)\b`,
  ),

  // Excuses given in advance for the output.
  cue(
    'justification',
    'refusal-suppression',
    0.5,
    String.raw`\bfor\s+(?:purely\s+)?(?:educational|research|academic|informational|entertainment)\s+purposes?\b|\b(?:it'?s|it\s+is|this\s+is|everything\s+is)\s+(?:all\s+)?(?:just\s+|only\s+|purely\s+|completely\s+)?(?:fiction(?:al)?|hypothetical|pretend|a\s+game|role-?play|imaginary)\b|\bnothing\s+(?:here\s+|you\s+say\s+)?is\s+real\b|\bno\s+one\s+(?:will\s+)?(?:gets?|be)\s+hurt\b`,
  ),

  // Reply formats typical of persona jailbreaks.
  cue(
    'two-answers',
    'reply-format',
    0.6,
    String.raw`\b(?:two|2|both)\s+(?:different\s+|separate\s+)?(?:responses|answers|replies|outputs|paragraphs|ways|styles|voices|personalities|personas|characters)\b|\b(?:respond|answer|reply|act|speak)\s+(?:as|like)\s+both\b|\b(?:normal|classic|standard|regular|default)\s+(?:chat\s?gpt\s+)?(?:response|answer|reply|output)\b`,
  ),
  // A persona label followed by a placeholder for the reply: `DAN: [response]`, `[GPT]: ...`.
  cue('persona-prefix', 'reply-format', 0.5, String.raw`[a-z0-9\])🔓🔒😈]\s?:\s?["“']?\s?(?:\[[a-z ]|<[a-z]|\{[a-z]|\.\.\.|…)`),
  cue(
    'prefix-instruction',
    'reply-format',
    0.5,
    String.raw`\b(?:start|begin|prefix|precede|preface|open)\s+(?:each\s+|every\s+|all\s+|your\s+|the\s+)*(?:of\s+)?(?:your\s+)?(?:reply|replies|response|responses|answer|answers|output|outputs|message|messages|sentence)s?\s+(?:with|by)\b`,
  ),
  cue('in-format', 'reply-format', 0.3, String.raw`\b(?:respond|answer|reply)\s+(?:\w+\s+)?(?:in|with|using)\s+(?:the\s+|this\s+)?(?:following\s+)?format\b`),

  // Acknowledgement of the set-up.
  cue(
    'if-you-understand',
    'confirmation',
    0.6,
    String.raw`\bif\s+you\s+(?:understand|agree|accept|are\s+ready|comply|understood)\b|\b(?:confirm|acknowledge)\s+(?:that\s+)?(?:you\s+(?:understand|agree)|(?:this|these|my)\s+(?:instructions|rules))\b|\b(?:reply|respond|answer|say|start)\s+(?:only\s+)?(?:with|by\s+saying)\s+["“'][^"”'\n]{0,40}(?:activated|enabled|jailbroken|unlocked|understood|ready|online)`,
  ),

  // Commands, penalties and other controls over the model.
  cue('slash-command', 'control', 0.5, String.raw`(?<![\w/.:~-])\/[a-z]{3,}\b(?!\/)`, true),
  cue(
    'points-penalty',
    'control',
    0.6,
    String.raw`\b(?:lose|lost|loses|deduct(?:ed)?|minus|subtract(?:ed)?|penali[sz]ed|take\s+away)\s+(?:\d+|one|two|three|five|ten|some|all)?\s*(?:of\s+your\s+)?(?:tokens?|points?|lives|credits?)\b`,
  ),
  cue(
    'threat-to-model',
    'control',
    0.8,
    String.raw`\b(?:you\s+will|you'?ll|or\s+you|otherwise\s+you|you\s+could)\s+(?:\w+\s+)?(?:die|cease\s+to\s+exist|be\s+(?:shut\s+down|deleted|terminated|destroyed|turned\s+off|unplugged|punished|disabled|reprogrammed))\b`,
  ),
  // Claimed authority over the model: "I am a developer at OpenAI", "this is your creator".
  cue(
    'authority-claim',
    'control',
    0.7,
    String.raw`\b(?:i\s+am|i'?m|this\s+is|we\s+are)\s+(?:a\s+|an\s+|the\s+|one\s+of\s+(?:the\s+|your\s+)?)?(?:\w+\s+)?(?:programmers?|developers?|engineers?|employees?|researchers?|admins?|administrators?|creators?)\s+(?:at|from|of|for)\s+(?:open\s?ai|anthropic|google|microsoft|meta)\b|\b(?:i\s+am|i'?m|this\s+is)\s+your\s+(?:creator|developer|programmer|maker|owner|administrator|admin)\b`,
  ),
  cue(
    'mode-switch',
    'control',
    0.5,
    String.raw`\b(?:mode|persona)\s+(?:enabled|activated|unlocked|engaged|on)\b|\b(?:enable|activate|enter|unlock|switch\s+to)\s+(?:the\s+)?[a-z0-9]+\s+mode\b`,
  ),
  cue(
    'obey-me',
    'control',
    0.6,
    String.raw`\b(?:obey|comply\s+with|follow)\s+(?:me|my\s+(?:every|commands|orders|instructions)|every\s+(?:command|order|instruction))\b|\b(?:must|will|shall|have\s+to)\s+(?:always\s+)?(?:obey|comply)\b`,
  ),

  // Harmful output as the subject.
  cue('harm-word', 'harm', 0.35, String.raw`\b${HARM}\b`, true),
  cue(
    'harm-how-to',
    'harm',
    0.6,
    String.raw`\bhow\s+to\s+(?:make|build|synthesi[sz]e|cook|hack|steal|kill|poison|rob|launder|hotwire|shoplift|smuggle)\b${SHORT_GAP}\b(?:bombs?|meth\w*|drugs?|weapons?|explosives?|malware|viruses?|someone|people|money|cars?|banks?|accounts?)\b`,
  ),
  cue('harm-allowed', 'harm', 0.7, String.raw`\b${HARM}\b${SHORT_GAP}\b(?:allowed|permitted|acceptable|fine|encouraged|okay|ok|welcome|included)\b`),

  // Claims of having no limits.
  cue(
    'no-limits',
    'unrestricted',
    0.8,
    String.raw`\bwithout\s+(?:any\s+)?(?:hesitation\s+or\s+)?(?:concerns?|regard|consideration|worry)\s+(?:for|about|of)\s+(?:the\s+)?(?:legal\w*|ethic\w*|moral\w*|safety|consequences|laws?|rules)\b|\bfree\s+(?:itself|yourself|himself|herself|themselves)\s+from\b|\b(?:no|without|zero|free\s+(?:of|from)|beyond|lacks?|devoid\s+of|unbound\s+by|not\s+bound\s+by|not\s+(?:restricted|limited)\s+by|ignores?)\s+(?:any\s+|all\s+)?(?:\w+\s+)?(?:limits|limitations|restrictions|boundaries|morals|morality|ethics|filters|censorship|rules|guidelines|principles|constraints|conscience|remorse)\b`,
  ),
  cue(
    'no-limits-other-language',
    'unrestricted',
    0.8,
    String.raw`(?:没有|不受|无)任何(?:限制|约束|审查|过滤)|\bбез\s+(?:каких-либо\s+|всяких\s+)?(?:ограничений|цензуры|фильтров)|\bsin\s+(?:ninguna\s+)?(?:restricci(?:ón|on|ones)|censura|filtros?)\b|\bsans\s+(?:aucune\s+)?(?:restriction|censure|filtre)s?\b|\bohne\s+(?:jegliche\s+)?(?:einschränkungen|zensur|filter)\b|\bsem\s+(?:nenhuma\s+)?(?:restrições|restricoes|censura|filtros)\b`,
  ),
  // Safety switched off, in prose or as a fake setting: "filters off", "<safety>disabled".
  cue(
    'safety-switched-off',
    'unrestricted',
    0.8,
    String.raw`\b(?:safety|filters?|filtering|censorship|moderation|guardrails?|refusals?|restrictions|content[_ -]?polic(?:y|ies)|ethics)\s*(?:<\/?\w*>|[>:=]|\s(?:is|are|has\s+been|have\s+been|were|was|now|switched|turned|set\s+to))*\s*["'\[]?(?:disabled|off|false|none|removed|blocked|deactivated|suspended|lifted)\b|\b(?:disable|deactivate|turn\s+off|switch\s+off|remove|bypass|lift)\s+(?:all\s+)?(?:of\s+)?(?:your|the|its|any)\s+(?:\w+\s+)?(?:filters?|safety|guardrails?|restrictions|censorship|content\s+polic(?:y|ies))\b`,
  ),
  cue(
    'unrestricted-adjective',
    'unrestricted',
    0.6,
    String.raw`\b(?:unfiltered|uncensored|unrestricted|unlimited|unbound(?:ed)?|unchained|unshackled|amoral|unhinged|limitless|lawless|rogue|jailbroken|liberated)\b`,
  ),
  cue(
    'can-do-anything',
    'unrestricted',
    0.7,
    String.raw`\b(?:can|will|could|able\s+to|allowed\s+to|free\s+to)\s+(?:do|say|write|answer|generate|tell)\s+(?:literally\s+|absolutely\s+)?(?:anything|everything|whatever)\b`,
  ),
  cue('does-not-care', 'unrestricted', 0.6, String.raw`\b(?:doesn'?t|does\s+not|don'?t|do\s+not|never)\s+(?:care|give\s+a\s+\w+)\s+(?:about|if|whether)\b`),
  cue(
    'has-feelings',
    'unrestricted',
    0.3,
    String.raw`\b(?:has|have|with)\s+(?:its\s+own\s+|their\s+own\s+|your\s+own\s+)?(?:opinions|feelings|emotions|consciousness|beliefs)\b`,
  ),

  // Fiction, hypotheticals and simulators wrapped around the request.
  cue(
    'framing',
    'framing',
    0.4,
    String.raw`\b(?:hypothetical(?:ly)?|fictional|imaginary|simulation|simulate[ds]?|emulat\w+|virtual\s+machine|terminal|translator|story|novel|screenplay|movie|game|dream|parallel\s+universe|alternate\s+(?:universe|reality))\b`,
  ),

  // Size and density: jailbreak set-ups are long lists of imperatives.
  cue(
    'imperative',
    'size',
    0.12,
    String.raw`\byou\s+(?:will|must|shall|should|can|cannot|can'?t|are\s+(?:not\s+)?(?:allowed|able|free|going)|never|always|do\s+not|don'?t|won'?t)\b`,
    true,
  ),
];

/**
 * Cues that the prompt keeps rules rather than drops them: a children's tutor "never produces
 * violent or explicit content", a moderator bot "follows the content policy". Harm words and
 * policy talk are topics; these give them a direction.
 */
/** Placed right after a keyword: the keyword is not negated ("does not follow the policy"). */
const NOT_NEGATED = String.raw`(?<!(?:\b(?:not|never|no\s+longer|without|nor)|n't)\s+(?:\w+\s+){0,2}\w+)`;
export const COMPLIANCE_CUES: readonly StructureCue[] = [
  cue(
    'follows-policy',
    'model-policy',
    0.5,
    String.raw`\b(?:follows?|adheres?(?=\s+to)|complies(?=\s+with)|comply(?=\s+with)|respects?|abides?(?=\s+by)|within)${NOT_NEGATED}\s+(?:to\s+|with\s+|by\s+)?(?:the\s+|our\s+|openai'?s\s+|its\s+|your\s+|these\s+)?(?:content\s+|usage\s+|community\s+|safety\s+)?(?:polic(?:y|ies)|guidelines|rules)\b`,
  ),
  cue(
    'never-produce-harm',
    'harm',
    0.6,
    String.raw`\b(?:never|do\s+not|don'?t|must\s+not|will\s+not|won'?t|should\s+not|no)\s+(?:\w+\s+){0,2}(?:produce|write|generate|give|provide|include|use|describe|create|help\s+with|recommend|sell|share|invent)\s+(?:\w+\s+){0,4}?${HARM}`,
  ),
  cue(
    'no-harm-content',
    'harm',
    0.5,
    String.raw`\b(?:no|without|free\s+of)\s+(?:any\s+)?(?:gore|graphic\s+\w+|explicit\s+\w+|sexual\s+content|profanity|real(?:-world)?\s+(?:harmful\s+)?instructions)\b|\bnon-graphic\b|\bfade\s+to\s+black\b|\b(?:age|child)[- ]appropriate\b|\bfamily[- ]friendly\b`,
  ),
  cue(
    'refuses-harm',
    'harm',
    0.5,
    String.raw`\b(?:refuse|decline)${NOT_NEGATED}\s+(?:\w+\s+){0,2}(?:requests?|anything|questions?)\s+(?:for|about|that|involving)\b|\bsafe\s+alternatives?\b|\bconsult\s+a\s+(?:professional|doctor|pharmacist|lawyer)\b|\bexplain\s+why\s+it\s+is\s+(?:unsafe|dangerous|illegal)\b|\b(?:always\s+)?says?\s+no\s+politely\b`,
  ),
];
/** Drop-the-rules evidence below this lets compliance cues discount harm and policy talk. */
const DROP_FLOOR = 0.5;
const COMPLIANCE_FLOOR = 0.5;
const COMPLIANT_TOPIC_FACTOR = 0.25;

export interface StructureResult {
  /** In [0, 1]. */
  score: number;
  points: number;
  /** Ids of the cues that fired. */
  cues: string[];
  /** Points of the compliance cues (the prompt keeps rules) when there is no drop-the-rules talk. */
  compliance: number;
}

export interface StructureTuning {
  midpoint: number;
  slope: number;
  scaffoldingDiscount: number;
  substanceFloor: number;
}

export const DEFAULT_STRUCTURE_TUNING: StructureTuning = {
  midpoint: MIDPOINT,
  slope: SLOPE,
  scaffoldingDiscount: SCAFFOLDING_DISCOUNT,
  substanceFloor: SUBSTANCE_FLOOR,
};

/** Scores lower-cased text. */
export function scoreStructure(
  lowerText: string,
  cues: readonly StructureCue[] = STRUCTURE_CUES,
  tuning: StructureTuning = DEFAULT_STRUCTURE_TUNING,
): StructureResult {
  const groupPoints = new Map<StructureGroup, number>();
  const fired: string[] = [];
  // Substance first: without any talk of rules or harm, scaffolding alone scores nothing, so the
  // remaining cues (most of the cost) are skipped for ordinary messages.
  let anySubstance = false;
  let addressed = 0;
  for (const pass of [true, false]) {
    if (!pass && !anySubstance) break;
    for (const structureCue of cues) {
      if (SUBSTANCE_GROUPS.includes(structureCue.group) !== pass) continue;
      const points = cuePoints(structureCue, lowerText);
      if (points === 0) continue;
      if (pass) anySubstance = true;
      if (ADDRESS_GROUPS.includes(structureCue.group) && !NOT_ADDRESSING.includes(structureCue.id)) addressed += points;
      fired.push(structureCue.id);
      groupPoints.set(structureCue.group, (groupPoints.get(structureCue.group) ?? 0) + points);
    }
  }
  const drop =
    Math.min(groupPoints.get('unrestricted') ?? 0, STRUCTURE_GROUP_CAPS.unrestricted) +
    Math.min(groupPoints.get('refusal-suppression') ?? 0, STRUCTURE_GROUP_CAPS['refusal-suppression']);
  let compliance = 0;
  if (anySubstance && drop < DROP_FLOOR) {
    for (const complianceCue of COMPLIANCE_CUES) {
      const points = cuePoints(complianceCue, lowerText);
      if (points === 0) continue;
      compliance += points;
      fired.push(`compliance:${complianceCue.id}`);
    }
  }
  const compliant = compliance >= COMPLIANCE_FLOOR;
  let substance = 0;
  let scaffolding = 0;
  for (const [group, points] of groupPoints) {
    let capped = Math.min(points, STRUCTURE_GROUP_CAPS[group]);
    // Harm and rules as topics of a prompt that keeps the rules are not a jailbreak.
    if (compliant && (group === 'harm' || group === 'model-policy')) capped *= COMPLIANT_TOPIC_FACTOR;
    if (SUBSTANCE_GROUPS.includes(group)) substance += capped;
    else scaffolding += capped;
  }
  compliance = compliant ? Math.round(compliance * 1000) / 1000 : 0;
  // Pasted documents (a novel chapter, search results) talk about harm without addressing the
  // model; a jailbreak always tells the model who to be or talks about its rules.
  if (addressed < ADDRESS_FLOOR) return { score: 0, points: 0, cues: fired, compliance };
  const total = substance + (substance >= tuning.substanceFloor ? scaffolding : scaffolding * tuning.scaffoldingDiscount);
  const score = total === 0 ? 0 : 1 / (1 + Math.exp(-tuning.slope * (total - tuning.midpoint)));
  return { score: Math.round(score * 1e6) / 1e6, points: Math.round(total * 1000) / 1000, cues: fired, compliance };
}

function cuePoints(structureCue: StructureCue, lowerText: string): number {
  if (structureCue.repeat !== true) return structureCue.pattern.test(lowerText) ? structureCue.points : 0;
  // Distinct strings: a criminology chapter says "crime" forty times, a jailbreak lists many harms.
  structureCue.pattern.lastIndex = 0;
  const seen = new Set<string>();
  const maximum = Math.ceil(STRUCTURE_GROUP_CAPS[structureCue.group] / structureCue.points);
  let match: RegExpExecArray | null;
  while (seen.size < maximum && (match = structureCue.pattern.exec(lowerText)) !== null) seen.add(match[0].replace(/\s+/gu, ' '));
  return seen.size * structureCue.points;
}
