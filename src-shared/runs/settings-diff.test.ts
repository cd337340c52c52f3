import { describe, expect, it } from 'vitest';
import { diffSettings, flatten, formatSettingValue, varyingSettings } from './settings-diff';
import { trainingSettings } from '../train/settings';

describe('settings diff', () => {
  it('flattens nested objects to dotted paths, arrays whole', () => {
    expect([...flatten({ a: { b: 1, c: { d: 'x' } }, e: [1, 2], f: undefined })]).toEqual([
      ['a.b', 1],
      ['a.c.d', 'x'],
      ['e', [1, 2]],
    ]);
  });

  it('two training settings: only the changed paths, with before and after', () => {
    const a = trainingSettings({ learningRate: 0.01, epochs: 5 });
    const b = trainingSettings({ learningRate: 0.001, epochs: 5, earlyStopping: { enabled: true, patience: 3 }, metrics: ['mae'] });
    expect(diffSettings(a, b)).toEqual([
      { path: 'earlyStopping.enabled', before: false, after: true },
      { path: 'earlyStopping.patience', before: 5, after: 3 },
      { path: 'learningRate', before: 0.01, after: 0.001 },
      { path: 'metrics', before: [], after: ['mae'] },
    ]);
    expect(diffSettings(a, structuredClone(a))).toEqual([]);
  });

  it('a path missing on one side shows as undefined', () => {
    expect(diffSettings({ seed: 1 }, {})).toEqual([{ path: 'seed', before: 1, after: undefined }]);
  });

  it('varying settings across several objects keeps only paths that differ somewhere', () => {
    const v = varyingSettings([{ a: 1, b: 2 }, { a: 1, b: 3 }, { a: 1, b: 2, c: true }]);
    expect(v).toEqual([
      { path: 'b', values: [2, 3, 2] },
      { path: 'c', values: [undefined, undefined, true] },
    ]);
  });

  it('formats values for a table cell', () => {
    expect(formatSettingValue(undefined)).toBe('—');
    expect(formatSettingValue(0.1 + 0.2)).toBe('0.3');
    expect(formatSettingValue(['mae'])).toBe('["mae"]');
  });
});
