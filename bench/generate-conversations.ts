/**
 * Realistic synthetic conversations for benchmarks, shaped like WildChat's published statistics:
 * turns per conversation geometric with mean 2.5 (long tail up to 100), long-tailed (log-normal)
 * message lengths (user median ~120 characters, assistant median ~1,000, some code), dozens of
 * languages in their own scripts weighted like WildChat (English ~53%, Chinese ~13%, Russian ~12%
 * ...), models, countries, user agents and a year of timestamps. Text is random syllables from
 * each script, never real data. Seeded: the same seed gives the same conversations.
 */
import { conversationHash } from '../src/core/conversation-hash.ts';
import { formatReleaseTimestamp } from '../src/dataset/release-timestamp.ts';
import {
  DETOXIFY_KEYS,
  MODERATION_CATEGORIES_1M,
  RELEASE_SCHEMA_VERSION,
  toWildChat1MRecord,
  type ReleaseMessage,
  type ReleaseRecord,
} from '../src/schema/release-record.ts';

export { seededRandom, type Random } from '../src/analytics/seeded-random.ts';
import { seededRandom, type Random } from '../src/analytics/seeded-random.ts';

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function weighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let threshold = random() * total;
  for (const [item, weight] of items) {
    threshold -= weight;
    if (threshold <= 0) return item;
  }
  return (items[items.length - 1] as readonly [T, number])[0];
}

function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function logNormal(random: Random, median: number, sigma: number, max: number): number {
  return Math.max(1, Math.min(max, Math.round(median * Math.exp(sigma * normal(random)))));
}

function range(from: number, to: number): string[] {
  const characters: string[] = [];
  for (let code = from; code <= to; code += 1) characters.push(String.fromCodePoint(code));
  return characters;
}

interface Script {
  /** Syllables or characters words are built from. */
  units: readonly string[];
  /** Units per word (min, max); 0 separators for scripts written without spaces. */
  wordUnits: readonly [number, number];
  separator: string;
  sentenceEnd: string;
}

const latinSyllables = [
  'ka',
  'to',
  'ri',
  'en',
  'an',
  'de',
  'la',
  'mo',
  'ne',
  'si',
  'tion',
  'er',
  'th',
  'ou',
  'st',
  'ing',
  'pre',
  'con',
  'al',
  'es',
  'ul',
  'ver',
  'por',
  'que',
  'ch',
  'ei',
  'sch',
  'ção',
  'é',
  'ü',
  'ñ',
];
const SCRIPTS: Record<string, Script> = {
  latin: { units: latinSyllables, wordUnits: [1, 4], separator: ' ', sentenceEnd: '. ' },
  cyrillic: {
    units: ['ко', 'ра', 'ни', 'ст', 'во', 'пр', 'ть', 'ен', 'ый', 'ли', 'за', 'ов', 'ие', 'ча', 'ж', 'щ', 'ю', 'я'],
    wordUnits: [1, 4],
    separator: ' ',
    sentenceEnd: '. ',
  },
  han: { units: range(0x4e00, 0x4fff).concat(range(0x6700, 0x67ff)), wordUnits: [1, 3], separator: '', sentenceEnd: '。' },
  japanese: { units: range(0x3041, 0x3093).concat(range(0x30a1, 0x30f3), range(0x5b50, 0x5bff)), wordUnits: [1, 4], separator: '', sentenceEnd: '。' },
  hangul: { units: range(0xac00, 0xaeff), wordUnits: [1, 4], separator: ' ', sentenceEnd: '. ' },
  arabic: { units: range(0x0627, 0x064a), wordUnits: [2, 6], separator: ' ', sentenceEnd: '. ' },
  devanagari: {
    units: range(0x0915, 0x0939).map((consonant) => consonant + pick(seededRandom(consonant.charCodeAt(0)), ['ा', 'ि', 'ी', 'ु', 'े', ''])),
    wordUnits: [1, 4],
    separator: ' ',
    sentenceEnd: '। ',
  },
  thai: { units: range(0x0e01, 0x0e2e), wordUnits: [2, 6], separator: '', sentenceEnd: ' ' },
  greek: { units: range(0x03b1, 0x03c9), wordUnits: [2, 7], separator: ' ', sentenceEnd: '. ' },
  hebrew: { units: range(0x05d0, 0x05ea), wordUnits: [2, 6], separator: ' ', sentenceEnd: '. ' },
};

/** WildChat-like language mix (share of conversations), each with its script and a browser locale. */
const LANGUAGES: readonly (readonly [readonly [string, string, string], number])[] = [
  [['English', 'latin', 'en-US,en;q=0.9'], 53],
  [['Chinese', 'han', 'zh-CN,zh;q=0.9'], 13],
  [['Russian', 'cyrillic', 'ru-RU,ru;q=0.9,en;q=0.8'], 12],
  [['French', 'latin', 'fr-FR,fr;q=0.9'], 3],
  [['Spanish', 'latin', 'es-ES,es;q=0.9'], 3],
  [['Portuguese', 'latin', 'pt-BR,pt;q=0.9'], 2.5],
  [['German', 'latin', 'de-DE,de;q=0.9,en;q=0.8'], 2],
  [['Arabic', 'arabic', 'ar,en;q=0.8'], 1.5],
  [['Italian', 'latin', 'it-IT,it;q=0.9'], 1.2],
  [['Turkish', 'latin', 'tr-TR,tr;q=0.9'], 1.1],
  [['Japanese', 'japanese', 'ja,en-US;q=0.9'], 1],
  [['Korean', 'hangul', 'ko-KR,ko;q=0.9'], 0.9],
  [['Vietnamese', 'latin', 'vi-VN,vi;q=0.9'], 0.8],
  [['Ukrainian', 'cyrillic', 'uk-UA,uk;q=0.9'], 0.8],
  [['Polish', 'latin', 'pl-PL,pl;q=0.9'], 0.7],
  [['Persian', 'arabic', 'fa-IR,fa;q=0.9'], 0.6],
  [['Hindi', 'devanagari', 'hi-IN,hi;q=0.9,en;q=0.8'], 0.5],
  [['Indonesian', 'latin', 'id-ID,id;q=0.9'], 0.5],
  [['Thai', 'thai', 'th-TH,th;q=0.9'], 0.3],
  [['Greek', 'greek', 'el-GR,el;q=0.9'], 0.2],
  [['Hebrew', 'hebrew', 'he-IL,he;q=0.9'], 0.2],
];

const COUNTRIES: Record<string, readonly (readonly [string, string])[]> = {
  English: [
    ['United States', 'California'],
    ['United States', 'Texas'],
    ['United Kingdom', 'England'],
    ['India', 'Maharashtra'],
    ['Canada', 'Ontario'],
    ['Australia', 'New South Wales'],
  ],
  Chinese: [
    ['China', 'Beijing'],
    ['China', 'Guangdong'],
    ['Hong Kong', 'Central and Western'],
    ['Taiwan', 'Taipei'],
  ],
  Russian: [
    ['Russia', 'Moscow'],
    ['Russia', 'St.-Petersburg'],
    ['Kazakhstan', 'Almaty'],
    ['Belarus', 'Minsk City'],
  ],
};
const OTHER_COUNTRIES: readonly (readonly [string, string])[] = [
  ['Germany', 'Bavaria'],
  ['France', 'Île-de-France'],
  ['Brazil', 'São Paulo'],
  ['Spain', 'Madrid'],
  ['Japan', 'Tokyo'],
  ['South Korea', 'Seoul'],
  ['Turkey', 'Istanbul'],
  ['Egypt', 'Cairo Governorate'],
  ['Vietnam', 'Hanoi'],
  ['Iran', 'Tehran'],
];

const MODELS: readonly (readonly [string, number])[] = [
  ['gpt-3.5-turbo-0301', 30],
  ['gpt-3.5-turbo-0613', 25],
  ['gpt-4-0314', 15],
  ['gpt-4-1106-preview', 10],
  ['gpt-4-0125-preview', 8],
  ['gpt-4o-mini-2024-07-18', 12],
];
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/111.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.4 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 16_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/112.0',
  'Mozilla/5.0 (Linux; Android 13; SM-S908B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/112.0.0.0 Mobile Safari/537.36',
];

const START = Date.parse('2023-04-09T00:00:00Z');
const SPAN = 365 * 24 * 3600 * 1000;

function text(random: Random, script: Script, length: number): string {
  const parts: string[] = [];
  let size = 0;
  let wordsInSentence = 0;
  while (size < length) {
    const units = script.wordUnits[0] + Math.floor(random() * (script.wordUnits[1] - script.wordUnits[0] + 1));
    let word = '';
    for (let index = 0; index < units; index += 1) word += pick(random, script.units);
    wordsInSentence += 1;
    const ends = wordsInSentence > 6 && random() < 0.15;
    const piece = word + (ends ? script.sentenceEnd : script.separator);
    if (ends) wordsInSentence = 0;
    parts.push(piece);
    size += piece.length;
  }
  return parts.join('').slice(0, length);
}

function codeBlock(random: Random, length: number): string {
  const lines = ['```python'];
  let size = 0;
  while (size < length) {
    const line = `${'    '.repeat(Math.floor(random() * 3))}${pick(random, ['x', 'value', 'items', 'result', 'data'])}_${Math.floor(random() * 100)} = ${pick(random, ['compute', 'load', 'parse', 'fetch'])}(${Math.floor(random() * 1000)})`;
    lines.push(line);
    size += line.length + 1;
  }
  lines.push('```');
  return lines.join('\n');
}

export interface SyntheticTurn {
  user: string;
  assistant: string;
  turnIdentifier: number;
  receivedAt: number;
  completedAt: number;
}

export interface SyntheticConversation {
  index: number;
  language: string;
  model: string;
  country: string;
  state: string;
  hashedIp: string;
  userAgent: string;
  acceptLanguage: string;
  turns: SyntheticTurn[];
}

/** Turns per conversation: geometric with mean 2.5, capped at 100. */
function turnCount(random: Random): number {
  return Math.min(100, 1 + Math.floor(Math.log(1 - random()) / Math.log(1 - 0.4)));
}

function hex(random: Random, length: number): string {
  let result = '';
  while (result.length < length)
    result += Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return result.slice(0, length);
}

export function syntheticConversation(random: Random, index: number, firstTurnIdentifier: number): SyntheticConversation {
  const [language, scriptName, acceptLanguage] = weighted(random, LANGUAGES);
  const script = SCRIPTS[scriptName] as Script;
  const [country, state] = pick(random, COUNTRIES[language] ?? OTHER_COUNTRIES);
  let time = START + Math.floor(random() * SPAN);
  const turns: SyntheticTurn[] = [];
  const count = turnCount(random);
  for (let turn = 0; turn < count; turn += 1) {
    const userLength = logNormal(random, 120, 1.3, 30_000);
    const assistantLength = logNormal(random, 1000, 0.8, 16_000);
    const user = random() < 0.01 ? '' : text(random, script, userLength);
    const assistant =
      random() < 0.2
        ? `${text(random, script, Math.ceil(assistantLength / 3))}\n\n${codeBlock(random, Math.ceil(assistantLength / 2))}`
        : text(random, script, assistantLength);
    const receivedAt = time + 1000 + Math.floor(random() * 120_000);
    const completedAt = receivedAt + 2000 + Math.floor(assistantLength * 10 * random());
    turns.push({ user, assistant, turnIdentifier: firstTurnIdentifier + turn, receivedAt, completedAt });
    time = completedAt;
  }
  return {
    index,
    language,
    model: weighted(random, MODELS),
    country,
    state,
    hashedIp: hex(random, 64),
    userAgent: pick(random, USER_AGENTS),
    acceptLanguage,
    turns,
  };
}

/** Conversations `0 .. count-1` of the stream for `seed`. */
export function* generateConversations(count: number, seed = 1): Generator<SyntheticConversation> {
  const random = seededRandom(seed);
  let turnIdentifier = 1;
  for (let index = 0; index < count; index += 1) {
    const conversation = syntheticConversation(random, index, turnIdentifier);
    turnIdentifier += conversation.turns.length;
    yield conversation;
  }
}

function moderationEntry(random: Random, content: string): Record<string, unknown> {
  if (content === '') return {};
  const scores = Object.fromEntries(MODERATION_CATEGORIES_1M.map((key) => [key, random() ** 6]));
  return {
    categories: Object.fromEntries(MODERATION_CATEGORIES_1M.map((key) => [key, (scores[key] as number) > 0.5])),
    category_scores: scores,
    flagged: Object.values(scores).some((score) => score > 0.5),
  };
}

function detoxifyEntry(random: Random, content: string): Record<string, number> {
  return content === '' ? {} : Object.fromEntries(DETOXIFY_KEYS.map((key) => [key, random() ** 8]));
}

export interface ReleaseRecordOptions {
  /** Fill moderation/detoxify/toxic/redacted like an annotated WildChat-1M row (default true). */
  annotated?: boolean;
}

/** The conversation as a release record (WildChat-1M fields + extended columns). */
export function toReleaseRecord(conversation: SyntheticConversation, options: ReleaseRecordOptions = {}): ReleaseRecord {
  const annotated = options.annotated !== false;
  const random = seededRandom(conversation.index + 7);
  const header = { 'accept-language': conversation.acceptLanguage, 'user-agent': conversation.userAgent };
  const messages: ReleaseMessage[] = [];
  for (const turn of conversation.turns) {
    const base = {
      language: annotated ? conversation.language : null,
      redacted: annotated ? false : null,
      toxic: annotated ? false : null,
      turn_identifier: turn.turnIdentifier,
    };
    messages.push({
      content: turn.user,
      country: conversation.country,
      hashed_ip: conversation.hashedIp,
      header,
      role: 'user',
      state: conversation.state,
      timestamp: null,
      ...base,
    });
    messages.push({
      content: turn.assistant,
      country: null,
      hashed_ip: null,
      header: null,
      role: 'assistant',
      state: null,
      timestamp: formatReleaseTimestamp(turn.completedAt),
      ...base,
    });
  }
  const last = conversation.turns[conversation.turns.length - 1] as SyntheticTurn;
  return {
    conversation_hash: conversationHash(messages),
    model: conversation.model,
    timestamp: formatReleaseTimestamp(last.completedAt),
    conversation: messages,
    turn: conversation.turns.length,
    language: annotated ? conversation.language : null,
    openai_moderation: annotated ? messages.map((message) => moderationEntry(random, message.content)) : null,
    detoxify_moderation: annotated ? messages.map((message) => detoxifyEntry(random, message.content)) : null,
    toxic: annotated ? false : null,
    redacted: annotated ? false : null,
    state: conversation.state,
    country: conversation.country,
    hashed_ip: conversation.hashedIp,
    header,
    schema_version: RELEASE_SCHEMA_VERSION,
    conversation_id: `synthetic-${conversation.index}`,
    source: 'collected',
    system_prompt: null,
    consent_terms_version: '2026-11-01',
    branch: { index: 0, count: 1, kept: true, shared_messages: messages.length, leaf_turn_identifier: last.turnIdentifier },
    turn_details: null,
    extra: null,
  };
}

/** A WildChat-1M row (the 14 published columns) as it appears in the released JSON. */
export function toWildChatRow(conversation: SyntheticConversation): Record<string, unknown> {
  return toWildChat1MRecord(toReleaseRecord(conversation));
}
