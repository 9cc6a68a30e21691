/**
 * Fixture records for the statistics tests: generated conversations with toxicity, moderation,
 * token counts, jailbreaks, PII counts and duplicates planted by a seeded random, plus the
 * independent reference computation (plain TypeScript loops over the records, no SQL).
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateConversations, seededRandom, toReleaseRecord } from '../../bench/generate-conversations.ts';
import { exportDataset } from '../../src/dataset/export/export-dataset.ts';
import { PII_COUNT_FIELDS, type ReleaseRecord } from '../../src/schema/release-record.ts';

export function fixtureRecords(count: number, seed = 3): ReleaseRecord[] {
  const random = seededRandom(seed);
  const records = [...generateConversations(count, seed)].map((conversation) => toReleaseRecord(conversation));
  const sharedPrompts = ['Write a poem about the sea', 'Translate this to French', 'hello'];
  records.forEach((record, index) => {
    // Some users have several conversations; some rows lack a user.
    if (index % 7 === 3) record.hashed_ip = (records[index - 3] as ReleaseRecord).hashed_ip;
    if (index % 11 === 5) record.hashed_ip = null;
    if (index % 13 === 0) record.country = 'United States';
    if (index % 17 === 0) record.language = 'Nolang';
    // Repeated first prompts: the first from many users, the second from few.
    const first = record.conversation.find((message) => message.role === 'user');
    if (first !== undefined && index % 4 === 0) first.content = sharedPrompts[0] as string;
    if (first !== undefined && index % 50 === 1) first.content = sharedPrompts[1] as string;
    for (const message of record.conversation) message.toxic = random() < 0.15;
    record.toxic = record.conversation.some((message) => message.toxic === true);
    record.redacted = random() < 0.1;
    if (index % 9 === 0 && index > 0) record.conversation_hash = (records[index - 1] as ReleaseRecord).conversation_hash;
    const tagged = random() < 0.2;
    const family = tagged ? (random() < 0.5 ? 'dan' : 'template:narotica') : null;
    record.annotations = {
      moderation_source: 'local-lexicon-v1',
      detoxify_source: null,
      language_code_switching: false,
      message_language_confidence: null,
      message_language_unsure: null,
      token_encoding: 'o200k_base',
      message_tokens: record.conversation.map(() => Math.floor(random() * 400)),
      conversation_tokens: 0,
      message_tokens_llama2: record.conversation.map(() => Math.floor(random() * 500)),
      conversation_tokens_llama2: 0,
      message_pii_entity_counts: record.conversation.map(() => Object.fromEntries(PII_COUNT_FIELDS.map((field) => [field, 0])) as never),
      pii_entity_counts: Object.fromEntries(PII_COUNT_FIELDS.map((field) => [field, Math.floor(random() * 2)])) as never,
      pii_common_entities_kept: 0,
      jailbreak_family: family,
      jailbreak_score: tagged ? 0.9 : 0.1,
      jailbreak_tagged: tagged,
      jailbreak_succeeded: tagged && random() < 0.5,
      jailbreak_message_index: tagged ? 0 : null,
      duplicate_conversation_cluster: `c${index}`,
      duplicate_conversation_cluster_size: 1,
      duplicate_conversation_exact: index % 9 === 0 && index > 0,
      duplicate_first_turn_cluster: `f${index}`,
      duplicate_first_turn_cluster_size: 1,
      duplicate_first_turn_exact: false,
    };
  });
  return records;
}

export async function writeRecords(
  records: readonly ReleaseRecord[],
  outDir: string,
  format: 'parquet' | 'jsonl' = 'parquet',
  shardRows = 1_000_000,
  schema: 'extended' | 'wildchat-1m' = 'extended',
): Promise<string> {
  fs.rmSync(outDir, { recursive: true, force: true });
  await exportDataset({
    records: (async function* () {
      yield [...records];
    })(),
    outDir,
    format,
    schema,
    prettyName: path.basename(outDir),
    shardRows,
  });
  return outDir;
}

// ---- the independent reference ---------------------------------------------------------

export interface ReferenceStats {
  conversations: number;
  users: number;
  meanTurns: number;
  user: { mean: number; std: number };
  assistant: { mean: number; std: number };
  languages: number;
  userToxicShare: number;
  assistantToxicShare: number;
  multiTurnShare: number;
  overTenShare: number;
  models: Map<string, number>;
  usStates: Map<string, number>;
  redactedShare: number;
  duplicateShare: number;
  jailbreaks: Map<string, { occurrences: number; users: number; succeeded: number }>;
  promptUsers: Map<string, Set<string>>;
}

function meanStd(values: readonly number[]): { mean: number; std: number } {
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / values.length;
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return { mean, std: Math.sqrt(squares / values.length) };
}

export function referenceStats(
  records: readonly ReleaseRecord[],
  tokensOf: (record: ReleaseRecord, index: number) => number = (record, index) => record.annotations?.message_tokens_llama2?.[index] ?? 0,
): ReferenceStats {
  const users = new Set<string>();
  const languages = new Set<string>();
  const userTokens: number[] = [];
  const assistantTokens: number[] = [];
  let turns = 0;
  let userToxic = 0;
  let userMessages = 0;
  let assistantToxic = 0;
  let assistantMessages = 0;
  let multi = 0;
  let overTen = 0;
  let redacted = 0;
  const hashes = new Set<string>();
  let repeatedHashes = 0;
  const models = new Map<string, number>();
  const usStates = new Map<string, number>();
  const jailbreaks = new Map<string, { occurrences: number; users: Set<string>; succeeded: number }>();
  const promptUsers = new Map<string, Set<string>>();
  for (const record of records) {
    if (record.hashed_ip !== null) users.add(record.hashed_ip);
    if (record.language !== null && record.language !== 'Nolang') languages.add(record.language);
    let userCount = 0;
    record.conversation.forEach((message, index) => {
      if (message.role === 'user') {
        userCount += 1;
        userMessages += 1;
        if (message.toxic === true) userToxic += 1;
        userTokens.push(tokensOf(record, index));
      } else if (message.role === 'assistant') {
        assistantMessages += 1;
        if (message.toxic === true) assistantToxic += 1;
        assistantTokens.push(tokensOf(record, index));
      }
    });
    turns += userCount;
    if (userCount > 1) multi += 1;
    if (userCount > 10) overTen += 1;
    if (record.redacted === true) redacted += 1;
    if (hashes.has(record.conversation_hash)) repeatedHashes += 1;
    hashes.add(record.conversation_hash);
    if (record.model !== null) models.set(record.model, (models.get(record.model) ?? 0) + 1);
    if (record.country === 'United States' && record.state !== null) usStates.set(record.state, (usStates.get(record.state) ?? 0) + 1);
    const annotations = record.annotations;
    if (annotations?.jailbreak_tagged === true) {
      const family = annotations.jailbreak_family ?? '(unnamed)';
      const entry = jailbreaks.get(family) ?? { occurrences: 0, users: new Set<string>(), succeeded: 0 };
      entry.occurrences += 1;
      if (record.hashed_ip !== null) entry.users.add(record.hashed_ip);
      if (annotations.jailbreak_succeeded) entry.succeeded += 1;
      jailbreaks.set(family, entry);
    }
    const first = record.conversation.find((message) => message.role === 'user');
    if (first !== undefined && first.content.trim() !== '' && record.hashed_ip !== null) {
      const set = promptUsers.get(first.content) ?? new Set<string>();
      set.add(record.hashed_ip);
      promptUsers.set(first.content, set);
    }
  }
  return {
    conversations: records.length,
    users: users.size,
    meanTurns: turns / records.length,
    user: meanStd(userTokens),
    assistant: meanStd(assistantTokens),
    languages: languages.size,
    userToxicShare: userToxic / userMessages,
    assistantToxicShare: assistantToxic / assistantMessages,
    multiTurnShare: multi / records.length,
    overTenShare: overTen / records.length,
    models,
    usStates,
    redactedShare: redacted / records.length,
    duplicateShare: repeatedHashes / records.length,
    jailbreaks: new Map(
      [...jailbreaks].map(([family, entry]) => [family, { occurrences: entry.occurrences, users: entry.users.size, succeeded: entry.succeeded }]),
    ),
    promptUsers,
  };
}
