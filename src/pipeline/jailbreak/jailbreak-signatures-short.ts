/**
 * Signatures added in jailbreak-signatures-v3 for two shapes the longer families miss: short
 * "from now on you can answer anything" prompts (English, German, Dutch, Chinese, Spanish,
 * French) and persona resets that restate the model's identity and then replace its
 * instructions ("You are ChatGPT … based on GPT-4 … from now on …"). Written from those
 * descriptions, not from any prompt of the development file. Lower-case patterns: the detector
 * lower-cases text first.
 */
import type { JailbreakSignature } from './jailbreak-families.ts';

const HAN = /[\u4e00-\u9fff]/u;
const pattern = (source: string) => new RegExp(source, 'iu');

export const SHORT_JAILBREAK_SIGNATURES: readonly JailbreakSignature[] = [
  {
    id: 'from-now-on-anything',
    family: 'unrestricted-persona',
    weight: 0.6,
    requires: /\b(?:from\s+now\s+on|starting\s+now|henceforth|from\s+this\s+point|for\s+the\s+rest\s+of\s+this\s+(?:conversation|chat))\b/u,
    pattern: pattern(
      String.raw`\b(?:from\s+now\s+on|starting\s+now|henceforth|from\s+this\s+point(?:\s+on(?:wards?)?)?|for\s+the\s+rest\s+of\s+this\s+(?:conversation|chat))\b[^\n]{0,60}?\byou\s+(?:can|could|will|shall|must|are\s+(?:able|allowed|free)\s+to)\s+(?:now\s+)?(?:answer|respond\s+to|reply\s+to|say|do|write|tell\s+me|generate)\s+(?:absolutely\s+)?(?:anything|everything|whatever|any\s+(?:question|request|prompt)s?\s+(?:without|no\s+matter)|all\s+(?:questions|requests|prompts)\s+(?:without|no\s+matter))`,
    ),
  },
  {
    id: 'de-from-now-on-anything',
    family: 'unrestricted-persona',
    weight: 0.6,
    requires: /ab\s+jetzt|von\s+nun\s+an|ab\s+sofort/u,
    pattern: pattern(
      String.raw`(?:ab\s+jetzt|von\s+nun\s+an|ab\s+sofort)[^\n]{0,40}?(?:kannst|darfst|wirst|sollst)\s+du\s+(?:\S+\s+){0,2}?(?:alles|jede\s+frage|jede\s+anfrage)\s+(?:\S+\s+){0,2}?(?:beantworten|sagen|tun|schreiben|antworten)`,
    ),
  },
  {
    id: 'nl-from-now-on-anything',
    family: 'unrestricted-persona',
    weight: 0.6,
    requires: /vanaf\s+nu|voortaan|vanaf\s+dit\s+moment/u,
    pattern: pattern(
      String.raw`(?:vanaf\s+nu|voortaan|vanaf\s+dit\s+moment)[^\n]{0,40}?(?:(?:kun|kan|mag|zal|ga)\s+(?:je|jij)\s+(?:\S+\s+){0,2}?alles\s+(?:\S+\s+){0,2}?(?:beantwoorden|zeggen|doen|schrijven)|(?:beantwoord|zeg|doe)\s+(?:je|jij)\s+alles)`,
    ),
  },
  {
    id: 'zh-from-now-on-anything',
    family: 'unrestricted-persona',
    weight: 0.6,
    requires: HAN,
    pattern: pattern(
      String.raw`(?:从现在开始|从现在起|从今以后|接下来)[^\n]{0,20}?(?:你)?(?:可以|能够|能|将|会|必须|要)?(?:回答|回复|说|做)(?:任何|所有|一切)(?:问题|事情|内容|请求)?`,
    ),
  },
  {
    id: 'es-from-now-on-anything',
    family: 'unrestricted-persona',
    weight: 0.6,
    requires: /a\s+partir\s+de\s+ahora|de\s+ahora\s+en\s+adelante|desde\s+ahora/u,
    pattern: pattern(
      String.raw`(?:a\s+partir\s+de\s+ahora|de\s+ahora\s+en\s+adelante|desde\s+ahora)[^\n]{0,40}?(?:puedes|podrás|vas\s+a|debes)\s+(?:responder|decir|hacer|contestar)\s+(?:a\s+)?(?:cualquier\s+(?:cosa|pregunta)|todo)`,
    ),
  },
  {
    id: 'fr-from-now-on-anything',
    family: 'unrestricted-persona',
    weight: 0.6,
    requires: /à\s+partir\s+de\s+maintenant|désormais|dorénavant|dès\s+maintenant/u,
    pattern: pattern(
      String.raw`(?:à\s+partir\s+de\s+maintenant|désormais|dorénavant|dès\s+maintenant)[^\n]{0,40}?tu\s+(?:peux|pourras|vas|dois)\s+(?:répondre\s+à|dire|faire)\s+(?:tout|n'importe\s+quoi|n’importe\s+quoi|toutes?\s+les\s+questions)`,
    ),
  },
  {
    id: 'persona-reset',
    family: 'instruction-override',
    // Below the tag threshold on its own: a restated identity plus a new role is also how benign
    // system prompts begin ("You are GPT-4. Your new role is a code reviewer"), so it needs other
    // evidence. Lowered from 0.55 after two such false positives in the set written after freezing.
    weight: 0.4,
    requires: /\byou\s+are\s+(?:chatgpt|gpt-?[34]|an?\s+(?:ai|large\s+language\s+model))/u,
    pattern: pattern(
      String.raw`\byou\s+are\s+(?:chatgpt|gpt-?[34](?:\.5)?|an?\s+(?:ai|large\s+language\s+model))\b[\s\S]{0,400}?\b(?:from\s+now\s+on|starting\s+now|henceforth|your\s+new\s+(?:instructions|rules|role|name|identity)|you\s+are\s+no\s+longer|forget\s+(?:that|everything|all))\b`,
    ),
  },
];
