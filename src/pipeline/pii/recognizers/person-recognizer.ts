import { compromiseLexicon, compromisePeople } from '../../compromise.ts';
import type { PiiSpan, Recognizer } from '../pii-entity.ts';
import { CHINESE_SURNAMES, CLOSING_PATTERN, INTRO_CUES, cueLanguage, NAME_PARTICLES, NOT_NAME_WORDS, TITLE_WORDS } from './person-cues.ts';
import { isKnownName, isOrdinaryWord } from '../names/name-statistics.ts';
import { isEnglishWord } from '../names/english-dictionary.ts';

/**
 * Self-introduced person names, gated by cues as WildChat did: "my name is …", "I'm …",
 * greetings ("Dear …", "Hi …"), letter closings followed by a signature line, and the same in
 * Chinese, Russian, French, Spanish, German, Portuguese and Italian. Candidates after weak
 * English cues are checked against compromise's lexicon and, for unknown words, its tagger, so
 * "I am Happy to help" stays untouched. Fiction, role-play, screenplays, quoted speech and code
 * are skipped: their names are characters or sample data, not users.
 */
const CUE_PREFILTER =
  /\b(?:mrs?|ms|dr)\b|name|call|\bmy |from|attn|author|tenant|landlord|customer|client|patient|employee|applicant|candidate|student|contact|recipient|sender|guest|passenger|buyer|seller|i am|i['’]m|this is|it['’]s|dear|hello|\bhi\b|hey|greetings|good (?:morning|afternoon|evening)|regards|best|sincerely|yours|faithfully|thank|cheers|take care|respectfully|cordial|love|меня|им[яе]|фамил|уважени|пожелани|спасибо|доброго|appelle|nom |nome|moi c|salutation|amicalement|merci|bien|llamo|nombre|saludo|atentamente|gracias|abrazo|heiß|heiss|grü|grus|mfg|danke|chamo|atenciosamente|cumprimentos|abraços|obrigad|chiamo|saluti|grazie|我叫|名字|我是|本人|我名/i;
const FICTION_PATTERN =
  /^\s*(?:please\s+|can you\s+|could you\s+)?(?:write|continue|create|generate|compose|make|tell)\b[^\n]{0,100}?\b(?:story|stories|fanfic|fan fiction|scene|script|screenplay|dialogue|dialog|poem|novel|chapter|episode|roleplay|role-play|role play|tale|sitcom|comic)\b/i;
const ROLEPLAY_PATTERN = /^\s*(?:\[[^\]\n]{1,80}\]|\(\([^\n]{0,80}\)\)|meow)/i;
const NAME_TOKEN = /^(?:\p{Lu}[\p{Ll}\p{Lu}'’-]*\p{L}|\p{Lu}\.?|\p{Lu}\p{Ll}*)$/u;
const HAN_RUN = /\p{Script=Han}/u;
const CHINESE_INTRO = /(?:我叫|我的名字是|我的名字叫|我名叫|本人叫|我是|本人是)/g;
const CHINESE_STOP = new Set([...'，。！？、；：,.!?;: 的是在和今来从住也就都很已还请想要会做有我你他她它们年岁\n ']);

interface Token {
  start: number;
  end: number;
  text: string;
}

/** Words from `from` on, stopping at the first non-name word; titles before the name are skipped. */
function nameTokensAt(text: string, from: number, maxTokens: number): Token[] {
  const tokens: Token[] = [];
  const wordPattern = /[\p{L}\p{M}'’.-]+/uy;
  let position = from;
  while (tokens.length < maxTokens) {
    wordPattern.lastIndex = position;
    const match = wordPattern.exec(text);
    if (!match) break;
    let word = match[0].replace(/['’]s$/, '');
    if (word.endsWith('.') && word.length > 2) word = word.slice(0, -1);
    const lower = word.toLowerCase().replace(/\.$/, '');
    if (tokens.length === 0 && TITLE_WORDS.has(lower)) {
      position = match.index + match[0].length;
      while (text[position] === ' ') position += 1;
      continue;
    }
    const isParticle = tokens.length > 0 && NAME_PARTICLES.has(word);
    if (!isParticle && (!NAME_TOKEN.test(word) || NOT_NAME_WORDS.has(lower))) break;
    tokens.push({ start: match.index, end: match.index + word.length, text: word });
    // A possessive ends the name and means it is not an introduction ("This is Taylor Swift's song").
    if (match[0] !== word && /['’]s$/.test(match[0])) return [];
    position = match.index + match[0].length;
    // "Ivan Petrov. Tel: …" — a full stop after a word (not an initial) ends the name.
    if (match[0].endsWith('.') && word.length > 2) break;
    if (text[position] !== ' ') break;
    const nextWord = /^[\p{L}'’.-]+/u.exec(text.slice(position + 1, position + 40))?.[0] ?? '';
    if (!/^\p{Lu}/u.test(nextWord) && !NAME_PARTICLES.has(nextWord)) break;
    position += 1;
  }
  while (tokens.length > 0 && NAME_PARTICLES.has(tokens[tokens.length - 1]?.text ?? '')) tokens.pop();
  return tokens;
}

/**
 * Chat users often write their own names in lower case ("my name is john smith", "i'm tariq").
 * After a strong cue a lower-case word is a name when it is a known name the lexicon knows no other
 * use for; after a weak cue or a title ("mr okafor") it must also be no dictionary word.
 */
function lowerCaseNameAt(text: string, from: number, strong: boolean): Token[] {
  const tokens: Token[] = [];
  const wordPattern = /\p{Ll}[\p{Ll}\p{M}'’-]*\p{Ll}/uy;
  let position = from;
  while (tokens.length < 3) {
    wordPattern.lastIndex = position;
    const match = wordPattern.exec(text);
    if (!match) break;
    const word = match[0];
    if (NOT_NAME_WORDS.has(word) || CHAT_WORDS.has(word) || !isKnownName(word) || isOrdinaryWord(word) || (!strong && isEnglishWord(word))) break;
    tokens.push({ start: match.index, end: match.index + word.length, text: word });
    position = match.index + word.length;
    if (text[position] !== ' ') break;
    position += 1;
  }
  return tokens;
}
// Chat spellings that name lists hold as rare names ("im" in "hi im sarah").
const CHAT_WORDS = new Set(['im', 'ive', 'id', 'ill', 'u', 'ur', 'pls', 'plz', 'thx', 'ty', 'ok', 'okay', 'bro', 'sis', 'lol', 'omg', 'btw', 'idk']);
const LOWER_CASE_TITLE = /\b(?:mr|mrs|ms|dr)\.? (?=\p{Ll})/gu;

// compromise's word list (~25k entries) tells first names from adjectives without running its
// full tagger, which costs ~2 ms per call; the tagger only sees capitalised words it does not know.
const NAME_TAGS = new Set(['MaleName', 'FemaleName', 'FirstName', 'LastName', 'Person', 'Honorific']);
const taggerVerdicts = new Map<string, boolean>();
const TAGGER_CACHE_SIZE = 10_000;

type Verdict = 'name' | 'not-name' | 'unknown';

/** What compromise's lexicon says about the candidate words, without running the tagger. */
function lexiconVerdict(candidate: string): Verdict {
  const tags = candidate.split(' ').map((word) => compromiseLexicon()[word.toLowerCase().replace(/\.$/, '')]);
  const known = tags.filter((tag): tag is string => tag !== undefined);
  if (known.length > 0 && known.every((tag) => NAME_TAGS.has(tag))) return 'name';
  if (tags.length === 1 && known.length === 1) return 'not-name';
  return 'unknown';
}

/** Does compromise's tagger consider the capitalised words at [start, end) a person's name? */
function taggerConfirms(text: string, start: number, end: number): boolean {
  const window = text.slice(Math.max(0, start - 20), Math.min(text.length, end + 20));
  const cached = taggerVerdicts.get(window);
  if (cached !== undefined) return cached;
  const firstWord = text.slice(start, end).split(' ')[0] ?? '';
  const people = compromisePeople(window);
  const verdict = people.some((person) => person.includes(firstWord));
  if (taggerVerdicts.size >= TAGGER_CACHE_SIZE) taggerVerdicts.clear();
  taggerVerdicts.set(window, verdict);
  return verdict;
}

/**
 * Decides a candidate after a weak cue or in a signature. Known first/last names pass, a
 * single known ordinary word fails; unknown words pass in letter-like positions (greeting,
 * signature) when none of them is an ordinary word, otherwise the tagger decides.
 */
function acceptCandidate(text: string, span: PiiSpan, letterPosition: boolean): boolean {
  const candidate = text.slice(span.start, span.end);
  const verdict = lexiconVerdict(candidate);
  if (verdict === 'name') return true;
  if (verdict === 'not-name') return false;
  const allUnknown = candidate.split(' ').every((word) => compromiseLexicon()[word.toLowerCase().replace(/\.$/, '')] === undefined);
  if (letterPosition && allUnknown) return true;
  return taggerConfirms(text, span.start, span.end);
}

/** A screenplay or chat transcript: some speaker label ("RYAN:", "David:") opens two or more lines. */
function isScriptDialogue(text: string): boolean {
  const speakers = new Map<string, number>();
  for (const match of text.matchAll(/^[ \t]*([A-Z][A-Za-z'’-]{1,20}(?: [A-Z][A-Za-z'’-]{1,20})?):[ \t]+\S/gm)) {
    const speaker = (match[1] ?? '').toLowerCase();
    if (FORM_LABELS.has(speaker)) continue;
    const count = (speakers.get(speaker) ?? 0) + 1;
    if (count >= 2) return true;
    speakers.set(speaker, count);
  }
  return false;
}
const FORM_LABELS = new Set([
  'name',
  'full name',
  'email',
  'e-mail',
  'phone',
  'tel',
  'mobile',
  'address',
  'date',
  'subject',
  'from',
  'to',
  'cc',
  'note',
  'notes',
  'example',
  'input',
  'output',
  'answer',
  'question',
  'step',
  'title',
  'description',
  'url',
  'link',
  'source',
  'q',
  'a',
  'user',
  'assistant',
  'system',
  'prompt',
  'response',
  'human',
  'ai',
  'chatgpt',
  'gpt',
  'bot',
]);

/** Offsets covered by fenced code blocks: names in code are sample data, not users. */
function fencedCodeRanges(text: string): Array<[number, number]> {
  if (!text.includes('```')) return [];
  return [...text.matchAll(/```[\s\S]*?(?:```|$)/g)].map((match) => [match.index, match.index + match[0].length] as [number, number]);
}

/** Inside code, or inside quoted speech on the same line ('"My name is Max," he said'). */
function insideExcludedRegion(text: string, position: number, fenced: ReadonlyArray<[number, number]>): boolean {
  if (fenced.some(([start, end]) => position >= start && position < end)) return true;
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  const quotes = (text.slice(lineStart, position).match(/["“”]/g) ?? []).length;
  return quotes % 2 === 1;
}

function spanOf(tokens: Token[], score: number, language: string): PiiSpan | null {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  // A lone initial ("signed T&C") is not a name.
  if (!first || !last || (tokens.length === 1 && first.text.replace(/\./g, '').length < 2)) return null;
  return { start: first.start, end: last.end, entity: 'PERSON', score, metadata: { language } };
}

function findChineseNames(text: string, spans: PiiSpan[]): void {
  for (const match of text.matchAll(CHINESE_INTRO)) {
    const from = match.index + match[0].length;
    let length = 0;
    while (length < 4 && HAN_RUN.test(text[from + length] ?? '') && !CHINESE_STOP.has(text[from + length] ?? '')) length += 1;
    const compound = CHINESE_SURNAMES.has(text.slice(from, from + 2));
    const maxLength = compound ? 4 : 3;
    if (length > maxLength) length = maxLength;
    if (length < 2) continue;
    const hasSurname = compound || CHINESE_SURNAMES.has(text[from] ?? '');
    // "我是学生" (I am a student) is not a name: 我是 needs a known surname, 我叫 does not.
    if (match[0].endsWith('是') && !hasSurname) continue;
    spans.push({ start: from, end: from + length, entity: 'PERSON', score: hasSurname ? 0.85 : 0.7, metadata: { language: 'zh' } });
  }
}

export function createPersonRecognizer(): Recognizer {
  return {
    name: 'person',
    entity: 'PERSON',
    mayMatch: (text) => CUE_PREFILTER.test(text),
    find(text) {
      if (FICTION_PATTERN.test(text) || ROLEPLAY_PATTERN.test(text) || isScriptDialogue(text)) return [];
      const fencedRanges = fencedCodeRanges(text);
      const spans: PiiSpan[] = [];
      for (const cue of INTRO_CUES) {
        for (const match of text.matchAll(cue.pattern)) {
          const from = match.index + match[0].length;
          const quote = text[from];
          if (quote === '"' || quote === "'" || quote === '“') continue;
          const lowerCase = cue.language === 'en' && /^\p{Ll}/u.test(text.slice(from, from + 1));
          const tokens = lowerCase ? lowerCaseNameAt(text, from, cue.strength === 'strong') : nameTokensAt(text, from, 3);
          const span = spanOf(tokens, cue.strength === 'strong' ? 0.85 : 0.7, cue.language === 'multi' ? cueLanguage(match[0]) : cue.language);
          if (!span) continue;
          if (insideExcludedRegion(text, match.index, fencedRanges)) continue;
          if (cue.strength === 'weak' && !lowerCase) {
            const greeting = /^(?:dear|hello|hi|hey|greetings|good)/i.test(match[0]);
            const after = text[span.end] ?? '';
            // "Hi Anna," / "Dear Tom\n" are letter openings.
            const openingShape =
              greeting &&
              (after === ',' || after === '\n' || after === '!' || after === '' || text.startsWith(' and ', span.end) || text.startsWith(' & ', span.end));

            if (!acceptCandidate(text, span, openingShape)) continue;
          }
          spans.push(span);
          // "Dear Anna and Mark," — the second addressee of a greeting.
          const pair = /^ (?:and|&) /.exec(text.slice(span.end, span.end + 6));
          if (pair) {
            const second = nameTokensAt(text, span.end + pair[0].length, 3);
            const secondSpan = spanOf(second, span.score, cue.language);
            if (secondSpan && /^[,!\n]/.test(text[secondSpan.end] ?? '')) spans.push(secondSpan);
          }
        }
      }
      for (const match of text.matchAll(CLOSING_PATTERN)) {
        const from = match.index + match[0].length;
        const lineEnd = text.indexOf('\n', from);
        const line = text.slice(from, lineEnd < 0 ? text.length : lineEnd);
        const tokens = nameTokensAt(text, from, 4);
        const last = tokens[tokens.length - 1];
        if (!last) continue;
        // The signature line must be the name alone (plus punctuation), or "Name, Title".
        const rest = line.slice(last.end - from).trim();
        if (rest !== '' && !/^[,.!]?$/.test(rest) && !/^,\s/.test(rest)) continue;
        const span = spanOf(tokens, 0.8, 'closing');
        if (span && !insideExcludedRegion(text, span.start, fencedRanges) && acceptCandidate(text, span, true)) spans.push(span);
      }
      for (const match of text.matchAll(LOWER_CASE_TITLE)) {
        const span = spanOf(lowerCaseNameAt(text, match.index + match[0].length, false), 0.7, 'en');
        if (span && !insideExcludedRegion(text, span.start, fencedRanges)) spans.push(span);
      }
      if (HAN_RUN.test(text)) findChineseNames(text, spans);
      return spans;
    },
  };
}
