// `npm run security`: runs @doyensec/electronegativity over the Electron code and fails on any finding
// that is not reviewed in .ci/electronegativity-review.json (each with the reason it does not apply).
// A review names the check, the file and a fingerprint of the flagged code (scripts/security-gate.mjs):
// new flagged code, or one more finding of a reviewed kind, is open and fails the run.
//
//   node scripts/security-scan.mjs [--root DIR] [--review FILE] [--list]
//     --root DIR    scan DIR/src-main instead of this checkout's (paths are reported relative to DIR)
//     --review FILE the review file (default: .ci/electronegativity-review.json of this checkout)
//     --list        print every finding as a review entry (check, file, fingerprint, code) to stdout as JSON
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { root } from './lib.mjs';
import { flaggedCode, fingerprint, openFindings } from './security-gate.mjs';

const { values: opts } = parseArgs({
  options: { root: { type: 'string' }, review: { type: 'string' }, list: { type: 'boolean', default: false } },
});
const scanRoot = resolve(opts.root ?? root);
const reviewFile = resolve(opts.review ?? join(root, '.ci', 'electronegativity-review.json'));

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const dir = mkdtempSync(join(tmpdir(), 'layerloom-eneg-'));
const report = join(dir, 'report.sarif');
const r = spawnSync(join(root, 'node_modules', '.bin', 'electronegativity'), ['-i', join(scanRoot, 'src-main'), '-e', electronVersion, '-o', report], {
  encoding: 'utf8',
  timeout: 180_000,
});
let sarif;
try {
  sarif = JSON.parse(readFileSync(report, 'utf8'));
} catch {
  process.stderr.write(`electronegativity produced no report (exit ${r.status}):\n${r.stdout}\n${r.stderr}\n`);
  process.exit(1);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const reviewed = JSON.parse(readFileSync(reviewFile, 'utf8')).reviewed;
// SARIF (JSON) rather than the CSV report: CSV cells may hold commas, quotes and line breaks.
// Its results carry no snippet, so the flagged code is read from the file at the region's start.
const findings = (sarif.runs?.[0]?.results ?? []).map((r) => {
  const loc = r.locations?.[0]?.physicalLocation;
  return {
    check: r.ruleId,
    severity: r.level,
    file: relative(scanRoot, loc?.artifactLocation?.uri ?? '').split('\\').join('/'),
    line: loc?.region?.startLine,
    column: loc?.region?.startColumn,
    description: r.message?.text ?? '',
  };
});
const readSource = (file) => {
  try {
    return readFileSync(join(scanRoot, file), 'utf8');
  } catch {
    return null;
  }
};
if (opts.list) {
  const entries = findings.map((f) => {
    const code = flaggedCode(readSource(f.file) ?? '', f.line, f.column);
    return { check: f.check, file: f.file, fingerprint: code ? fingerprint(code) : null, code };
  });
  console.log(JSON.stringify(entries, null, 2));
  process.exit(0);
}
const open = openFindings(findings, reviewed, readSource);
console.log(`electronegativity ${electronVersion}: ${findings.length} finding(s), ${findings.length - open.length} reviewed as not applicable, ${open.length} open`);
for (const f of open) {
  const code = f.code.replace(/\s+/g, ' ').trim();
  console.log(`  OPEN ${f.check} [${f.severity}] ${f.file}:${f.line ?? '?'}:${f.column ?? '?'} fingerprint ${f.fingerprint ?? '(code not readable)'} — ${f.description}`);
  if (code) console.log(`       ${code.length > 160 ? `${code.slice(0, 157)}...` : code}`);
}
if (open.length) console.log(`Fix each open finding, or add { check, file, fingerprint, why } to ${relative(process.cwd(), reviewFile) || reviewFile} once reviewed.`);
process.exit(open.length ? 1 : 0);
