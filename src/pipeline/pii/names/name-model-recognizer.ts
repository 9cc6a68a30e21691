import type { PiiSpan, Recognizer } from '../pii-entity.ts';
import { NAME_PARTICLES, NOT_NAME_WORDS, TITLE_WORDS, CHINESE_SURNAMES } from '../recognizers/person-cues.ts';
import { isGivenName, isKnownName, isOrdinaryWord } from './name-statistics.ts';
import { isPlaceName } from '../places/gazetteer.ts';

/**
 * Person names without a cue phrase. Latin script: a run of capitalised words (name particles
 * such as "van den" allowed inside) is a name when it starts with a known given name or an
 * initial, every later word is a known name or an unknown capitalised word, and no word is an
 * ordinary word, a place or an organisation word; a title ("Dr.", "Herr", "Señora") makes any
 * capitalised run a name. A single given name counts only mid-sentence and when it is neither an
 * ordinary word nor a place. Cyrillic: patronymics (-ович, -овна …) or a surname ending (-ов,
 * -ева, -ский …) next to another capitalised word. Chinese, Japanese and Korean: a surname plus a
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
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    let word = match[0];
    const initial = /^\p{Lu}\.$/u.test(word);
    if (word.endsWith('.') && !initial) word = word.slice(0, -1);
    word = word.replace(/['’]s$/u, '');
    tokens.push({ start: match.index, end: match.index + word.length, text: word, capitalised: /^\p{Lu}\p{Ll}/u.test(word) || initial, initial });
  }
  return tokens;
}

const lower = (word: string): string => word.toLowerCase().replace(/\.$/, '');
const isLatin = (word: string): boolean => /^\p{Script=Latin}/u.test(word);
const isCyrillic = (word: string): boolean => /^\p{Script=Cyrillic}/u.test(word);
const PATRONYMIC = /(?:ович|евич|ьич|овна|евна|ична|инична)$/u;
const SURNAME_ENDING = /(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая|енко|чук|юк|ук|ян)$/u;
const ADJECTIVE_ENDING = /(?:ая|яя|ое|ее|ые|ие|ого|его|ой|ый)$/u;

function sentenceInitial(text: string, token: Token): boolean {
  const before = text.slice(Math.max(0, token.start - 3), token.start);
  // text.search stops at the first non-space character, so this stays cheap on long messages.
  return token.start === 0 || SENTENCE_BREAK.test(before) || token.start <= text.search(/\S/);
}

function latinRun(text: string, run: Token[], titled: boolean): boolean {
  const words = run.filter((token) => !NAME_PARTICLES.has(token.text));
  if (words.some((token) => ORGANISATION_WORDS.has(lower(token.text)) || NOT_NAME_WORDS.has(lower(token.text)))) return false;
  const first = words[0];
  if (!first) return false;
  if (titled) return words.every((token) => !isOrdinaryWord(token.text) || isKnownName(token.text));
  if (words.length === 1) {
    if (first.initial || sentenceInitial(text, first)) return false;
    return isGivenName(first.text) && !isOrdinaryWord(first.text) && !isPlaceName(first.text) && first.text.length >= 3;
  }
  if (!(first.initial || isGivenName(first.text))) return false;
  if (isOrdinaryWord(first.text) && sentenceInitial(text, first)) return false;
  const rest = words.slice(1);
  if (rest.some((token) => isOrdinaryWord(token.text) && !isKnownName(token.text))) return false;
  // "John Paris" is a name, "Paris France" is not: the last word may be a place only if it is a known name.
  const last = rest[rest.length - 1];
  if (last && isPlaceName(last.text) && !isKnownName(last.text)) return false;
  return rest.some((token) => isKnownName(token.text) || !isOrdinaryWord(token.text));
}

function cyrillicRun(run: Token[]): boolean {
  if (run.length < 2 || run.length > 3) return false;
  if (run.some((token) => ADJECTIVE_ENDING.test(token.text) && !SURNAME_ENDING.test(token.text))) return false;
  if (run.some((token) => PATRONYMIC.test(token.text))) return true;
  return run.some(
    (token) =>
      (SURNAME_ENDING.test(token.text) && !/(?:ская|ский|цкая|цкий)$/u.test(token.text)) || (/(?:ская|ский|цкая|цкий)$/u.test(token.text) && run.length === 3),
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
    if (TITLE_WORDS.has(lower(token.text)) && /^\p{Lu}/u.test(token.text)) {
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
      const opener = !titled && run.length > 1 && sentenceInitial(text, head);
      const accepted = judge(run) ? run : opener && judge(run.slice(1)) ? run.slice(1) : null;
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
