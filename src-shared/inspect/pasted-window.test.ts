import { describe, expect, it } from 'vitest';
import { buildBatch, defaultDataPrep, denormalizeTargets, parseCsvText, prepare } from '../data/index';
import { preprocessingMeta } from '../train/artifacts';
import { pastedWindow } from './pasted-window';

const lines = ['day,temp,wind'];
for (let i = 0; i < 60; i++) lines.push(`2024-01-${String((i % 28) + 1).padStart(2, '0')},${(10 + 5 * Math.sin(i / 3)).toFixed(2)},${(i % 7) + 0.5}`);

describe('pastedWindow', () => {
  it('encodes pasted rows like the prepared test window made of the same rows', async () => {
    const ds = await parseCsvText(lines.join('\n'), { name: 't.csv' });
    const prep = defaultDataPrep({ datasetId: 'x', task: 'regression', mode: 'sequence', targets: ['temp'], features: ['temp', 'wind'], lookback: 5, horizon: 1 });
    const p = prepare(ds, prep);
    const run = { dataPrep: prep, meta: preprocessingMeta(p, prep) };
    const s = p.splits.test[0]!;
    const first = p.rowIndex[s]!;
    const text = [lines[0], ...lines.slice(1 + first, 1 + first + 5)].join('\n');
    const w = pastedWindow(run, text);
    const ref = buildBatch(p, 'test', [0]);
    expect(w.shape).toEqual([1, 5, 2]);
    for (let k = 0; k < ref.x.length; k++) expect(w.x[k]).toBeCloseTo(ref.x[k]!, 5);
    expect(w.firstRow).toBe(1);
    // the default window transform (last-value) is inverted with the pasted window's own rows, as the app
    // inverts it with the test window's: the same output means the same forecast in the target's units
    expect(p.windowTransform).toBe('last-value');
    const y = [0.37];
    expect(w.toUnits(y)![0]).toBeCloseTo(denormalizeTargets(p, y, [s])[0]!, 4);
  });

  it('says how many rows a window needs', async () => {
    const ds = await parseCsvText(lines.join('\n'), { name: 't.csv' });
    const prep = defaultDataPrep({ datasetId: 'x', task: 'regression', mode: 'sequence', targets: ['temp'], features: ['temp', 'wind'], lookback: 5, horizon: 1 });
    const p = prepare(ds, prep);
    expect(() => pastedWindow({ dataPrep: prep, meta: preprocessingMeta(p, prep) }, lines.slice(0, 3).join('\n'))).toThrow(/paste at least 5 usable rows/);
  });
});
