/**
 * A serializer that produces the same text as Python's `json.dumps` with its defaults
 * (`ensure_ascii=True`, separators `", "` and `": "`), optionally with `sort_keys=True`.
 * WildChat's hashes are SHA-256 over this text, so byte equality matters.
 */

const SIMPLE_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const HEX = '0123456789abcdef';

/** Escapes of the code units below 0x80 that need one ("" when none is needed). */
const ASCII_ESCAPES: string[] = Array.from({ length: 0x80 }, (_, code) => {
  if (code === 0x22) return '\\"';
  if (code === 0x5c) return '\\\\';
  if (code === 0x0a) return '\\n';
  if (code === 0x0d) return '\\r';
  if (code === 0x09) return '\\t';
  if (code === 0x08) return '\\b';
  if (code === 0x0c) return '\\f';
  if (code < 0x20 || code === 0x7f) return '\\u00' + HEX[code >> 4] + HEX[code & 15];
  return '';
});

/** A JSON string literal as Python writes it with ensure_ascii=True. */
export function pythonJsonString(value: string): string {
  if (SIMPLE_ASCII.test(value)) return '"' + value + '"';
  // Per UTF-16 code unit, as Python does: astral characters come out as a surrogate pair.
  let result = '"';
  let runStart = 0;
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    let escape: string;
    if (code < 0x80) {
      escape = ASCII_ESCAPES[code] as string;
      if (escape === '') continue;
    } else {
      escape = '\\u' + HEX[code >> 12] + HEX[(code >> 8) & 15] + HEX[(code >> 4) & 15] + HEX[code & 15];
    }
    if (index > runStart) result += value.slice(runStart, index);
    result += escape;
    runStart = index + 1;
  }
  if (runStart < value.length) result += value.slice(runStart);
  return result + '"';
}

/** Bytes of ASCII_ESCAPES (empty: the code unit is written as itself). */
const ASCII_ESCAPE_BYTES: Uint8Array[] = ASCII_ESCAPES.map((escape) => Uint8Array.from(escape, (character) => character.charCodeAt(0)));
const HEX_BYTES = Uint8Array.from(HEX, (character) => character.charCodeAt(0));
const BACKSLASH = 0x5c;
const QUOTE = 0x22;

/** At most this many bytes per UTF-16 code unit in pythonJsonString's output (`\uXXXX`). */
export const PYTHON_JSON_BYTES_PER_CODE_UNIT = 6;

/**
 * Writes pythonJsonString(value) into `target` at `at` (its output is pure ASCII, so one byte per
 * character) and returns the end. Hashing these bytes skips building the escaped string and
 * encoding it again; `target` needs 2 + 6 × value.length bytes from `at`.
 */
export function writePythonJsonString(value: string, target: Uint8Array, at: number): number {
  let position = at;
  target[position++] = QUOTE;
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x80) {
      const escape = ASCII_ESCAPE_BYTES[code] as Uint8Array;
      if (escape.length === 0) target[position++] = code;
      else for (let byte = 0; byte < escape.length; byte += 1) target[position++] = escape[byte] as number;
    } else {
      target[position++] = BACKSLASH;
      target[position++] = 0x75; // u
      target[position++] = HEX_BYTES[code >> 12] as number;
      target[position++] = HEX_BYTES[(code >> 8) & 15] as number;
      target[position++] = HEX_BYTES[(code >> 4) & 15] as number;
      target[position++] = HEX_BYTES[code & 15] as number;
    }
  }
  target[position++] = QUOTE;
  return position;
}

/** Python's float repr: shortest round-trip digits, exponent outside 1e-4 <= |x| < 1e16. */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    const text = String(value);
    if (!text.includes('e')) return text.includes('.') ? text : text + '.0';
  }
  // Exponent form: shortest digits from toExponential(), exponent at least two digits.
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  const exponentNumber = Number(exponent);
  const sign = exponentNumber < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exponentNumber)).padStart(2, '0')}`;
}

export interface PythonJsonOptions {
  sortKeys?: boolean;
}

/** Python-compatible `json.dumps`. Integers are JS numbers that are safe integers; other numbers are floats. */
export function pythonJsonDumps(value: unknown, options: PythonJsonOptions = {}): string {
  const parts: string[] = [];
  write(value, options.sortKeys === true, parts);
  return parts.join('');
}

/** Keys in Python order: insertion order, or sorted by code point when sort_keys is on. */
function orderedKeys(object: Record<string, unknown>, sortKeys: boolean): string[] {
  const keys = Object.keys(object).filter((key) => object[key] !== undefined);
  if (!sortKeys) return keys;
  // Python compares str by code point; JS's default sort compares UTF-16 code units. They differ
  // only when astral characters meet U+E000..U+FFFF, so compare by code points explicitly.
  return keys.sort((left, right) => {
    const a = Array.from(left, (c) => c.codePointAt(0) ?? 0);
    const b = Array.from(right, (c) => c.codePointAt(0) ?? 0);
    for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
      const difference = (a[index] ?? 0) - (b[index] ?? 0);
      if (difference !== 0) return difference;
    }
    return a.length - b.length;
  });
}

function write(value: unknown, sortKeys: boolean, parts: string[]): void {
  if (value === null || value === undefined) {
    parts.push('null');
  } else if (typeof value === 'string') {
    parts.push(pythonJsonString(value));
  } else if (typeof value === 'boolean') {
    parts.push(value ? 'true' : 'false');
  } else if (typeof value === 'bigint') {
    parts.push(value.toString());
  } else if (typeof value === 'number') {
    parts.push(Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : pythonFloatRepr(value));
  } else if (Array.isArray(value)) {
    parts.push('[');
    value.forEach((item, index) => {
      if (index > 0) parts.push(', ');
      write(item, sortKeys, parts);
    });
    parts.push(']');
  } else if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    parts.push('{');
    orderedKeys(object, sortKeys).forEach((key, index) => {
      if (index > 0) parts.push(', ');
      parts.push(pythonJsonString(key), ': ');
      write(object[key], sortKeys, parts);
    });
    parts.push('}');
  } else {
    throw new TypeError(`pythonJsonDumps: unsupported value of type ${typeof value}`);
  }
}
