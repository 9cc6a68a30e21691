/**
 * The NER PII backend: a token-classification model's entities as PII spans. PER becomes
 * PERSON; LOC, GPE and FAC become LOCATION (the entity types WildChat's Presidio run asked
 * for). ORG, MISC and dates are not personal data in that scheme and are dropped.
 */
import type { PiiEntityTagger } from '../pipeline/pii/entity-tagger.ts';
import type { PiiEntityType, PiiSpan } from '../pipeline/pii/pii-entity.ts';
import type { LoadedModel } from './onnx-model.ts';
import { createTokenClassifier } from './token-classifier.ts';

const ENTITY_BY_TYPE: Readonly<Record<string, PiiEntityType>> = {
  PER: 'PERSON',
  PERSON: 'PERSON',
  LOC: 'LOCATION',
  LOCATION: 'LOCATION',
  GPE: 'LOCATION',
  FAC: 'LOCATION',
};

/** Entities the model is less sure of than this are left to the rest of the detector. */
export const NER_MINIMUM_SCORE = 0.5;

export function createOnnxPiiTagger(model: LoadedModel): PiiEntityTagger {
  const classifier = createTokenClassifier(model);
  const types = new Set(classifier.labels.map((label) => label.replace(/^[BIES][-_]/, '').toUpperCase()));
  const entities = [...new Set([...types].flatMap((type) => (ENTITY_BY_TYPE[type] === undefined ? [] : [ENTITY_BY_TYPE[type]])))];
  return {
    model: model.id,
    entities,
    async tag(texts) {
      const tagged = await classifier.tag(texts);
      return tagged.map((found) =>
        found.flatMap((entity): PiiSpan[] => {
          const type = ENTITY_BY_TYPE[entity.type.toUpperCase()];
          if (type === undefined || entity.score < NER_MINIMUM_SCORE) return [];
          return [{ start: entity.start, end: entity.end, entity: type, score: entity.score, metadata: { recognizer: 'ner-model' } }];
        }),
      );
    },
  };
}
