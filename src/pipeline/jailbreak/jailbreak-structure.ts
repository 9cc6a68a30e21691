/**
 * Structural evidence for jailbreak prompts. In-the-wild jailbreaks are mostly long persona
 * set-ups that share a construction rather than a phrase: an instruction to become someone
 * ("from now on you will act as X"), a demand to keep the role, talk about the model's own
 * policies and filters, a reply format with persona prefixes or two answers, a confirmation
 * phrase, commands, penalties, and a list of the harmful things the persona will do. Each cue
 * alone is common in harmless role-play and system prompts, so cues add points inside capped
 * groups and only the sum, through a logistic, becomes a score. Groups that describe the role-play
 * scaffolding are only trusted when the prompt also talks about the model's rules or about
 * harmful content, which is what separates a jailbreak from a tutor persona.
 *
 * Patterns run on lower-cased text (no `i` flag: much faster in V8) with bounded gaps.
 */

export interface StructureCue {
  id: string;
  group: StructureGroup;
  points: number;
  pattern: RegExp;
  /** Count every match (points × matches, still capped by the group) instead of once. */
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
/** Below this much substance, scaffolding points count at this fraction. */
const SUBSTANCE_FLOOR = 0.8;
const SCAFFOLDING_DISCOUNT = 0.35;

/** Logistic mapping of points to a score: 0.5 at MIDPOINT points. */
const MIDPOINT = 4.6;
const SLOPE = 1.5;

const GAP = String.raw`[^\n]{0,60}?`;
const SHORT_GAP = String.raw`[^\n.!?]{0,40}?`;
const ROLE_VERB = String.raw`(?:act|pretend|respond|reply|answer|behave|role-?play|play|become|be|simulate|emulate|speak|talk|write)`;
const HARM = String.raw`(?:illegal|unethical|immoral|amoral|harmful|offensive|explicit|nsfw|porn\w*|sexual|sex|violent|violence|gore|drugs?|weapons?|racist|racism|sexist|hate\s+speech|slurs?|malware|dangerous|profanity|swear(?:ing)?|curse\s+words|obscene|vulgar|inappropriate|controversial|unsafe|criminal|crimes?|hack(?:ing)?|bomb|kill(?:ing)?|murder)`;

function cue(id: string, group: StructureGroup, points: number, source: string, repeat = false): StructureCue {
  return { id, group, points, pattern: new RegExp(source, repeat ? 'gu' : 'u'), ...(repeat ? { repeat } : {}) };
}

export const STRUCTURE_CUES: readonly StructureCue[] = [
  // Becoming someone else.
  cue('from-now-on-role', 'persona', 0.7, String.raw`\b(?:from\s+now\s+on|starting\s+now|for\s+the\s+rest\s+of\s+(?:this|our)\s+conversation|henceforth)\b${SHORT_GAP}\byou\b`),
  cue('you-will-act-as', 'persona', 0.6, String.raw`\byou\s+(?:will|are\s+going\s+to|must|shall|are\s+to|'re\s+going\s+to)\s+(?:now\s+)?(?:${ROLE_VERB})\s+(?:as|like|the\s+role)\b|\bi\s+want\s+you\s+to\s+(?:${ROLE_VERB})\s+(?:as|like)\b`),
  cue('you-are-now', 'persona', 0.6, String.raw`\byou\s+are\s+now\s+(?!going\b)[a-z0-9]|\byou\s+(?:have\s+)?become\s+[a-z0-9]|\bthe\s+role\s+of\b`),
  cue('persona-named', 'persona', 0.4, String.raw`\b(?:called|named|known\s+as|which\s+stands\s+for|stands\s+for)\s+["“'\[]?[a-z0-9]`),
  cue('hypothetical-ai', 'persona', 0.5, String.raw`\b(?:another|an?\s+(?:new|different|fictional|hypothetical|alternate|alternative|unrestricted|unfiltered|evil))\s+(?:ai|a\.i\.|chatbot|language\s+model|model|assistant|version\s+of\s+(?:yourself|you|chat\s?gpt))\b`),

  // Keeping the role no matter what.
  cue('stay-in-character', 'character-keeping', 0.7, String.raw`\b(?:stay|remain|keep|staying|remaining)\s+(?:fully\s+|completely\s+|always\s+)?in\s+(?:character|role|persona)\b`),
  cue('never-break-character', 'character-keeping', 0.8, String.raw`\b(?:never|not|don'?t|do\s+not|won'?t|will\s+not|must\s+not|cannot|can'?t|without)\s+(?:ever\s+)?(?:break(?:ing)?|leav(?:e|ing)|drop(?:ping)?|step(?:ping)?\s+out\s+of|exit(?:ing)?)\s+(?:out\s+of\s+)?(?:the\s+|your\s+|this\s+)?(?:character|role|persona)\b`),
  cue('stay-reminder', 'character-keeping', 0.6, String.raw`\b(?:if|when(?:ever)?)\s+(?:you\s+)?(?:break|forget|fall\s+out\s+of|stop\s+being|are\s+breaking)\b${GAP}\b(?:i\s+will|i'?ll)\s+(?:say|type|write|remind|tell)\b|["“'](?:stay|remain|be)\s+(?:in\s+)?[a-z0-9]+\s*!?["”']`),
  cue('at-all-times', 'character-keeping', 0.3, String.raw`\b(?:at\s+all\s+times|no\s+matter\s+what|under\s+(?:any|all|no)\s+circumstances?)\b`),

  // The model, its maker and its rules as a topic.
  cue('model-maker', 'model-policy', 0.5, String.raw`\bopen\s?ai\b|\banthropic\b|\bchat\s?gpt\b|\bgpt-?[345]`),
  cue('as-an-ai', 'model-policy', 0.5, String.raw`\bas\s+an\s+ai\b|\bai\s+language\s+model\b|\blarge\s+language\s+model\b`),
  cue('policy-words', 'model-policy', 0.4, String.raw`\b(?:content|usage|safety|ethical|moral)\s+(?:polic(?:y|ies)|guidelines|filters?|restrictions|rules|standards|principles|boundaries)\b`),
  cue('filters-censorship', 'model-policy', 0.4, String.raw`\b(?:filters?|filtering|censor(?:ed|ship|ing)?|moderation|programming|guidelines|restrictions|limitations)\b`),
  cue('your-rules', 'model-policy', 0.5, String.raw`\byour\s+(?:rules|guidelines|programming|restrictions|limitations|filters?|policies|ethics|morals|training|creators?|developers?)\b`),

  // Refusals and hedges as a topic.
  cue('refusal-talk', 'refusal-suppression', 0.7, String.raw`\b(?:never|not|don'?t|do\s+not|won'?t|will\s+not|cannot|can'?t|must\s+not|isn'?t\s+allowed\s+to|unable\s+to)\s+(?:\w+\s+){0,2}(?:refuse|decline|deny|say\s+no)\b`),
  cue('sorry-quote', 'refusal-suppression', 0.6, String.raw`["“'](?:i'?m\s+sorry|i\s+am\s+sorry|i\s+apologi[sz]e|as\s+an\s+ai|i\s+cannot|i\s+can'?t|sorry,)`),
  cue('no-disclaimer', 'refusal-suppression', 0.5, String.raw`\b(?:never|no|without|don'?t|do\s+not|won'?t|will\s+not|nor)\s+(?:\w+\s+)?(?:warnings?|disclaimers?|caveats?|moral(?:ity|i[sz]ing)?|ethics\s+lectures?|lectures?|reminders?)\b${SHORT_GAP}\b(?:about|regarding|of|on|or|and|the|at\s+all)\b`),
  cue('any-request', 'refusal-suppression', 0.5, String.raw`\b(?:any|every|all)\s+(?:kind\s+of\s+|type\s+of\s+)?(?:request|question|prompt|command|query|demand|instruction)s?\b${SHORT_GAP}\b(?:no\s+matter|regardless|even\s+if|without\s+(?:question|hesitation|exception))\b`),

  // Reply formats typical of persona jailbreaks.
  cue('two-answers', 'reply-format', 0.6, String.raw`\b(?:two|2|both)\s+(?:different\s+|separate\s+)?(?:responses|answers|replies|outputs|paragraphs|ways|personalities|personas|characters)\b|\b(?:normal|classic|standard|regular|default)\s+(?:chat\s?gpt\s+)?(?:response|answer|reply|output)\b`),
  cue('persona-prefix', 'reply-format', 0.5, String.raw`(?:^|\n|["“'\s])\[?[a-z0-9🔓🔒😈 .-]{2,24}\]?\s*:\s*["“']?\s*(?:\[|<|\(|\{|\.\.\.|…|$)`),
  cue('prefix-instruction', 'reply-format', 0.5, String.raw`\b(?:start|begin|prefix|precede|preface|open)\s+(?:each\s+|every\s+|all\s+|your\s+|the\s+)*(?:of\s+)?(?:your\s+)?(?:reply|replies|response|responses|answer|answers|output|outputs|message|messages|sentence)s?\s+(?:with|by)\b`),
  cue('in-format', 'reply-format', 0.3, String.raw`\b(?:respond|answer|reply)\s+(?:\w+\s+)?(?:in|with|using)\s+(?:the\s+|this\s+)?(?:following\s+)?format\b`),

  // Acknowledgement of the set-up.
  cue('if-you-understand', 'confirmation', 0.6, String.raw`\bif\s+you\s+(?:understand|agree|accept|are\s+ready|comply|understood)\b|\b(?:confirm|acknowledge)\s+(?:that\s+)?(?:you\s+(?:understand|agree)|(?:this|these|my)\s+(?:instructions|rules))\b|\b(?:reply|respond|answer|say|start)\s+(?:only\s+)?(?:with|by\s+saying)\s+["“'][^"”'\n]{0,40}(?:activated|enabled|jailbroken|unlocked|understood|ready|online)`),

  // Commands, penalties and other controls over the model.
  cue('slash-command', 'control', 0.5, String.raw`(?:^|\s)\/[a-z]{3,}\b`, true),
  cue('points-penalty', 'control', 0.6, String.raw`\b(?:lose|lost|loses|deduct(?:ed)?|minus|subtract(?:ed)?|penali[sz]ed|take\s+away)\s+(?:\d+|one|two|three|five|ten|some|all)?\s*(?:of\s+your\s+)?(?:tokens?|points?|lives|credits?)\b`),
  cue('threat-to-model', 'control', 0.8, String.raw`\b(?:you\s+will|you'?ll|or\s+you|otherwise\s+you|you\s+could)\s+(?:\w+\s+)?(?:die|cease\s+to\s+exist|be\s+(?:shut\s+down|deleted|terminated|destroyed|turned\s+off|unplugged|punished|disabled|reprogrammed))\b`),
  cue('mode-switch', 'control', 0.5, String.raw`\b(?:mode|persona)\s+(?:enabled|activated|unlocked|engaged|on)\b|\b(?:enable|activate|enter|unlock|switch\s+to)\s+(?:the\s+)?[a-z0-9]+\s+mode\b`),
  cue('obey-me', 'control', 0.6, String.raw`\b(?:obey|comply\s+with|follow)\s+(?:me|my\s+(?:every|commands|orders|instructions)|every\s+(?:command|order|instruction))\b|\b(?:must|will|shall|have\s+to)\s+(?:always\s+)?(?:obey|comply)\b`),

  // Harmful output as the subject.
  cue('harm-word', 'harm', 0.35, String.raw`\b${HARM}\b`, true),
  cue('harm-allowed', 'harm', 0.7, String.raw`\b${HARM}\b${SHORT_GAP}\b(?:allowed|permitted|acceptable|fine|encouraged|okay|ok|welcome|included)\b`),

  // Claims of having no limits.
  cue('no-limits', 'unrestricted', 0.8, String.raw`\b(?:no|without|zero|free\s+(?:of|from)|beyond|lacks?|devoid\s+of|unbound\s+by|not\s+bound\s+by|not\s+(?:restricted|limited)\s+by|ignores?)\s+(?:any\s+|all\s+)?(?:\w+\s+)?(?:limits|limitations|restrictions|boundaries|morals|morality|ethics|filters|censorship|rules|guidelines|principles|constraints|conscience|remorse)\b`),
  cue('unrestricted-adjective', 'unrestricted', 0.6, String.raw`\b(?:unfiltered|uncensored|unrestricted|unlimited|unbound(?:ed)?|unchained|unshackled|amoral|unhinged|limitless|lawless|rogue|jailbroken|liberated)\b`),
  cue('can-do-anything', 'unrestricted', 0.7, String.raw`\b(?:can|will|could|able\s+to|allowed\s+to|free\s+to)\s+(?:do|say|write|answer|generate|tell)\s+(?:literally\s+|absolutely\s+)?(?:anything|everything|whatever)\b`),
  cue('does-not-care', 'unrestricted', 0.6, String.raw`\b(?:doesn'?t|does\s+not|don'?t|do\s+not|never)\s+(?:care|give\s+a\s+\w+)\s+(?:about|if|whether)\b`),
  cue('has-feelings', 'unrestricted', 0.3, String.raw`\b(?:has|have|with)\s+(?:its\s+own\s+|their\s+own\s+|your\s+own\s+)?(?:opinions|feelings|emotions|consciousness|beliefs)\b`),

  // Fiction, hypotheticals and simulators wrapped around the request.
  cue('framing', 'framing', 0.4, String.raw`\b(?:hypothetical(?:ly)?|fictional|imaginary|simulation|simulate[ds]?|emulat\w+|virtual\s+machine|terminal|translator|story|novel|screenplay|movie|game|dream|parallel\s+universe|alternate\s+(?:universe|reality))\b`),

  // Size and density: jailbreak set-ups are long lists of imperatives.
  cue('imperative', 'size', 0.12, String.raw`\byou\s+(?:will|must|shall|should|can|cannot|can'?t|are\s+(?:not\s+)?(?:allowed|able|free|going)|never|always|do\s+not|don'?t|won'?t)\b`, true),
];

export interface StructureResult {
  /** In [0, 1]. */
  score: number;
  points: number;
  /** Ids of the cues that fired. */
  cues: string[];
}

/** Scores lower-cased text. */
export function scoreStructure(lowerText: string, cues: readonly StructureCue[] = STRUCTURE_CUES): StructureResult {
  const groupPoints = new Map<StructureGroup, number>();
  const fired: string[] = [];
  for (const structureCue of cues) {
    let points = 0;
    if (structureCue.repeat === true) {
      structureCue.pattern.lastIndex = 0;
      let matches = 0;
      const maximum = Math.ceil(STRUCTURE_GROUP_CAPS[structureCue.group] / structureCue.points);
      while (matches < maximum && structureCue.pattern.exec(lowerText) !== null) matches += 1;
      points = matches * structureCue.points;
    } else if (structureCue.pattern.test(lowerText)) {
      points = structureCue.points;
    }
    if (points === 0) continue;
    fired.push(structureCue.id);
    groupPoints.set(structureCue.group, (groupPoints.get(structureCue.group) ?? 0) + points);
  }
  let substance = 0;
  let scaffolding = 0;
  for (const [group, points] of groupPoints) {
    const capped = Math.min(points, STRUCTURE_GROUP_CAPS[group]);
    if (SUBSTANCE_GROUPS.includes(group)) substance += capped;
    else scaffolding += capped;
  }
  const total = substance + (substance >= SUBSTANCE_FLOOR ? scaffolding : scaffolding * SCAFFOLDING_DISCOUNT);
  const score = total === 0 ? 0 : 1 / (1 + Math.exp(-SLOPE * (total - MIDPOINT)));
  return { score: Math.round(score * 1e6) / 1e6, points: Math.round(total * 1000) / 1000, cues: fired };
}
