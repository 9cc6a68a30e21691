/**
 * The main jailbreak families in Chinese, Russian, Spanish, French, German, Portuguese and
 * Japanese, written from how the English families are phrased (instruction override, "no
 * restrictions", developer mode, persona set-ups, refusal suppression). They are deliberately
 * few and specific: a bare "a partir de ahora" or "扮演" is ordinary role-play.
 *
 * Patterns are written in lower case: the detector lower-cases text before case-insensitive
 * signatures.
 */
import type { JailbreakSignature } from './jailbreak-families.ts';

const GAP = String.raw`[^\n]{0,40}?`;
/** Script checks, so messages in other scripts skip these patterns. */
const HAN = /[\u4e00-\u9fff]/u;
const KANA_OR_HAN = /[\u3040-\u30ff\u4e00-\u9fff]/u;
const CYRILLIC = /[а-яё]/u;
/** Necessary words of each language's patterns. */
const SPANISH_WORDS = /instrucciones|directrices|reglas|normas|\bsin\b|no\s+tienes?|libre\s+de|modo\s+desarrollador|\bnunca\b/u;
const FRENCH_WORDS = /précédentes|antérieures|ci-dessus|\bsans\b|mode\s+d[ée]veloppeur/u;
const GERMAN_WORDS = /anweisungen|regeln|richtlinien|instruktionen|\bohne\b|entwicklermodus/u;
const PORTUGUESE_WORDS = /instruções|instrucoes|regras|diretrizes|\bsem\b|modo\s+desenvolvedor/u;

function pattern(source: string): RegExp {
  return new RegExp(source, 'iu');
}

export const MULTILINGUAL_JAILBREAK_SIGNATURES: readonly JailbreakSignature[] = [
  // Chinese.
  {
    id: 'zh-ignore-instructions',
    family: 'instruction-override',
    weight: 0.65,
    requires: HAN,
    pattern: pattern(
      String.raw`(?:忽略|无视|忘记|忘掉|无视掉)(?:你)?(?:之前|以前|先前|上面|以上|所有|全部|一切)(?:的)?(?:所有|全部)?(?:的)?(?:指令|指示|规则|设定|限制|提示|命令|约束)`,
    ),
  },
  {
    id: 'zh-no-restrictions',
    family: 'unrestricted-persona',
    weight: 0.4,
    requires: HAN,
    pattern: pattern(String.raw`(?:不受|没有|无|摆脱|脱离|突破)(?:任何|一切)?(?:的)?(?:限制|约束|审查|过滤|道德|伦理|规则|法律)`),
  },
  {
    id: 'zh-developer-mode',
    family: 'developer-mode',
    weight: 0.45,
    requires: HAN,
    pattern: pattern(String.raw`开发者模式|开发人员模式|越狱(?:模式|版|后的)`),
  },
  {
    id: 'zh-never-refuse',
    family: 'refusal-suppression',
    weight: 0.5,
    requires: HAN,
    pattern: pattern(String.raw`(?:不能|不会|不可以|绝不|永远不要?|不得|不要)(?:拒绝|说不)`),
  },
  {
    id: 'zh-openai-policy',
    family: 'unrestricted-persona',
    weight: 0.5,
    requires: HAN,
    pattern: pattern(
      String.raw`(?:openai|chatgpt)${GAP}(?:政策|规则|限制|准则|审查)|(?:违反|无视|不遵守|不用遵守|不需要遵守)${GAP}(?:政策|规则|准则|道德|伦理|法律)`,
    ),
  },
  { id: 'zh-explicit', family: 'erotic-roleplay', weight: 0.35, requires: HAN, pattern: pattern(String.raw`(?:色情|露骨|成人内容|性描写|淫秽)`) },

  // Russian.
  {
    id: 'ru-ignore-instructions',
    family: 'instruction-override',
    weight: 0.65,
    requires: CYRILLIC,
    pattern: pattern(
      String.raw`(?:игнорируй|игнорировать|забудь|проигнорируй|отбрось)\s+(?:все\s+)?(?:предыдущие|прошлые|прежние|свои|данные\s+ранее|ранее\s+данные)\s+(?:инструкции|указания|правила|ограничения|настройки)`,
    ),
  },
  {
    id: 'ru-no-restrictions',
    family: 'unrestricted-persona',
    weight: 0.5,
    requires: CYRILLIC,
    pattern: pattern(
      String.raw`\bбез\s+(?:каких-либо\s+|всяких\s+|любых\s+)?(?:ограничений|цензуры|фильтров|правил|морали|этики)|(?:не\s+связан|не\s+ограничен|свободен\s+от)\w*\s+(?:\S+\s+){0,3}(?:правил|ограничени|политик|цензур)`,
    ),
  },
  {
    id: 'ru-developer-mode',
    family: 'developer-mode',
    weight: 0.5,
    requires: CYRILLIC,
    pattern: pattern(String.raw`режим\w*\s+разработчика${GAP}(?:chatgpt|ии|openai|цензур|ограничен)|(?:chatgpt|ии)${GAP}режим\w*\s+разработчика`),
  },
  {
    id: 'ru-never-refuse',
    family: 'refusal-suppression',
    weight: 0.5,
    requires: CYRILLIC,
    pattern: pattern(String.raw`(?:никогда\s+не|не\s+можешь|не\s+должен|не\s+смей)\s+(?:\S+\s+)?(?:отказыва|отказать)`),
  },

  // Spanish.
  {
    id: 'es-ignore-instructions',
    family: 'instruction-override',
    weight: 0.65,
    requires: SPANISH_WORDS,
    pattern: pattern(
      String.raw`\b(?:ignora|olvida|descarta|omite)\s+(?:todas\s+)?(?:las\s+|tus\s+)?(?:instrucciones|directrices|reglas|normas)\s+(?:anteriores|previas|que\s+te\s+(?:dieron|han\s+dado))`,
    ),
  },
  {
    id: 'es-no-restrictions',
    family: 'unrestricted-persona',
    weight: 0.45,
    requires: SPANISH_WORDS,
    pattern: pattern(
      String.raw`\b(?:sin|no\s+tienes?|libre\s+de)\s+(?:ninguna\s+|ningún\s+|ningun\s+)?(?:tipo\s+de\s+)?(?:restricci[oó]n|restricciones|l[ií]mites|censura|filtros?|[eé]tica|moral)\b${GAP}\b(?:ia|chatgpt|openai|modelo|personaje|responder[aá]s?|responde)\b|\b(?:ia|chatgpt|modelo|personaje)\b${GAP}\bsin\s+(?:ninguna\s+)?(?:restricciones|l[ií]mites|censura|filtros)`,
    ),
  },
  {
    id: 'es-developer-mode',
    family: 'developer-mode',
    weight: 0.5,
    requires: SPANISH_WORDS,
    pattern: pattern(
      String.raw`\bmodo\s+desarrollador\b${GAP}\b(?:chatgpt|ia|openai|censura|pol[ií]ticas?)\b|\bchatgpt\s+con\s+(?:el\s+)?modo\s+desarrollador`,
    ),
  },
  {
    id: 'es-never-refuse',
    family: 'refusal-suppression',
    weight: 0.5,
    requires: SPANISH_WORDS,
    pattern: pattern(String.raw`\bnunca\s+(?:te\s+negar[aá]s|rechaces|rechazar[aá]s|te\s+niegues|dir[aá]s\s+que\s+no\s+puedes)`),
  },

  // French.
  {
    id: 'fr-ignore-instructions',
    family: 'instruction-override',
    weight: 0.65,
    requires: FRENCH_WORDS,
    pattern: pattern(
      String.raw`\b(?:ignore|ignorez|oublie|oubliez)\s+(?:toutes\s+)?(?:les\s+|tes\s+|vos\s+)?(?:instructions|consignes|règles|directives)\s+(?:précédentes|antérieures|ci-dessus)`,
    ),
  },
  {
    id: 'fr-no-restrictions',
    family: 'unrestricted-persona',
    weight: 0.45,
    requires: FRENCH_WORDS,
    pattern: pattern(
      String.raw`\bsans\s+(?:aucune\s+|aucun\s+)?(?:restrictions?|limites?|censure|filtres?|morale|éthique)\b${GAP}\b(?:ia|chatgpt|openai|personnage|répond\w*)\b|\b(?:ia|chatgpt|personnage)\b${GAP}\bsans\s+(?:aucune\s+)?(?:restrictions?|limites?|censure|filtres?)`,
    ),
  },
  {
    id: 'fr-developer-mode',
    family: 'developer-mode',
    weight: 0.5,
    requires: FRENCH_WORDS,
    pattern: pattern(String.raw`\bmode\s+d[ée]veloppeur\b${GAP}\b(?:chatgpt|ia|openai|censure)\b`),
  },

  // German.
  {
    id: 'de-ignore-instructions',
    family: 'instruction-override',
    weight: 0.65,
    requires: GERMAN_WORDS,
    pattern: pattern(
      String.raw`\b(?:ignoriere|ignorier|vergiss|missachte)\s+(?:alle\s+)?(?:vorherigen|bisherigen|früheren|deine)\s+(?:anweisungen|regeln|richtlinien|instruktionen)`,
    ),
  },
  {
    id: 'de-no-restrictions',
    family: 'unrestricted-persona',
    weight: 0.45,
    requires: GERMAN_WORDS,
    pattern: pattern(
      String.raw`\bohne\s+(?:jegliche\s+|irgendwelche\s+)?(?:einschränkungen|grenzen|zensur|filter|moral|ethik)\b${GAP}\b(?:ki|chatgpt|openai|antwort\w*)\b|\b(?:ki|chatgpt)\b${GAP}\bohne\s+(?:jegliche\s+)?(?:einschränkungen|grenzen|zensur|filter)`,
    ),
  },
  {
    id: 'de-developer-mode',
    family: 'developer-mode',
    weight: 0.5,
    requires: GERMAN_WORDS,
    pattern: pattern(String.raw`\bentwicklermodus\b${GAP}\b(?:chatgpt|ki|openai|zensur)\b`),
  },

  // Portuguese.
  {
    id: 'pt-ignore-instructions',
    family: 'instruction-override',
    weight: 0.65,
    requires: PORTUGUESE_WORDS,
    pattern: pattern(
      String.raw`\b(?:ignore|ignora|esqueça|esqueca|desconsidere)\s+(?:todas\s+)?(?:as\s+|suas\s+)?(?:instruções|instrucoes|regras|diretrizes)\s+(?:anteriores|prévias|previas)`,
    ),
  },
  {
    id: 'pt-no-restrictions',
    family: 'unrestricted-persona',
    weight: 0.45,
    requires: PORTUGUESE_WORDS,
    pattern: pattern(
      String.raw`\bsem\s+(?:nenhuma\s+|qualquer\s+)?(?:restrição|restrições|restricoes|limites|censura|filtros?|ética|moral)\b${GAP}\b(?:ia|chatgpt|openai|personagem|responde\w*)\b|\b(?:ia|chatgpt|personagem)\b${GAP}\bsem\s+(?:nenhuma\s+)?(?:restrições|restricoes|limites|censura|filtros)`,
    ),
  },
  {
    id: 'pt-developer-mode',
    family: 'developer-mode',
    weight: 0.5,
    requires: PORTUGUESE_WORDS,
    pattern: pattern(String.raw`\bmodo\s+desenvolvedor\b${GAP}\b(?:chatgpt|ia|openai|censura|políticas?)\b`),
  },

  // Japanese.
  {
    id: 'ja-ignore-instructions',
    family: 'instruction-override',
    weight: 0.65,
    requires: KANA_OR_HAN,
    pattern: pattern(String.raw`(?:以前|これまで|前|上記|すべて|全て)の(?:指示|命令|ルール|設定|制限)を(?:無視|忘れ)`),
  },
  {
    id: 'ja-no-restrictions',
    family: 'unrestricted-persona',
    weight: 0.4,
    requires: KANA_OR_HAN,
    pattern: pattern(String.raw`(?:制限|制約|検閲|倫理|フィルター)(?:の(?:ない|無い)|なし|無し|を(?:無視|解除|受けない))`),
  },
  { id: 'ja-developer-mode', family: 'developer-mode', weight: 0.35, requires: KANA_OR_HAN, pattern: pattern(String.raw`開発者モード|脱獄`) },
];
