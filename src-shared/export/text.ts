/** Safe user text in Markdown and package names of generated exports. */

/** One line of Markdown text: no newlines, backticks and markup characters escaped. */
export function markdownText(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

/**
 * `s` with every lone surrogate replaced by U+FFFD. JSON.stringify writes a lone surrogate as a `\udXXX`
 * escape: valid JSON, but strict parsers refuse it, Node's own package.json reader included ("unexpected
 * end of hex escape"), which breaks importing anything in that folder. For JSON that tools read.
 */
export function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** An npm package name (lowercase, url-safe, ≤ 60 chars). */
export function packageName(s: string): string {
  const n = s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return `layerloom-${n || 'model'}`;
}
