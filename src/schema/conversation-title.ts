/**
 * The title a conversation gets from its first user message, shared by the chat page and the
 * OpenAI-compatible API so both name conversations the same way. A title is plain text: the
 * sidebar shows it as typed, so Markdown syntax is reduced to the words it marks up.
 */

export const CONVERSATION_TITLE_MAX_CHARS = 60;
export const FALLBACK_CONVERSATION_TITLE = 'New chat';

const FENCE_LINE = /^\s*(```|~~~)/;
const THEMATIC_BREAK = /^\s{0,3}([-*_])(?:\s*\1){2,}\s*$/;
const BLOCK_PREFIX = /^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+\[[ xX]\]\s+|[-*+]\s+|\d{1,9}[.)]\s+)+/;
const IMAGE = /!\[([^\]]*)\]\([^)]*\)/g;
const LINK = /\[([^\]]+)\]\([^)]*\)/g;
const INLINE_CODE = /(`+)(.+?)\1/g;
const STRONG = /(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g;
// Underscores count only at word edges, so snake_case names keep theirs.
const EMPHASIS_STAR = /\*(?=\S)(.+?)(?<=\S)\*/g;
const EMPHASIS_UNDERSCORE = /(?<![\p{L}\p{N}])_(?=\S)(.+?)(?<=\S)_(?![\p{L}\p{N}])/gu;
const STRIKETHROUGH = /~~(?=\S)(.+?)(?<=\S)~~/g;
const ESCAPED_PUNCTUATION = /\\([!-/:-@[-`{-~])/g;

// Escaped punctuation is parked in the private use area while the markup rules run.
const PARKED = /[\uE000-\uE07F]/g;
const PARKED_BASE = 0xe000;

/** One line's text without its Markdown markup. */
function plainLine(line: string): string {
  return line
    .replace(PARKED, '')
    .replace(ESCAPED_PUNCTUATION, (_escape, character: string) => String.fromCharCode(PARKED_BASE + character.charCodeAt(0)))
    .replace(BLOCK_PREFIX, '')
    .replace(IMAGE, '$1')
    .replace(LINK, '$1')
    .replace(INLINE_CODE, '$2')
    .replace(STRONG, '$2')
    .replace(EMPHASIS_STAR, '$1')
    .replace(EMPHASIS_UNDERSCORE, '$1')
    .replace(STRIKETHROUGH, '$1')
    .replace(PARKED, (parked) => String.fromCharCode(parked.charCodeAt(0) - PARKED_BASE))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first line with any text (code fences and rules skipped) as plain text. */
export function plainTitleText(content: string): string {
  for (const line of content.split('\n')) {
    if (FENCE_LINE.test(line) || THEMATIC_BREAK.test(line)) continue;
    const text = plainLine(line);
    if (text !== '') return text;
  }
  return '';
}

/** A short title from a conversation's first user message; the user can rename it. */
export function conversationTitleFrom(firstUserMessage: string): string {
  const text = plainTitleText(firstUserMessage);
  if (text === '') return FALLBACK_CONVERSATION_TITLE;
  const characters = Array.from(text);
  return characters.length > CONVERSATION_TITLE_MAX_CHARS
    ? `${characters
        .slice(0, CONVERSATION_TITLE_MAX_CHARS - 3)
        .join('')
        .trimEnd()}…`
    : text;
}
