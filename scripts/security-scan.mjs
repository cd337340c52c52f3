// `npm run security`: runs @doyensec/electronegativity over the Electron code and fails on any finding
// that is not reviewed in .ci/electronegativity-review.json (each with the reason it does not apply).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { root } from './lib.mjs';

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const dir = mkdtempSync(join(tmpdir(), 'layerloom-eneg-'));
const report = join(dir, 'report.sarif');
const r = spawnSync(join(root, 'node_modules', '.bin', 'electronegativity'), ['-i', join(root, 'src-main'), '-e', electronVersion, '-o', report], {
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
const reviewed = JSON.parse(readFileSync(join(root, '.ci', 'electronegativity-review.json'), 'utf8')).reviewed;
// SARIF (JSON) rather than the CSV report: CSV cells may hold commas, quotes and line breaks.
const findings = (sarif.runs?.[0]?.results ?? []).map((r) => {
  const loc = r.locations?.[0]?.physicalLocation;
  return {
    check: r.ruleId,
    severity: r.level,
    file: relative(root, loc?.artifactLocation?.uri ?? ''),
    location: `${loc?.region?.startLine ?? '?'}:${loc?.region?.startColumn ?? '?'}`,
    description: r.message?.text ?? '',
  };
});
const open = findings.filter((f) => !reviewed.some((w) => w.check === f.check && w.file === f.file));
console.log(`electronegativity ${electronVersion}: ${findings.length} finding(s), ${findings.length - open.length} reviewed as not applicable, ${open.length} open`);
for (const f of open) console.log(`  OPEN ${f.check} [${f.severity}] ${f.file}:${f.location} — ${f.description}`);
process.exit(open.length ? 1 : 0);
