/**
 * Runs one message-level stage over a batch through the annotation cache: identical texts are
 * computed once, all hashes of the batch are looked up in one getMany, only the misses go to the
 * stage, and their results are stored with one putMany.
 */
import type { MessageInput, Stage } from '../stage.ts';
import type { AnnotationCachePort, CachedAnnotation } from './annotation-cache-port.ts';
import type { CacheCodec } from './cache-codec.ts';
import type { StageStatistics } from './stage-statistics.ts';

export interface CachedStageInput {
  message: MessageInput;
  contentHash: string;
}

export async function runCachedStage<Output>(
  stage: Stage<MessageInput, Output>,
  inputs: readonly CachedStageInput[],
  cache: AnnotationCachePort,
  statistics: StageStatistics,
  codec: CacheCodec<Output> | null = null,
  now: () => number = () => performance.now(),
): Promise<Output[]> {
  const started = now();
  const version = codec === null ? stage.version : `${stage.version}#${codec.tag}`;
  const counters = statistics.entry(stage.name, stage.version);
  counters.messages += inputs.length;
  const firstByHash = new Map<string, MessageInput>();
  for (const input of inputs) if (!firstByHash.has(input.contentHash)) firstByHash.set(input.contentHash, input.message);
  const hashes = [...firstByHash.keys()];
  const found = hashes.length === 0 ? new Map<string, unknown>() : await cache.getMany(stage.name, version, hashes);
  if (codec !== null) for (const [hash, stored] of found) found.set(hash, codec.decode(stored));
  const missing = hashes.filter((hash) => !found.has(hash));
  counters.cached += hashes.length - missing.length;
  counters.computed += missing.length;
  if (missing.length > 0) {
    const results = await stage.run(missing.map((hash) => firstByHash.get(hash) as MessageInput));
    if (results.length !== missing.length) throw new Error(`stage ${stage.name} returned ${results.length} results for ${missing.length} inputs`);
    const entries: CachedAnnotation[] = missing.map((hash, index) => {
      found.set(hash, results[index]);
      return { key: hash, value: codec === null ? results[index] : codec.encode(results[index] as Output) };
    });
    await cache.putMany(stage.name, version, entries);
  }
  counters.milliseconds += now() - started;
  return inputs.map((input) => found.get(input.contentHash) as Output);
}
