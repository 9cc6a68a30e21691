export {
  createPiiStage,
  PII_STAGE_VERSION,
  DEFAULT_PERSON_THRESHOLD,
  DEFAULT_THRESHOLD,
  type PiiStage,
  type PiiStageOptions,
  type PiiThresholds,
  type PiiMessageResult,
  type FrequencyLookup,
  type ConversationInput,
} from './pii-stage.ts';
export { createPiiDetector, type PiiDetector, type PiiDetectorOptions } from './pii-detector.ts';
export { PII_ENTITY_TYPES, redactionString, type PiiEntityType, type PiiSpan, type Recognizer } from './pii-entity.ts';
export { candidateKey } from './candidate-key.ts';
export type { PiiPolicy } from './redact-text.ts';
