import { describe, expect, it } from 'vitest';
import { UsageError } from '../command';
import { PREP_HELP, parseClassWeights, parseSplit, parseSteps, prepOverrides } from './prep-options';

const opts = (o: Record<string, string>) => new Map(Object.entries(o));

describe('layerloom train preparation flags', () => {
  it('--steps takes ranges and lists', () => {
    expect(parseSteps('1-7')).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(parseSteps('1,7,14')).toEqual([1, 7, 14]);
    expect(parseSteps('14, 1-3,2')).toEqual([1, 2, 3, 14]);
    expect(() => parseSteps('7-1')).toThrow(/--steps: "7-1" must be steps from 1 to 10000, low to high/);
    expect(() => parseSteps('0')).toThrow(/--steps/);
    expect(() => parseSteps('a')).toThrow(/--steps must list steps ahead like 1-7 or 1,7,14/);
    expect(() => parseSteps('1-400')).toThrow(/at most 366/);
  });

  it('--date-parts names the year, month, day (and hour) columns; it excludes --date and is in --help', () => {
    expect(prepOverrides(opts({ 'date-parts': 'Yr, mo,dom' }), new Set())).toEqual({ dateParts: { year: 'Yr', month: 'mo', day: 'dom' } });
    expect(prepOverrides(opts({ 'date-parts': 'y,m,d,h' }), new Set())).toEqual({ dateParts: { year: 'y', month: 'm', day: 'd', hour: 'h' } });
    expect(() => prepOverrides(opts({ 'date-parts': 'y,m' }), new Set())).toThrow(/--date-parts must name the year, month and day columns, optionally the hour column \(e.g. year,month,day,hour\), not "y,m"/);
    expect(() => prepOverrides(opts({ 'date-parts': 'y,,d' }), new Set())).toThrow(UsageError);
    expect(() => prepOverrides(opts({ date: 'when', 'date-parts': 'y,m,d' }), new Set())).toThrow(/--date and --date-parts exclude each other/);
    expect(PREP_HELP).toMatch(/--date-parts Y,M,D\[,H\]/);
  });

  it('--split, --class-weights', () => {
    expect(parseSplit('0.8,0.1,0.1')).toEqual({ train: 0.8, validation: 0.1, test: 0.1 });
    expect(() => parseSplit('0.5,0.5,0.5')).toThrow(/--split: the fractions must sum to 1/);
    expect(() => parseSplit('0.5,0.5')).toThrow(/--split must be three fractions/);
    expect(parseClassWeights('balanced')).toBe('balanced');
    expect(parseClassWeights('rain=5,sun=1')).toEqual({ rain: 5, sun: 1 });
    expect(() => parseClassWeights('rain')).toThrow(/--class-weights must be none, balanced or LABEL=WEIGHT/);
  });

  it('every preparation option becomes an override; a bad value names its flag', () => {
    expect(
      prepOverrides(
        opts({
          task: 'regression',
          mode: 'sequence',
          date: 'day',
          group: 'station',
          split: '0.6,0.2,0.2',
          normalization: 'minmax',
          'window-transform': 'seasonal-difference',
          steps: '1-3',
          'seasonal-period': '7',
          'split-strategy': 'chronological',
          stride: '2',
          missing: 'ffill',
        }),
        new Set(['no-normalize-target']),
      ),
    ).toEqual({
      task: 'regression',
      mode: 'sequence',
      dateColumn: 'day',
      groupColumn: 'station',
      split: { train: 0.6, validation: 0.2, test: 0.2 },
      normalization: 'minmax',
      normalizeTarget: false,
      missing: 'ffill',
      windowTransform: 'seasonal-difference',
      horizonSteps: [1, 2, 3],
      seasonalPeriod: 7,
      splitStrategy: 'chronological',
      stride: 2,
    });
    expect(prepOverrides(opts({}), new Set(['window-scale']))).toEqual({ windowScale: true, windowTransform: 'window-mean' });
    const bad: [Record<string, string>, RegExp][] = [
      [{ task: 'forecast' }, /--task must be one of regression, binary, multiclass, not "forecast"/],
      [{ mode: 'x' }, /--mode must be one of sequence, tabular/],
      [{ normalization: 'robust' }, /--normalization must be one of zscore, minmax, none/],
      [{ 'window-transform': 'log' }, /--window-transform must be one of auto, level, last-value, window-mean, difference, seasonal-difference/],
      [{ 'seasonal-period': '0' }, /--seasonal-period must be a whole number from 1/],
      [{ 'split-strategy': 'random' }, /--split-strategy must be one of chronological, stratified-blocks/],
      [{ missing: 'zero' }, /--missing must be one of drop, ffill, mean/],
    ];
    for (const [o, msg] of bad) {
      const run = (): unknown => prepOverrides(opts(o), new Set());
      expect(run).toThrow(UsageError);
      expect(run).toThrow(msg);
    }
    expect(() => prepOverrides(opts({ 'window-transform': 'difference' }), new Set(['window-scale']))).toThrow(/--window-scale goes with --window-transform window-mean/);
  });

  it('text flags become DataPrep.text, each value checked naming its flag, all in --help', () => {
    expect(
      prepOverrides(
        opts({ 'text-column': 'body', tokenizer: 'chars', 'max-vocab': '500', 'min-count': '2', 'sequence-length': '80', padding: 'pre', truncating: 'pre' }),
        new Set(['keep-case']),
      ),
    ).toEqual({ text: { column: 'body', tokenizer: 'chars', lowercase: false, maxVocab: 500, minCount: 2, sequenceLength: 80, padding: 'pre', truncating: 'pre' } });
    expect(prepOverrides(opts({ 'text-column': 'body' }), new Set())).toEqual({ text: { column: 'body' } });
    expect(() => prepOverrides(opts({ 'text-column': 'b', tokenizer: 'bpe' }), new Set())).toThrow('--tokenizer must be one of words, chars, not "bpe"');
    expect(() => prepOverrides(opts({ 'text-column': 'b', 'max-vocab': '2' }), new Set())).toThrow('--max-vocab must be a whole number from 3 to 1000000');
    expect(() => prepOverrides(opts({ 'text-column': 'b', 'sequence-length': '20000' }), new Set())).toThrow('--sequence-length must be a whole number from 1 to 10000');
    expect(() => prepOverrides(opts({ padding: 'pre' }), new Set())).toThrow('--padding is a text option: give the text column with --text-column COL');
    expect(() => prepOverrides(opts({}), new Set(['keep-case']))).toThrow('--keep-case is a text option');
    for (const f of ['--text-column', '--tokenizer', '--keep-case', '--max-vocab', '--min-count', '--sequence-length', '--padding', '--truncating']) expect(PREP_HELP).toContain(f);
  });
});
