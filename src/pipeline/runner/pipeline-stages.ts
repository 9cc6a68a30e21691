/**
 * The stages one release runs, built from plain options. Clients that do network I/O (moderation,
 * Detoxify) and file contents (jailbreak templates) are passed in by the caller, so this module
 * stays free of I/O.
 */
import type { XXHashAPI } from 'xxhash-wasm';
import { JailbreakDetector } from '../jailbreak/jailbreak-detector.ts';
import type { JailbreakDetection } from '../jailbreak/jailbreak-detector.ts';
import type { JailbreakTemplate } from '../jailbreak/jailbreak-template-file.ts';
import { JailbreakTemplateMatcher } from '../jailbreak/jailbreak-template-matcher.ts';
import { JailbreakStage } from '../jailbreak/jailbreak-stage.ts';
import { createLanguageStage, LANGUAGE_STAGE_VERSION, type LanguageAnnotation } from '../language/language-stage.ts';
import { COMBINED_LANGUAGE_STAGE_VERSION, createCombinedLanguageStage, type LanguageDetectorName } from '../language/combined-language-stage.ts';
import { createModerationStage, type ModerationBackend } from '../moderation/create-moderation-stage.ts';
import type { DetoxifyClassifier, DetoxifyItem } from '../moderation/detoxify-classifier.ts';
import { DetoxifyStage } from '../moderation/detoxify-stage.ts';
import { DEFAULT_DETOXIFY_THRESHOLD } from '../moderation/is-toxic.ts';
import type { ModerationClient } from '../moderation/moderation-client.ts';
import type { ModerationAnnotation } from '../moderation/moderation-result.ts';
import { PII_ENTITY_TYPES, type PiiEntityType, type PiiSpan } from '../pii/pii-entity.ts';
import type { PiiEntityTagger } from '../pii/entity-tagger.ts';
import { createPiiDetector } from '../pii/pii-detector.ts';
import { createPiiStage, DEFAULT_PERSON_THRESHOLD, DEFAULT_THRESHOLD } from '../pii/pii-stage.ts';
import type { PiiPolicies, PiiPolicy } from '../pii/redact-text.ts';
import type { MessageInput, Stage } from '../stage.ts';
import { TokenCountStage, type TokenCounts } from '../tokens/token-count-stage.ts';
import { loadLlamaTokenizer, type OpenAIEncoding } from '../tokens/token-counter.ts';

export interface PipelineStageOptions {
  moderation: ModerationBackend;
  /** Needed when moderation is 'openai'. */
  moderationClient?: ModerationClient | null;
  moderationConcurrency?: number;
  detoxifyClassifier?: DetoxifyClassifier | null;
  /** The in-process model behind moderation 'onnx' (created at the edge). */
  moderationClassifier?: DetoxifyClassifier | null;
  detoxifyThreshold?: number;
  /** An NER model for PERSON/LOCATION (--pii-backend ner), merged with the structured recognizers. */
  piiTagger?: PiiEntityTagger | null;
  tokenEncoding?: OpenAIEncoding;
  llama2Tokens?: boolean;
  piiThreshold?: number;
  piiPersonThreshold?: number;
  piiPolicies?: Partial<Record<PiiEntityType, PiiPolicy>>;
  jailbreakThreshold?: number;
  jailbreakTemplates?: readonly JailbreakTemplate[] | null;
  /** 'stage' (default) or the opt-in 'combined' naive Bayes over the stage, eld and cld3. */
  languageDetector?: LanguageDetectorName;
  /** From `await xxhash()`; used by dedup and template matching. */
  hasher: XXHashAPI;
}

export interface PipelineStages {
  language: Stage<MessageInput, LanguageAnnotation>;
  moderation: Stage<MessageInput, ModerationAnnotation | null>;
  detoxify: Stage<MessageInput, DetoxifyItem | null>;
  detoxifySource: string | null;
  detoxifyThreshold: number;
  tokens: Stage<MessageInput, TokenCounts>;
  tokenEncoding: OpenAIEncoding;
  llama2Tokens: boolean;
  /** PII + secret spans per message (the detection half of the PII stage; redaction needs the corpus). */
  piiSpans: Stage<MessageInput, PiiSpan[]>;
  piiPolicies: PiiPolicies;
  piiThreshold: number;
  piiPersonThreshold: number;
  jailbreak: Stage<MessageInput, JailbreakDetection | null>;
}

export async function createPipelineStages(options: PipelineStageOptions): Promise<PipelineStages> {
  const piiPolicies = Object.fromEntries(PII_ENTITY_TYPES.map((entity) => [entity, options.piiPolicies?.[entity] ?? 'redact'])) as PiiPolicies;
  const piiThreshold = options.piiThreshold ?? DEFAULT_THRESHOLD;
  const piiPersonThreshold = options.piiPersonThreshold ?? DEFAULT_PERSON_THRESHOLD;
  const piiStage = createPiiStage({ policies: piiPolicies, threshold: piiThreshold, personThreshold: piiPersonThreshold });
  const piiSpans = piiSpansStage(piiStage.version, options.piiTagger ?? null);
  const templates = options.jailbreakTemplates ?? null;
  const matcher = templates !== null && templates.length > 0 ? new JailbreakTemplateMatcher(templates, { hasher: options.hasher }) : null;
  const jailbreak = new JailbreakStage(new JailbreakDetector({ threshold: options.jailbreakThreshold, templates: matcher }));
  const detoxifyClassifier = options.detoxifyClassifier ?? null;
  const llama2Tokens = options.llama2Tokens ?? true;
  const tokenEncoding = options.tokenEncoding ?? 'o200k_base';
  return {
    language: lazyLanguageStage(options.languageDetector ?? 'stage'),
    moderation: createModerationStage({
      backend: options.moderation,
      client: options.moderationClient ?? null,
      classifier: options.moderationClassifier ?? null,
      openai: { concurrency: options.moderationConcurrency },
    }),
    detoxify: new DetoxifyStage({ classifier: detoxifyClassifier }),
    detoxifySource: detoxifyClassifier?.model ?? null,
    detoxifyThreshold: options.detoxifyThreshold ?? DEFAULT_DETOXIFY_THRESHOLD,
    tokens: new TokenCountStage({ encoding: tokenEncoding, llama2: llama2Tokens ? await loadLlamaTokenizer() : null }),
    tokenEncoding,
    llama2Tokens,
    piiSpans,
    piiPolicies,
    piiThreshold,
    piiPersonThreshold,
    jailbreak,
  };
}

/** Detection half of the PII stage; with a tagger, its model spans join the structured recognizers'. */
function piiSpansStage(version: string, tagger: PiiEntityTagger | null): Stage<MessageInput, PiiSpan[]> {
  if (tagger === null) {
    const detector = createPiiDetector();
    return { name: 'pii-spans', version, run: async (batch) => batch.map((message) => detector.detect(message.content)) };
  }
  const detector = createPiiDetector({ modelEntities: tagger.entities });
  return {
    name: 'pii-spans',
    version: `${version}+ner:${tagger.model}`,
    async run(batch) {
      // The detector ignores texts this short, so the model need not see them.
      const tagged = batch.flatMap((message, index) => (message.content.trim().length < 5 ? [] : [index]));
      const modelSpans = await tagger.tag(tagged.map((index) => (batch[index] as MessageInput).content));
      const byIndex = new Map(tagged.map((index, position) => [index, modelSpans[position] ?? []]));
      return batch.map((message, index) => detector.detect(message.content, byIndex.get(index) ?? []));
    },
  };
}

/**
 * The language stage loads its fastText model on first use: when the stage pool runs it, the main
 * thread never does, and does not hold a copy of the model.
 */
function lazyLanguageStage(detector: LanguageDetectorName): Stage<MessageInput, LanguageAnnotation> {
  let loaded: Promise<Stage<MessageInput, LanguageAnnotation>> | null = null;
  return {
    name: 'language',
    // The real stage's version (createLanguageStage's with its default maximum length); a test keeps them equal.
    version: detector === 'combined' ? COMBINED_LANGUAGE_STAGE_VERSION : `${LANGUAGE_STAGE_VERSION}+400`,
    async run(batch) {
      loaded ??= detector === 'combined' ? createCombinedLanguageStage() : createLanguageStage();
      return (await loaded).run(batch);
    },
  };
}

/** Stage names and versions, for the manifest (they decide which cached results are valid). */
export function stageVersions(stages: PipelineStages): Record<string, string> {
  return {
    [stages.language.name]: stages.language.version,
    [stages.moderation.name]: stages.moderation.version,
    [stages.detoxify.name]: stages.detoxify.version,
    [stages.tokens.name]: stages.tokens.version,
    [stages.piiSpans.name]: stages.piiSpans.version,
    [stages.jailbreak.name]: stages.jailbreak.version,
  };
}
