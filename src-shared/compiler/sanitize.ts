/**
 * The one place user strings are escaped before they land in generated code (TypeScript or Python)
 * or become tfjs layer names. Emitters must never interpolate a user string any other way.
 */

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
  '\0': '\\0',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

function hex4(c: string): string {
  return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
}

/**
 * A single-quoted JS/TS string literal that is safe anywhere: inside template literals (backticks and
 * `${` escaped), inside block comments (`*\/` broken), and in HTML `<script>` (`</` broken).
 */
export function jsString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const e = JS_ESCAPES[c];
    if (e !== undefined) out += e;
    else if (c === '$' && s[i + 1] === '{') out += '\\$';
    else if (c === '/' && (s[i - 1] === '*' || s[i - 1] === '<')) out += '\\/';
    else if (c < ' ' || c === '\u007f') out += hex4(c);
    else out += c;
  }
  return `'${out}'`;
}

/** Text safe inside a JS/TS line or block comment (no newlines, no `*\/`). */
export function jsComment(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\*\//g, '* /');
}

/** A double-quoted Python string literal (ASCII control chars and quotes escaped). */
export function pyString(s: string): string {
  let out = '';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    if (c === '\\') out += '\\\\';
    else if (c === '"') out += '\\"';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else if (code === 0x2028 || code === 0x2029) out += '\\u' + code.toString(16);
    else out += c;
  }
  return `"${out}"`;
}

/** Text safe inside a Python `#` comment. */
export function pyComment(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, ' ');
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
