/**
 * The one place user strings are escaped before they land in generated code (TypeScript or Python)
 * or become tfjs layer names. Emitters must never interpolate a user string any other way.
 */

/**
 * Characters that never appear raw in generated code, whatever the string or comment: all control
 * characters (C0, DEL, C1: `\p{Cc}`), invisible format characters (`\p{Cf}`: bidi overrides, zero-width
 * characters, BOM: "Trojan Source" text that reads differently from what it compiles to), U+2028/U+2029
 * (line terminators in JS) and surrogates (a lone one cannot be written to a UTF-8 file; paired ones are
 * read as one code point below and never reach this test).
 */
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]$/u;

/**
 * Walks `s` by code point, with lone surrogates as their own "code point" (0xD800–0xDFFF), so no emitter
 * can split a pair or miss a lone half.
 */
function mapCodePoints(s: string, f: (cp: number, ch: string, next: string) => string): string {
  let out = '';
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i)!; // a lone surrogate's own value when it is not half of a pair
    const len = cp > 0xffff ? 2 : 1;
    out += f(cp, s.slice(i, i + len), s.slice(i + len, i + len + 1));
    i += len;
  }
  return out;
}

function hex(cp: number, width: number): string {
  return cp.toString(16).padStart(width, '0');
}

/** `\xNN`, `\uNNNN` or `\u{NNNNN}`: valid in JS strings (strict mode too) and readable in comments. */
function jsEscape(cp: number): string {
  if (cp <= 0xff) return '\\x' + hex(cp, 2);
  if (cp <= 0xffff) return '\\u' + hex(cp, 4);
  return '\\u{' + hex(cp, 1) + '}';
}

/** `\xNN`, `\uNNNN` (lone surrogates too) or `\UNNNNNNNN`: valid in Python str literals. */
function pyEscape(cp: number): string {
  if (cp <= 0xff) return '\\x' + hex(cp, 2);
  if (cp <= 0xffff) return '\\u' + hex(cp, 4);
  return '\\U' + hex(cp, 8);
}

const JS_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '`': '\\`',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
  // never `\0`: followed by a digit it would be the octal escape `\01`, a SyntaxError in strict code
  // and ES modules (tsc TS1487)
};

/**
 * A single-quoted JS/TS string literal that is safe anywhere, strict mode and ES modules included:
 * inside template literals (backticks and `${` escaped), inside block comments (`*\/` broken), and in
 * HTML `<script>` (`</` broken). Control and format characters, U+2028/U+2029 and lone surrogates are
 * `\x`/`\u` escapes, so the literal is printable ASCII plus visible non-ASCII text.
 */
export function jsString(s: string): string {
  let prev = '';
  const out = mapCodePoints(s, (cp, ch, next) => {
    const p = prev;
    prev = ch;
    const e = JS_ESCAPES[ch];
    if (e !== undefined) return e;
    if (ch === '$' && next === '{') return '\\$';
    if (ch === '/' && (p === '*' || p === '<')) return '\\/';
    if (INVISIBLE.test(ch)) return jsEscape(cp);
    return ch;
  });
  return `'${out}'`;
}

/** Characters that end a JS line comment. */
const JS_LINE_BREAK = /^[\n\r\u2028\u2029]$/;

/**
 * Text safe inside a JS/TS line or block comment: line terminators become spaces, other control and
 * format characters and lone surrogates are shown as `\x`/`\u` escapes, and `*\/` is broken up.
 */
export function jsComment(s: string): string {
  return mapCodePoints(s, (cp, ch) => (JS_LINE_BREAK.test(ch) ? ' ' : INVISIBLE.test(ch) ? jsEscape(cp) : ch)).replace(
    /\*\//g,
    '* /',
  );
}

/**
 * A double-quoted Python string literal: backslashes and `"` escaped (so `"""` cannot close anything),
 * control and format characters and U+2028/U+2029 as `\x`/`\u`/`\U` escapes, and a lone surrogate as
 * `\udXXX` (it cannot be written raw to a UTF-8 file; Python's str holds it like JavaScript's string).
 */
export function pyString(s: string): string {
  const out = mapCodePoints(s, (cp, ch) => {
    if (ch === '\\') return '\\\\';
    if (ch === '"') return '\\"';
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    if (INVISIBLE.test(ch)) return pyEscape(cp);
    return ch;
  });
  return `"${out}"`;
}

/** Characters Python's tokenizer or str.splitlines() (editors, linters) may take as a line break. */
const PY_LINE_BREAK = /^[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]$/;

/**
 * Text safe inside a Python `#` comment: line breaks become spaces, other control and format characters
 * (NUL makes a source file uncompilable) and lone surrogates are shown as `\x`/`\u` escapes.
 */
export function pyComment(s: string): string {
  return mapCodePoints(s, (cp, ch) => (PY_LINE_BREAK.test(ch) ? ' ' : INVISIBLE.test(ch) ? pyEscape(cp) : ch));
}

/**
 * A number as a TypeScript/JavaScript expression with exactly its value: NaN, Infinity, -Infinity and
 * -0 included (all valid where an expression is).
 */
export function tsNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (Object.is(n, -0)) return '-0';
  return String(n);
}

/**
 * A number as a Python expression with exactly its value (`float("nan")`, `float("inf")`, `-0.0`);
 * String(n) is valid Python for every finite number (`1e+21`, `5e-324`).
 */
export function pyNumber(n: number): string {
  if (Number.isNaN(n)) return 'float("nan")';
  if (n === Infinity) return 'float("inf")';
  if (n === -Infinity) return '-float("inf")';
  if (Object.is(n, -0)) return '-0.0';
  return String(n);
}

const RESERVED = new Set(
  (
    // JavaScript / TypeScript
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'as implements interface let package private protected public static yield await async of any boolean number ' +
    'string symbol type undefined NaN Infinity arguments eval tf model inputs outputs ' +
    // Python
    'False None True and assert def del elif except global is lambda nonlocal not or pass raise from keras layers ' +
    'regularizers np'
  ).split(' '),
);

/**
 * A valid identifier in both TypeScript and Python: ASCII letters, digits and `_`, not starting with a
 * digit, not a reserved word of either language (those get a `_` suffix). Never empty.
 */
export function identifier(s: string, fallback = 'layer'): string {
  let id = s
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (id === '') id = fallback;
  if (/^[0-9]/.test(id)) id = '_' + id;
  if (id.length > 64) id = id.slice(0, 64);
  if (RESERVED.has(id)) id += '_';
  return id;
}

/** A tfjs/Keras layer name: lowercase snake case, starting with a letter, at most 60 chars. */
export function layerName(s: string, fallback = 'layer'): string {
  let n = s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (n === '') n = fallback;
  if (!/^[a-z]/.test(n)) n = 'l_' + n;
  return n.slice(0, 60);
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * One safe file or folder name (never a path): no path separators, no `..`, no control characters,
 * none of `<>:"|?*`, no leading dots or trailing dots/spaces, not a Windows device name, at most 100
 * characters. Never empty (falls back to `fallback`).
 */
export function fileName(s: string, fallback = 'file'): string {
  let n = s
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/[\\/<>:"|?*]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s-]+/, '')
    .replace(/[.\s]+$/, '');
  if (n.length > 100) n = n.slice(0, 100).replace(/[.\s]+$/, '');
  if (n === '') n = fallback;
  if (WINDOWS_RESERVED.test(n.split('.')[0]!)) n = '_' + n;
  return n;
}
