import { describe, expect, it } from 'vitest';
import { buildVocabulary, encodeText } from './vocabulary';
import { defaultTextPrep } from './spec';

const opts = defaultTextPrep({ column: 'text' });

describe('buildVocabulary', () => {
  it('ranks by count, ties by first occurrence, after the reserved ids', () => {
    const v = buildVocabulary(['b a c', 'a c d', 'c'], opts);
    expect(v.tokens).toEqual(['<pad>', '<oov>', 'c', 'a', 'b', 'd']);
    expect(v.counts).toEqual([0, 0, 3, 2, 1, 1]);
  });
  it('is the same for the same texts (deterministic ties)', () => {
    const texts = ['z y x w', 'w x y z', 'q'];
    expect(buildVocabulary(texts, opts)).toEqual(buildVocabulary(texts.slice(), opts));
    expect(buildVocabulary(texts, opts).tokens.slice(2)).toEqual(['z', 'y', 'x', 'w', 'q']);
  });
  it('limits the size (reserved ids included) and drops rare tokens', () => {
    const texts = ['a a a b b c'];
    expect(buildVocabulary(texts, { ...opts, maxVocab: 3 }).tokens).toEqual(['<pad>', '<oov>', 'a']);
    expect(buildVocabulary(texts, { ...opts, minCount: 2 }).tokens).toEqual(['<pad>', '<oov>', 'a', 'b']);
  });
});

describe('encodeText', () => {
  const v = buildVocabulary(['one two three four'], opts);
  it('maps unknown tokens to 1 and pads with 0 on the chosen side', () => {
    expect(Array.from(encodeText('one five', v, opts, 4))).toEqual([2, 1, 0, 0]);
    expect(Array.from(encodeText('one five', v, { ...opts, padding: 'pre' }, 4))).toEqual([0, 0, 2, 1]);
  });
  it('truncates on the chosen side', () => {
    expect(Array.from(encodeText('one two three four', v, opts, 2))).toEqual([2, 3]);
    expect(Array.from(encodeText('one two three four', v, { ...opts, truncating: 'pre' }, 2))).toEqual([4, 5]);
  });
  it('gives all padding for an empty text', () => {
    expect(Array.from(encodeText('', v, opts, 3))).toEqual([0, 0, 0]);
  });
});
