import { describe, expect, it } from 'vitest';
import { suggestLength, textSummary, lengthHistogram } from './summary';
import { defaultTextPrep } from './spec';

describe('suggestLength', () => {
  it('is the 95th percentile of the training lengths, with its reason', () => {
    const lengths = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    const s = suggestLength(lengths);
    expect(s.length).toBe(95);
    expect(s.reason).toContain('95 % of the 100 training texts have at most 95 tokens');
  });
  it('is capped, and says so', () => {
    const s = suggestLength([10, 2000, 3000]);
    expect(s.length).toBe(500);
    expect(s.reason).toContain('capped at 500');
  });
});

describe('lengthHistogram', () => {
  it('counts every length in [from, to) bins', () => {
    const h = lengthHistogram([0, 1, 1, 39], 20);
    expect(h.reduce((t, b) => t + b.count, 0)).toBe(4);
    expect(h[0]).toEqual({ from: 0, to: 2, count: 3 });
    expect(h[h.length - 1]).toEqual({ from: 38, to: 40, count: 1 });
  });
});

describe('textSummary', () => {
  it('reports vocabulary, top tokens, OOV per split, examples and the length in use', () => {
    const s = textSummary({ train: ['a b a', 'b c'], validation: ['a z'], test: [] }, defaultTextPrep({ column: 't', sequenceLength: 4 }));
    expect(s.vocabSize).toBe(5);
    expect(s.topTokens[0]).toEqual({ token: 'a', count: 2 });
    expect(s.oovRate).toEqual({ train: 0, validation: 0.5, test: null });
    expect(s.examples[0]).toEqual({ text: 'a b a', tokens: ['a', 'b', 'a'], ids: [2, 3, 2, 0] });
    expect(s.sequenceLength).toBe(4);
    expect(s.warnings.join(' ')).toContain('50 % of the validation tokens are not in the vocabulary');
  });
});
