import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mulberry32, parseCsvText, prepare, SPLITS, type DataPrepInput, type PreparedData } from './index';
import { compareWithBaseline } from '../train/evaluate';
import { evaluatePredictions, runEvaluationSchema } from '../eval/run-evaluation';
import { runResultSchema } from '../api/runs';

/** 5000 rows; label 1 in four bursts of 8 rows (0.64 %), all before 70 % of the series; x carries the label plus noise. */
const BURSTS = [410, 1620, 2610, 3320];
async function rareEvents(): Promise<{ text: string; label: number[] }> {
  const r = mulberry32(5);
  const label: number[] = [];
  const lines = ['t,x,label'];
  for (let t = 0; t < 5000; t++) {
    const l = BURSTS.some((b) => t >= b && t < b + 8) ? 1 : 0;
    label.push(l);
    lines.push(`${t},${(l * 2 + r() - 0.5).toFixed(4)},${l}`);
  }
  return { text: lines.join('\n'), label };
}
const RARE: DataPrepInput = { task: 'binary', mode: 'sequence', targets: ['label'], features: ['x'], lookback: 10 };

/** Rows each split's windows read (inputs and target). */
function rowsOf(p: PreparedData, span: number): Record<string, Set<number>> {
  const out: Record<string, Set<number>> = {};
  for (const sp of SPLITS) {
    out[sp] = new Set();
    for (const s of p.splits[sp]) for (let r = s; r < s + span; r++) out[sp]!.add(r);
  }
  return out;
}

describe('classification that knows its splits', () => {
  it('chronological split: the rare class is missing from test → class counts, a warning, and no claim', async () => {
    const { text, label } = await rareEvents();
    const p = prepare(await parseCsvText(text), RARE);
    // class counts by hand: the label at each sample's target row (the window's last row)
    for (const sp of SPLITS) {
      const pos = Array.from(p.splits[sp]).filter((s) => label[s + 9] === 1).length;
      expect(p.classCounts![sp]).toEqual([p.splits[sp].length - pos, pos]);
    }
    expect(p.classCounts!.train[1]).toBe(32);
    expect(p.classCounts!.test[1]).toBe(0);
    expect(p.classCounts!.validation[1]).toBe(0);
    expect(p.warnings.some((w) => /test split has no "1" samples/.test(w) && /AUC is undefined/.test(w))).toBe(true);
    expect(p.warnings.some((w) => /validation split has no "1" samples/.test(w))).toBe(true);
    // every prediction right (all 0) would "beat" nothing: no claim
    const perfect = new Float32Array(p.splits.test.length);
    const ev = compareWithBaseline(p, perfect, 0);
    expect(ev.metrics.accuracy).toBe(1);
    expect(ev.beatsBaseline).toBeNull();
    expect(ev.warnings!.join(' ')).toMatch(/test split has no "1" samples/);
    expect(ev.classCounts).toEqual(p.classCounts);
    const report = evaluatePredictions(p, 'test', perfect, { kind: 'test', name: 'test split' });
    expect(report.classification!.beatsBaseline).toBeNull();
    expect(report.classification!.roc!.auc).toBeNull();
    expect(report.classification!.rocNote).toMatch(/AUC is undefined: only one class \("0"\) is present in the test split/);
    // what is stored (and read back) keeps the counts, the note and the withheld claim
    const stored = runEvaluationSchema.parse(JSON.parse(JSON.stringify(report)));
    expect(stored.classification!.classCounts).toEqual(p.classCounts);
    expect(stored.classification!.rocNote).toBe(report.classification!.rocNote);
    expect(stored.classification!.beatsBaseline).toBeNull();
    expect(stored.classification!.warnings).toEqual(report.classification!.warnings);
    const result = runResultSchema.parse(JSON.parse(JSON.stringify({ epochsRun: 1, epochs: 1, monitor: 'loss', bestEpoch: 1, finalLogs: {}, evaluation: ev, warnings: ['w'] })));
    expect(result.evaluation!.classCounts).toEqual(p.classCounts);
    expect(result.evaluation!.warnings).toEqual(ev.warnings);
    expect(result.evaluation!.baselines).toEqual(ev.baselines);
    expect(result.warnings).toEqual(['w']);
  });

  it('stratified blocks: every class in every split, leakage-free, same proportions', async () => {
    const { text, label } = await rareEvents();
    const p = prepare(await parseCsvText(text), { ...RARE, splitStrategy: 'stratified-blocks' });
    for (const sp of SPLITS) expect(p.classCounts![sp][1], sp).toBeGreaterThan(0);
    expect(p.warnings.some((w) => /split has no/.test(w))).toBe(false);
    expect(p.warnings.some((w) => /not strictly the latest period/.test(w))).toBe(true);
    // no row is read by windows of two splits
    const rows = rowsOf(p, 10);
    for (const a of SPLITS) for (const b of SPLITS) if (a < b) for (const r of rows[a]!) expect(rows[b]!.has(r), `row ${r} in ${a} and ${b}`).toBe(false);
    // each window lies inside one block of its own split, and the blocks of the splits do not overlap
    const g = p.groups[0]!;
    for (const sp of SPLITS) for (const s of p.splits[sp]) expect(g.blocks[sp].some(([a, b]) => s >= a && s + 10 <= b), `${sp} window ${s}`).toBe(true);
    const all = SPLITS.flatMap((sp) => g.blocks[sp]).sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < all.length; i++) expect(all[i]![0]).toBeGreaterThanOrEqual(all[i - 1]![1]);
    expect(all[0]![0]).toBe(0);
    expect(all[all.length - 1]![1]).toBe(5000);
    // proportions: the rows of each split stay near 70 / 15 / 15
    const len = (sp: (typeof SPLITS)[number]) => g.blocks[sp].reduce((t, [a, b]) => t + b - a, 0);
    expect(len('train') / 5000).toBeCloseTo(0.7, 1);
    expect(len('test') / 5000).toBeCloseTo(0.15, 1);
    // normalization statistics come from the training blocks only
    const trainX: number[] = [];
    const xs = text.split('\n').slice(1).map((l) => +l.split(',')[1]!);
    for (const [a, b] of g.blocks.train) for (let r = a; r < b; r++) trainX.push(xs[r]!);
    expect(p.stats.features[0]!.mean).toBeCloseTo(trainX.reduce((s, v) => s + v, 0) / trainX.length, 6);
    // targets are the labels of the windows' last rows
    for (const s of p.splits.test) expect(p.targets[s + 9]).toBe(label[s + 9]);
  });

  it('stratified blocks are leakage-free for any series, window, stride and groups (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 60, max: 900 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 899 }), { minLength: 1, maxLength: 12 }),
        async (n, lookback, stride, nGroups, events) => {
          const lines = ['g,t,x,label'];
          for (let i = 0; i < n; i++) lines.push(`g${i % nGroups},${i},${(i % 7) / 7},${events.some((e) => i >= e && i < e + 3) ? 'b' : i % 11 === 0 ? 'c' : 'a'}`);
          const ds = await parseCsvText(lines.join('\n'));
          let p: PreparedData;
          try {
            p = prepare(ds, { task: 'multiclass', mode: 'sequence', targets: ['label'], features: ['x'], groupColumn: 'g', lookback, stride, splitStrategy: 'stratified-blocks' });
          } catch {
            return; // too short for a window, or one class only: refused, nothing to check
          }
          const rows = rowsOf(p, lookback);
          for (const a of SPLITS) for (const b of SPLITS) if (a < b) for (const r of rows[a]!) expect(rows[b]!.has(r)).toBe(false);
          for (const sp of SPLITS)
            for (const st of p.splits[sp]) {
              const g = p.groups.find((x) => st >= x.start && st < x.end)!;
              expect(g.blocks[sp].some(([a, b]) => st >= a && st + lookback <= b)).toBe(true);
            }
          // blocks of one group tile it without overlap
          for (const g of p.groups) {
            const all = SPLITS.flatMap((sp) => g.blocks[sp]).sort((x, y) => x[0] - y[0]);
            expect(all[0]![0]).toBe(g.start);
            expect(all[all.length - 1]![1]).toBe(g.end);
            for (let i = 1; i < all.length; i++) expect(all[i]![0]).toBe(all[i - 1]![1]);
          }
        },
      ),
      { numRuns: 60, seed: 14 },
    );
  }, 60_000);

  it('stratified blocks need a classification task', async () => {
    const ds = await parseCsvText((await rareEvents()).text);
    expect(() => prepare(ds, { task: 'regression', mode: 'sequence', targets: ['x'], features: ['x'], lookback: 10, splitStrategy: 'stratified-blocks' })).toThrow(
      /needs a classification task/,
    );
  });
});

describe('warnings that keep users from fooling themselves', () => {
  const trend = (n: number) => ['y', ...Array.from({ length: n }, (_, t) => String(100 + t))].join('\n');

  it('test and validation targets beyond the training range, with how far', async () => {
    // 300 rows 100…399: train rows 0–209 (max 309); validation targets reach 354, test targets 399
    const p = prepare(await parseCsvText(trend(300)), { task: 'regression', mode: 'sequence', targets: ['y'], features: ['y'], lookback: 5 });
    expect(p.warnings).toContainEqual(expect.stringMatching(/^Test targets reach 399, 29 % above the training maximum 309/));
    expect(p.warnings).toContainEqual(expect.stringMatching(/^Validation targets reach 354, 15 % above the training maximum 309/));
    // the default (relative to last value) keeps the model's inputs in range: the warning says so instead of suggesting it
    expect(p.warnings).toContainEqual(expect.stringMatching(/last-value window transform forecasts relative to each window/));
    const level = prepare(await parseCsvText(trend(300)), { task: 'regression', mode: 'sequence', targets: ['y'], features: ['y'], lookback: 5, windowTransform: 'level' });
    expect(level.warnings).toContainEqual(expect.stringMatching(/extrapolates there \(consider differencing or a relative-to-last-value target\)/));
    // a stationary series: no such warning
    const flat = ['y', ...Array.from({ length: 300 }, (_, t) => String(100 + (t % 10)))].join('\n');
    const q = prepare(await parseCsvText(flat), { task: 'regression', mode: 'sequence', targets: ['y'], features: ['y'], lookback: 5 });
    expect(q.warnings.filter((w) => /training (maximum|minimum)/.test(w))).toEqual([]);
    // falling below the minimum
    const down = ['y', ...Array.from({ length: 300 }, (_, t) => String(400 - t))].join('\n');
    const d = prepare(await parseCsvText(down), { task: 'regression', mode: 'sequence', targets: ['y'], features: ['y'], lookback: 5 });
    expect(d.warnings).toContainEqual(expect.stringMatching(/^Test targets fall to 101, 47 % below the training minimum 191/));
  });

  it('a lookback longer than a third of the training rows', async () => {
    const ds = await parseCsvText(trend(300));
    const long = prepare(ds, { task: 'regression', mode: 'sequence', targets: ['y'], features: ['y'], lookback: 80 });
    expect(long.warnings).toContainEqual(expect.stringMatching(/lookback 80\) is longer than a third of the training rows \(210 rows\)/));
    const ok = prepare(ds, { task: 'regression', mode: 'sequence', targets: ['y'], features: ['y'], lookback: 60 });
    expect(ok.warnings.filter((w) => /a third of the training rows/.test(w))).toEqual([]);
  });
});
