/**
 * Throughput of the annotation stages: local moderation, token counts and jailbreak detection on
 * real chat messages when ../shared/data/chatlogs/sharegpt_sample_1000.jsonl exists (the
 * synthetic generator's random syllables are a worst case for BPE and lexicons), else on
 * synthetic ones; exact + near dedup and the SQLite annotation cache on synthetic conversations
 * (bench/generate-conversations.ts). WILDCHAT_BENCH_SIZE sets the number of synthetic
 * conversations (default 20,000).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import Database from 'better-sqlite3';
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import xxhash from 'xxhash-wasm';
import { LocalModerationStage } from '../src/pipeline/moderation/local-moderation-stage.ts';
import { countLlamaTokens, countOpenAITokens, loadLlamaTokenizer } from '../src/pipeline/tokens/token-counter.ts';
import { JailbreakDetector } from '../src/pipeline/jailbreak/jailbreak-detector.ts';
import { DedupIndex } from '../src/pipeline/dedup/dedup-index.ts';
import { conversationDedupTexts } from '../src/pipeline/dedup/conversation-dedup-texts.ts';
import { applySqliteMigrations } from '../src/store/sqlite/apply-sqlite-migrations.ts';
import { annotationMigrations } from '../src/store/sqlite/annotation-migrations.ts';
import { SqliteAnnotationCache } from '../src/store/sqlite/sqlite-annotation-cache.ts';
import { benchSize, peakRssMegabytes, printFigures, seconds, type BenchFigure } from './bench-support.ts';
import { generateConversations } from './generate-conversations.ts';

/**
 * Items per CPU-second of this process. CPU time rather than wall time, because the benchmark
 * machine is often shared: waiting for a core is not the stage's cost.
 */
function rate(count: number, work: () => void): number {
  const started = process.cpuUsage();
  work();
  const used = process.cpuUsage(started);
  return count / ((used.user + used.system) / 1e6);
}

const shareGptLineSchema = z.object({ conversations: z.array(z.object({ from: z.string(), value: z.string() })) });

/** Real messages from the ShareGPT sample, or null when ../shared is absent. */
function realMessages(): { all: string[]; user: string[] } | null {
  const file = path.resolve('..', 'shared', 'data', 'chatlogs', 'sharegpt_sample_1000.jsonl');
  if (!fs.existsSync(file)) return null;
  const all: string[] = [];
  const user: string[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    for (const turn of shareGptLineSchema.parse(JSON.parse(line)).conversations) {
      all.push(turn.value);
      if (turn.from === 'human') user.push(turn.value);
    }
  }
  return { all, user };
}

export async function runAnnotationStagesBenchmark(size: number): Promise<BenchFigure[]> {
  const conversations = [...generateConversations(size, 7)];
  const real = realMessages();
  const source = real === null ? 'synthetic' : 'ShareGPT sample';
  const messages = real?.all ?? conversations.flatMap((conversation) => conversation.turns.flatMap((turn) => [turn.user, turn.assistant]));
  const userMessages = real?.user ?? conversations.flatMap((conversation) => conversation.turns.map((turn) => turn.user));
  const characters = messages.reduce((total, message) => total + message.length, 0);

  const moderation = new LocalModerationStage();
  // Warm up the JIT and obscenity's lazily built patterns so the figure is the steady state.
  messages.slice(0, 1_000).forEach((message) => moderation.moderateText(message));
  const moderationRate = rate(messages.length, () => messages.forEach((message) => moderation.moderateText(message)));
  // Baseline in the same run: obscenity's English matcher alone (the cheapest peer that flags anything).
  const obscenity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  const obscenityRate = rate(messages.length, () => messages.forEach((message) => obscenity.hasMatch(message)));
  const shortMessages = userMessages.filter((message) => message.length > 0 && message.length <= 300);
  const shortModerationRate = rate(shortMessages.length, () => shortMessages.forEach((message) => moderation.moderateText(message)));
  const tokenRate = rate(messages.length, () => messages.forEach((message) => countOpenAITokens(message)));
  const llamaSample = messages.slice(0, Math.min(messages.length, 5_000));
  const llama = await loadLlamaTokenizer();
  const llamaRate = rate(llamaSample.length, () => llamaSample.forEach((message) => countLlamaTokens(message, llama)));
  const detector = new JailbreakDetector();
  userMessages.slice(0, 500).forEach((message) => detector.detect(message));
  const jailbreakRate = rate(userMessages.length, () => userMessages.forEach((message) => detector.detect(message)));

  const hasher = await xxhash();
  const firstTurns = new DedupIndex({ hasher });
  const whole = new DedupIndex({ hasher });
  const dedupRate = rate(conversations.length, () => {
    for (const conversation of conversations) {
      const texts = conversationDedupTexts(
        conversation.turns.flatMap((turn) => [
          { role: 'user' as const, content: turn.user },
          { role: 'assistant' as const, content: turn.assistant },
        ]),
      );
      firstTurns.add(String(conversation.index), texts.firstUserTurn);
      whole.add(String(conversation.index), texts.conversation);
    }
    firstTurns.finish();
    whole.finish();
  });

  const database = new Database(':memory:');
  applySqliteMigrations(database, annotationMigrations);
  const cache = new SqliteAnnotationCache(database);
  const entries = Array.from({ length: 50_000 }, (_, index) => index).map((_, index) => ({ key: `k${index}`, value: { flagged: false, score: index / 7 } }));
  let started = process.hrtime.bigint();
  for (let start = 0; start < entries.length; start += 1_000) await cache.putMany('moderation', 'v1', entries.slice(start, start + 1_000));
  const putRate = entries.length / seconds(started);
  started = process.hrtime.bigint();
  for (let start = 0; start < entries.length; start += 1_000) {
    await cache.getMany(
      'moderation',
      'v1',
      entries.slice(start, start + 1_000).map((entry) => entry.key),
    );
  }
  const getRate = entries.length / seconds(started);
  database.close();

  const figures: BenchFigure[] = [
    { name: `${source} messages (mean ${Math.round(characters / messages.length)} characters)`, value: messages.length, unit: 'messages' },
    {
      name: 'local moderation, all messages',
      value: moderationRate,
      unit: 'messages/CPU-s',
      target: '>= 5,000/s per core (issue 10)',
      met: moderationRate >= 5_000,
    },
    { name: 'baseline: obscenity hasMatch alone, all messages', value: obscenityRate, unit: 'messages/CPU-s' },
    { name: 'local moderation, user messages <= 300 characters', value: shortModerationRate, unit: 'messages/CPU-s' },
    { name: 'o200k token counts', value: tokenRate, unit: 'messages/CPU-s' },
    { name: 'Llama-2 token counts (first 5,000 messages)', value: llamaRate, unit: 'messages/CPU-s' },
    { name: 'jailbreak detection, user messages', value: jailbreakRate, unit: 'messages/CPU-s' },
    {
      name: `dedup of ${size.toLocaleString('en-US')} synthetic conversations (first turn + whole, add + finish)`,
      value: dedupRate,
      unit: 'conversations/CPU-s',
    },
    { name: 'annotation cache putMany', value: putRate, unit: 'rows/s' },
    { name: 'annotation cache getMany', value: getRate, unit: 'rows/s' },
    { name: 'peak RSS (whole process)', value: peakRssMegabytes(), unit: 'MB' },
  ];
  printFigures(`annotation stages (${size.toLocaleString('en-US')} conversations)`, figures);
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runAnnotationStagesBenchmark(benchSize(20_000));
