/**
 * The port through which an in-process NER model (src/models) reaches the PII stage: created at
 * the edge and handed in, so the stage stays pure. A tagger answers a batch of texts at once
 * (models are fast per batch, slow per text).
 */
import type { PiiEntityType, PiiSpan } from './pii-entity.ts';

export interface PiiEntityTagger {
  /** Model id and revision; part of the stage version, so cached spans of another model are not reused. */
  readonly model: string;
  /** The entity types the model finds; the offline heuristics for these are switched off. */
  readonly entities: readonly PiiEntityType[];
  /** Spans per text, in the texts' order. */
  tag(texts: readonly string[]): Promise<PiiSpan[][]>;
}
