import { ENTITY_PRIORITY, type PiiSpan } from './pii-entity.ts';

/**
 * Turns the recognizers' raw spans into disjoint redaction spans. Overlapping spans are merged
 * into ONE span covering their union, labelled by the winner (higher entity priority, then
 * longer, then higher score). Merging instead of dropping the loser is what guarantees that a
 * value is never half-redacted: if a phone pattern caught the tail of a card number, the card
 * span still covers the tail. Spans are then widened to whole words so that a name or token is
 * never cut in the middle.
 */
function wins(candidate: PiiSpan, current: PiiSpan): boolean {
  const priorityDifference = ENTITY_PRIORITY[candidate.entity] - ENTITY_PRIORITY[current.entity];
  if (priorityDifference !== 0) return priorityDifference > 0;
  const lengthDifference = candidate.end - candidate.start - (current.end - current.start);
  if (lengthDifference !== 0) return lengthDifference > 0;
  return candidate.score > current.score;
}

// Letters and digits of scripts written with spaces between words; CJK is excluded because a
// Chinese name is followed directly by more Han characters that are not part of it.
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}_]/u;
const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

function isWordCharacter(character: string | undefined): boolean {
  return character !== undefined && WORD_CHARACTER.test(character) && !NO_SPACE_SCRIPT.test(character);
}

/** Widens a span to the word boundaries around it (never for CJK/Thai characters). */
export function expandToWordBoundaries(text: string, span: PiiSpan): PiiSpan {
  let { start, end } = span;
  if (isWordCharacter(text[start])) while (start > 0 && isWordCharacter(text[start - 1])) start -= 1;
  if (isWordCharacter(text[end - 1])) while (end < text.length && isWordCharacter(text[end])) end += 1;
  return start === span.start && end === span.end ? span : { ...span, start, end };
}

export function resolveOverlaps(text: string, spans: readonly PiiSpan[]): PiiSpan[] {
  const widened = spans
    .filter((span) => span.end > span.start)
    .map((span) => expandToWordBoundaries(text, span))
    .sort((left, right) => left.start - right.start || right.end - left.end);
  const resolved: PiiSpan[] = [];
  for (const span of widened) {
    const previous = resolved[resolved.length - 1];
    if (previous && span.start < previous.end) {
      const winner = wins(span, previous) ? span : previous;
      resolved[resolved.length - 1] = { ...winner, start: previous.start, end: Math.max(previous.end, span.end) };
    } else {
      resolved.push(span);
    }
  }
  return resolved;
}
