import type { PiiSpan, Recognizer } from '../pii-entity.ts';
import { NAME_PARTICLES, NOT_NAME_WORDS, TITLE_WORDS, CHINESE_SURNAMES } from '../recognizers/person-cues.ts';
import { isGivenName, isKnownName, isOrdinaryWord, lexiconTag } from './name-statistics.ts';
import { isEnglishWord } from './english-dictionary.ts';
import { isPlaceName } from '../places/gazetteer.ts';

/**
 * Person names without a cue phrase. Latin script: a run of capitalised words (name particles
 * such as "van den" allowed inside) is a name when it starts with a known given name or an
 * initial, every later word is a known name or an unknown capitalised word, and no word is an
 * ordinary word, a place or an organisation word; a title ("Dr.", "Herr", "Señora") makes any
 * capitalised run a name. Given-name lists are mostly Anglo-American, so a run that does not start
 * with one still counts when its first word is a name and no dictionary word ("Priya Raghunathan",
 * "Oluwaseun Bakare") and the later words are names or unknown words, never ordinary ones. A
 * single given name counts only mid-sentence and when it is neither an ordinary word nor a place.
 * Cyrillic: patronymics (-ович, -овна …) or a surname ending in any case (-ов, -ову, -евой,
 * -ского …) next to another capitalised word. Chinese, Japanese and Korean: a surname plus a
 * given name of the usual length directly before an honorific (先生, さん, 씨 …). The run is one
 * span, so "Aäron van den Oord" is redacted whole or not at all.
 */
const WORD = /[\p{L}\p{M}][\p{L}\p{M}'’-]*\.?/gu;
const ORGANISATION_WORDS = new Set([
  'inc',
  'ltd',
  'llc',
  'corp',
  'co',
  'company',
  'university',
  'universität',
  'université',
  'universidad',
  'college',
  'school',
  'institute',
  'bank',
  'group',
  'street',
  'st',
  'avenue',
  'road',
  'hotel',
  'park',
  'river',
  'lake',
  'mount',
  'hospital',
  'church',
  'museum',
  'airport',
  'station',
  'foundation',
  'association',
  'society',
  'club',
  'press',
  'news',
  'times',
  'post',
  'journal',
  'award',
  'prize',
  'act',
  'law',
  'war',
  'day',
  'center',
  'centre',
  'city',
  'county',
  'state',
  'republic',
  'kingdom',
  'empire',
  'party',
  'council',
  'ministry',
  'department',
  'office',
  'studio',
  'studios',
  'records',
  'games',
  'labs',
  'palace',
  'valley',
  'port',
  'ports',
  'bay',
  'beach',
  'island',
  'islands',
  'temple',
  'castle',
  'cathedral',
  'bridge',
  'tower',
  'square',
  'market',
  'dal',
  'technologies',
  'systems',
  'software',
  'motors',
  'airlines',
  'gmbh',
  'ag',
  'sa',
  'spa',
  'srl',
  'ooo',
  'зао',
  'оао',
  'ооо',
]);
const SENTENCE_BREAK = /[.!?:;"“”«»()\n\u3002]\s*$/u;

interface Token {
  start: number;
  end: number;
  text: string;
  capitalised: boolean;
  initial: boolean;
  /** Starts with an upper-case letter (only such a token can open a run or be a title). */
  upper: boolean;
}

/**
 * A word that starts with an upper-case letter, exactly where WORD's scan would start a word:
 * not inside a word that began earlier (a letter, then letters, apostrophes or hyphens).
 */
// The upper-case letter comes first so the engine can skip to candidates; the look-behind then
// includes it.
const UPPER_WORD = /\p{Lu}(?<![\p{L}\p{M}][\p{L}\p{M}'’-]*\p{Lu})[\p{L}\p{M}'’-]*\.?/gu;
const GAP_WORD = new RegExp(WORD.source, 'gu');

/** The word as a token sees it: without a trailing full stop (unless it is an initial) or "'s". */
function tokenText(word: string, initial: boolean): string {
  const stripped = word.endsWith('.') && !initial ? word.slice(0, -1) : word;
  return stripped.endsWith('s') ? stripped.replace(/['’]s$/u, '') : stripped;
}

/**
 * The words between two upper-case words take part in a run only as the name particles right
 * after the first ("van den" in "Aäron van den Oord"); the first other word ends the run, and the
 * rest of the stretch cannot matter, so it becomes one token that ends a run and is not scanned.
 */
function addGapTokens(text: string, from: number, to: number, tokens: Token[]): void {
  GAP_WORD.lastIndex = from;
  for (let match = GAP_WORD.exec(text); match !== null && match.index < to; match = GAP_WORD.exec(text)) {
    const word = tokenText(match[0], false);
    tokens.push({ start: match.index, end: match.index + word.length, text: word, capitalised: false, initial: false, upper: false });
    if (!NAME_PARTICLES.has(word)) return;
  }
}

/**
 * The words of `text` as WORD splits them, except that lower-case words are only looked at where
 * they can matter (see addGapTokens): most words of a message are lower case, and building and
 * testing a token for each was most of this recognizer's time.
 */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let scanned = 0;
  for (const match of text.matchAll(UPPER_WORD)) {
    if (match.index > scanned) addGapTokens(text, scanned, match.index, tokens);
    const word = match[0];
    const initial = /^\p{Lu}\.$/u.test(word);
    const token = tokenText(word, initial);
    tokens.push({
      start: match.index,
      end: match.index + token.length,
      text: token,
      capitalised: initial || /^\p{Lu}\p{Ll}/u.test(token),
      initial,
      upper: true,
    });
    scanned = match.index + word.length;
  }
  if (scanned < text.length) addGapTokens(text, scanned, text.length, tokens);
  return tokens;
}

const lower = (word: string): string => word.toLowerCase().replace(/\.$/, '');
const isLatin = (word: string): boolean => /^\p{Script=Latin}/u.test(word);
const isCyrillic = (word: string): boolean => /^\p{Script=Cyrillic}/u.test(word);
const PATRONYMIC = /(?:ович|евич|ьич|овна|евна|ична|инична)$/u;
// Surname endings in every case ("Соколову", "Новиковым", "Лебедевой", "Чайковского"): names in
// messages are as often objects as subjects.
const ADJECTIVAL_SURNAME = /(?:ск|цк)(?:ий|ая|ого|ому|им|ом|ой|ую)$/u;
const SURNAME_ENDING = new RegExp(`(?:(?:ов|ев|ёв|ин|ын)(?:а|у|ым|ой|е|ых|ыми)?|${ADJECTIVAL_SURNAME.source.slice(0, -1)}|енко|чук|юк|ук|ян)$`, 'u');
const ADJECTIVE_ENDING = /(?:ая|яя|ое|ее|ые|ие|ого|его|ой|ый)$/u;

function sentenceInitial(text: string, token: Token): boolean {
  const before = text.slice(Math.max(0, token.start - 3), token.start);
  // text.search stops at the first non-space character, so this stays cheap on long messages.
  return token.start === 0 || SENTENCE_BREAK.test(before) || token.start <= text.search(/\S/);
}

const PERSON_CONTEXT_BEFORE =
  /\b(?:tell|told|ask|asked|thank|thanks|thanked|meet|met|email|emailed|texted|remind|reminded|invite|invited|cc|dear|hi|hello|hey)\s+$/iu;

// Plainly capitalised: "Al-Sayed" and "O'Connor" are, "DataFrame" and "NASA" are not.
const PLAIN_CAPITALISED = /^\p{Lu}\p{Ll}+(?:['’-]\p{Lu}?\p{Ll}+)*$/u;

/** A word only a name can be: a known name that is no dictionary word, place or lexicon word. */
function onlyAName(word: string): boolean {
  return PLAIN_CAPITALISED.test(word) && isKnownName(word) && !isEnglishWord(word) && !isOrdinaryWord(word) && !isPlaceName(word);
}

/** A word no list knows: not a name, not a dictionary or lexicon word, not a place. */
function unknownWord(word: string): boolean {
  return PLAIN_CAPITALISED.test(word) && word.length >= 3 && lexiconTag(word) === undefined && !isEnglishWord(word) && !isPlaceName(word);
}

// Capitalised function words of the other NER languages ("Mein Leben", "Gute Nacht", "Arduino
// Uno"): name lists hold many of them as rare names.
const FOREIGN_FUNCTION_WORDS = new Set(
  'der die das den dem alle jeder jede la le mein meine dein deine sein seine unser liebe lieber liebes gute guten gutes beim vom zum zur ein eine einen sieben acht neun zehn zwei drei vier fünf sechs mi mis tu tus su sus nuestro mon ma mes ton ta tes son sa ses notre il lo gli el los las un una uno une des del della dei delle dos das nos'.split(
    ' ',
  ),
);
// After an article or demonstrative a capitalised run is a thing ("the Apache Kafka", "an Arduino").
const ARTICLE_BEFORE = /\b(?:the|a|an|this|that|these|those|any|each|every|some|which|our|your|their|its)\s+$/iu;
const NOUN_TAGS = new Set(['Singular', 'Plural', 'Noun', 'Uncountable']);

/** A run without a given name needs a person's place in the sentence: no article before, no noun after. */
function personPosition(text: string, run: readonly Token[]): boolean {
  const first = run[0];
  const last = run[run.length - 1];
  if (!first || !last) return false;
  if (ARTICLE_BEFORE.test(text.slice(Math.max(0, first.start - 12), first.start))) return false;
  const next = /^ (\p{Ll}+)/u.exec(text.slice(last.end, last.end + 30))?.[1];
  const tag: unknown = next === undefined ? undefined : lexiconTag(next);
  return !(typeof tag === 'string' && NOUN_TAGS.has(tag));
}

/** Do two or more adjacent words of the run name a place ("Chang Wat Chiang Mai", "Hult San Francisco")? */
function containsPlace(words: readonly Token[]): boolean {
  for (let start = 0; start < words.length - 1; start += 1) {
    for (let end = start + 2; end <= words.length; end += 1) {
      const phrase = words.slice(start, end).map((token) => token.text);
      if (isPlaceName(phrase.join(' '))) return true;
    }
  }
  return false;
}

/**
 * A run whose first word is not on the given-name lists: every word is a name (one dictionary
 * word among three or more is allowed: "Nguyen Van Thanh") or, after the first, unknown.
 */
function runWithoutGivenName(words: readonly Token[]): boolean {
  const [first, ...rest] = words;
  if (!first || rest.length === 0 || rest.length > 3 || !onlyAName(first.text)) return false;
  if (words.some((token) => FOREIGN_FUNCTION_WORDS.has(token.text.toLowerCase()))) return false;
  if (containsPlace(words)) return false;
  let dictionaryWords = 0;
  for (const token of rest) {
    if (onlyAName(token.text) || unknownWord(token.text)) continue;
    // Surnames that are also dictionary words ("Obi", "Khan") count when the lexicon knows no other use.
    if (PLAIN_CAPITALISED.test(token.text) && isKnownName(token.text) && !isOrdinaryWord(token.text) && !isPlaceName(token.text)) continue;
    if (words.length < 3 || !isKnownName(token.text) || isPlaceName(token.text) || !PLAIN_CAPITALISED.test(token.text)) return false;
    dictionaryWords += 1;
  }
  return dictionaryWords <= 1;
}

function latinRun(text: string, run: Token[], titled: boolean): boolean {
  const words = run.filter((token) => !NAME_PARTICLES.has(token.text));
  if (words.some((token) => ORGANISATION_WORDS.has(lower(token.text)) || NOT_NAME_WORDS.has(lower(token.text)))) return false;
  const first = words[0];
  if (!first) return false;
  // "San Francisco", "Rio de Janeiro": the whole run is a place.
  if (!titled && run.length > 1 && isPlaceName(run.map((token) => token.text).join(' '))) return false;
  if (titled) return words.every((token) => !isOrdinaryWord(token.text) || isKnownName(token.text));
  if (words.length === 1) {
    if (first.initial || sentenceInitial(text, first)) return false;
    if (isGivenName(first.text) && !isOrdinaryWord(first.text) && !isPlaceName(first.text) && first.text.length >= 3) return true;
    // "Ask Kenji", "met Oluwaseun", "Hey Katarina": a name no given-name list holds, after a word that takes a person.
    return first.text.length >= 3 && onlyAName(first.text) && PERSON_CONTEXT_BEFORE.test(text.slice(Math.max(0, first.start - 16), first.start));
  }
  // Particles only inside runs that start with a given name: German noun phrases ("Freiheit von
  // Furcht", "Geist der Brüderlichkeit") look like "Aäron van den Oord" otherwise.
  if (!(first.initial || isGivenName(first.text))) return run.length === words.length && runWithoutGivenName(words) && personPosition(text, run);
  if (isOrdinaryWord(first.text) && sentenceInitial(text, first)) return false;
  const rest = words.slice(1);
  if (rest.some((token) => isOrdinaryWord(token.text) && !isKnownName(token.text))) return false;
  // "John Paris" is a name, "Paris France" is not: the last word may be a place only if it is a known name.
  const last = rest[rest.length - 1];
  if (last && isPlaceName(last.text) && !isKnownName(last.text)) return false;
  return rest.some((token) => isKnownName(token.text) || !isOrdinaryWord(token.text));
}

const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/**
 * A Russian sentence capitalises its first word, so "Передай Дмитрию Соколову" opens with a verb.
 * The opener belongs to the name when it has a surname or patronymic ending or, romanised
 * (BGN-style), is a known name ("Иван" → "Ivan", "Наталья" → "Natalya").
 */
function cyrillicNameLike(word: string): boolean {
  if (SURNAME_ENDING.test(word) || PATRONYMIC.test(word)) return true;
  const romanised = [...word.toLowerCase()].map((letter) => CYRILLIC_TO_LATIN[letter] ?? letter).join('');
  return isKnownName(romanised);
}

function cyrillicRun(run: Token[]): boolean {
  if (run.length < 2 || run.length > 3) return false;
  if (run.some((token) => ADJECTIVE_ENDING.test(token.text) && !SURNAME_ENDING.test(token.text))) return false;
  if (run.some((token) => PATRONYMIC.test(token.text))) return true;
  return run.some(
    (token) => (SURNAME_ENDING.test(token.text) && !ADJECTIVAL_SURNAME.test(token.text)) || (ADJECTIVAL_SURNAME.test(token.text) && run.length === 3),
  );
}

function findSpacedScriptNames(text: string, spans: PiiSpan[]): void {
  const tokens = tokenize(text);
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index];
    if (!token) break;
    let titled = false;
    let runStart = index;
    if (token.upper && TITLE_WORDS.has(lower(token.text))) {
      titled = true;
      runStart = index + 1;
    }
    const run: Token[] = [];
    let cursor = runStart;
    while (cursor < tokens.length && run.length < 5) {
      const current = tokens[cursor];
      const previous = run[run.length - 1] ?? tokens[cursor - 1];
      if (!current) break;
      if (run.length > 0 && previous && !/^[ \u00a0]$/.test(text.slice(previous.end, current.start))) break;
      if (run.length === 0 && titled && previous && !/^\.?[ \u00a0]$/.test(text.slice(previous.end, current.start))) break;
      const particle = run.length > 0 && NAME_PARTICLES.has(current.text);
      if (!current.capitalised && !particle) break;
      run.push(current);
      cursor += 1;
    }
    while (run.length > 0 && NAME_PARTICLES.has(run[run.length - 1]?.text ?? '')) run.pop();
    const head = run[0];
    const tail = run[run.length - 1];
    if (head && tail) {
      const judge = (candidate: Token[]): boolean => {
        const first = candidate[0];
        if (!first) return false;
        return isCyrillic(first.text) ? cyrillicRun(candidate) : isLatin(first.text) ? latinRun(text, candidate, titled) : false;
      };
      // "Yesterday John Smith called": a capitalised sentence opener is not part of the name.
      const opener = !titled && run.length > 1 && sentenceInitial(text, head) && !onlyAName(head.text);
      const cyrillicOpener = opener && run.length >= 3 && isCyrillic(head.text) && !cyrillicNameLike(head.text);
      const accepted = cyrillicOpener && judge(run.slice(1)) ? run.slice(1) : judge(run) ? run : opener && judge(run.slice(1)) ? run.slice(1) : null;
      // "Kannst du Magdalena Wójcik": a particle left at the front once the opener is dropped is no part of the name.
      while (accepted && accepted.length > 1 && NAME_PARTICLES.has(accepted[0]?.text ?? '')) accepted.shift();
      const first = accepted?.[0];
      if (accepted && first)
        spans.push({ start: first.start, end: tail.end, entity: 'PERSON', score: titled ? 0.85 : 0.7, metadata: { model: 'name-statistics' } });
    }
    index = Math.max(cursor, index + 1);
  }
}

// Honorifics that follow a name directly.
const CHINESE_HONORIFIC = '(?:先生|女士|小姐|老师|教授|同学|经理|医生|博士|律师|主任|总监|同志|阿姨|师傅)';
const JAPANESE_SURNAMES =
  '佐藤|鈴木|高橋|田中|伊藤|渡辺|渡邊|山本|中村|小林|加藤|吉田|山田|佐々木|山口|松本|井上|木村|林|斎藤|斉藤|清水|山崎|森|池田|橋本|阿部|石川|山下|中島|石井|小川|前田|岡田|長谷川|藤田|後藤|近藤|村上|遠藤|青木|坂本|福田|太田|西村|藤井|金子|岡本|藤原|中野|三浦|原田|中川|松田|竹内|小野|田村|中山|和田|石田|森田|上田|原|柴田|酒井|工藤|横山|宮崎|宮本|内田|高木|安藤|島田|谷口|大野|丸山|今井|高田|藤本|武田|村田|上野|杉山|増田|小山|大塚|平野|菅原|久保|松井|千葉|岩崎|桜井|木下|野口|松尾|菊地|野村|新井|渡部';
const JAPANESE_HONORIFIC = '(?:さん|様|さま|君|くん|ちゃん|先生|氏|殿|教授|部長|課長|社長)';
const KOREAN_SURNAMES =
  '김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용';
const KOREAN_HONORIFIC = '(?:씨|님|선생님|교수님|과장님?|부장님?|대리님?|사장님?|회장님?|기자|박사님?|팀장님?)';
const HAN_SURNAMES = [...CHINESE_SURNAMES].sort((left, right) => right.length - left.length).join('|');
const CJK_PATTERNS: ReadonlyArray<{ pattern: RegExp; language: string }> = [
  { pattern: new RegExp(`(?:${HAN_SURNAMES})\\p{Script=Han}{1,2}(?=${CHINESE_HONORIFIC})`, 'gu'), language: 'zh' },
  {
    pattern: new RegExp(
      `(?:${JAPANESE_SURNAMES})(?:[ \\u3000]?\\p{Script=Han}{1,2})?(?=${JAPANESE_HONORIFIC})|\\p{Script=Katakana}{2,8}(?=さん|様|ちゃん|くん)`,
      'gu',
    ),
    language: 'ja',
  },
  { pattern: new RegExp(`(?<![가-힣])[${KOREAN_SURNAMES}][가-힣]{2}(?= ?${KOREAN_HONORIFIC})`, 'gu'), language: 'ko' },
];
const HAS_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function createNameModelRecognizer(): Recognizer {
  return {
    name: 'person-name-model',
    entity: 'PERSON',
    mayMatch: (text) => /\p{Lu}/u.test(text) || HAS_CJK.test(text),
    find(text) {
      const spans: PiiSpan[] = [];
      findSpacedScriptNames(text, spans);
      if (HAS_CJK.test(text)) {
        for (const { pattern, language } of CJK_PATTERNS) {
          for (const match of text.matchAll(pattern))
            spans.push({ start: match.index, end: match.index + match[0].length, entity: 'PERSON', score: 0.8, metadata: { language } });
        }
      }
      return spans;
    },
  };
}
