/** Safe user text in Markdown and package names of generated exports. */

/** One line of Markdown text: no newlines, backticks and markup characters escaped. */
export function markdownText(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/([\\`*_[\]<>#|])/g, '\\$1');
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
