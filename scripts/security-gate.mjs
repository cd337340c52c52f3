// The matching behind `npm run security`, kept pure so a unit test can drive it.
//
// A review vouches for one finding: the same check, in the same file, on the same code. The code is
// identified by a fingerprint of the flagged expression (from the finding's line and column to the end
// of its statement, whitespace removed), so a review survives the code moving up or down the file but
// not the code changing, and a second, new flagged expression in a reviewed file (say another window with
// sandbox off) is open even though the check and file match. Reviews are used once each: two identical
// flagged expressions need two reviews, so the count per check and file cannot grow unreviewed.
import { createHash } from 'node:crypto';

/**
 * The flagged code: from `line`:`column` (1-based, as SARIF gives them) to the end of the expression —
 * brackets balanced, stopping at `;`, `,` or a line break outside brackets (so a flagged property is just
 * that property), or at a bracket that closes an enclosing one. Strings, template literals and comments are skipped over when counting brackets.
 */
export function flaggedCode(source, line, column) {
  const lines = source.split('\n');
  if (!Number.isInteger(line) || line < 1 || line > lines.length) return '';
  let i = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + Math.max(0, (column ?? 1) - 1);
  const start = i;
  let depth = 0;
  const limit = Math.min(source.length, start + 20_000);
  while (i < limit) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const nl = source.indexOf('\n', i);
      i = nl === -1 ? limit : nl;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? limit : end + 2;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < limit && source[i] !== c) i += source[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (c === ';' || c === ',' || c === '\n')) break;
    i++;
  }
  return source.slice(start, Math.min(i, limit));
}

/** A short, stable id of the flagged code: whitespace (formatting) does not count. */
export function fingerprint(code) {
  return createHash('sha256').update(code.replace(/\s+/g, '')).digest('hex').slice(0, 16);
}

/**
 * The findings no review vouches for. `findings`: { check, file, line, column, ... } with `file` relative
 * to the scanned root; `reviewed`: { check, file, fingerprint, why }; `readSource(file)`: the file's text
 * (or null when unreadable — then the finding can only be open). Each finding comes back with its
 * `fingerprint` and the flagged `code`, so a reviewer can copy the fingerprint into the review file.
 */
export function openFindings(findings, reviewed, readSource) {
  const unused = [...reviewed];
  const sources = new Map();
  const open = [];
  for (const f of findings) {
    if (!sources.has(f.file)) sources.set(f.file, readSource(f.file));
    const source = sources.get(f.file);
    const code = typeof source === 'string' ? flaggedCode(source, f.line, f.column) : '';
    const fp = code === '' ? null : fingerprint(code);
    const at = fp === null ? -1 : unused.findIndex((r) => r.check === f.check && r.file === f.file && r.fingerprint === fp);
    if (at === -1) open.push({ ...f, fingerprint: fp, code });
    else unused.splice(at, 1);
  }
  return open;
}
