import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPiiDetector } from './pii-detector.ts';

describe('PII detector with spans from a model', () => {
  const text = 'My name is John Carter, mail me at john.carter@protonmail.com from Lyon.';

  it('the entity types a model covers are left to it; the structured recognizers stay', () => {
    const detector = createPiiDetector({ modelEntities: ['PERSON', 'LOCATION'] });
    const withoutModel = detector.detect(text);
    assert.deepEqual(
      withoutModel.map((span) => span.entity),
      ['EMAIL_ADDRESS'],
    );
    const start = text.indexOf('John');
    const spans = detector.detect(text, [{ start, end: start + 'John Carter'.length, entity: 'PERSON', score: 0.99 }]);
    assert.deepEqual(
      spans.map((span) => [span.entity, text.slice(span.start, span.end)]),
      [
        ['PERSON', 'John Carter'],
        ['EMAIL_ADDRESS', 'john.carter@protonmail.com'],
      ],
    );
  });

  it('a model span overlapping a structured one merges into one span (nothing half-redacted)', () => {
    const detector = createPiiDetector({ modelEntities: ['PERSON'] });
    const start = text.indexOf('john.carter');
    const spans = detector.detect(text, [{ start, end: start + 'john.carter'.length, entity: 'PERSON', score: 0.6 }]);
    const email = spans.find((span) => span.entity === 'EMAIL_ADDRESS');
    assert.equal(email && text.slice(email.start, email.end), 'john.carter@protonmail.com');
    assert.equal(
      spans.some((span) => span.entity === 'PERSON' && span.start >= start),
      false,
    );
  });

  it('without modelEntities the offline heuristics still run', () => {
    const spans = createPiiDetector().detect(text);
    assert.ok(spans.some((span) => span.entity === 'PERSON'));
  });
});
