import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize';

const words = { tokenizer: 'words', lowercase: true } as const;
const chars = { tokenizer: 'chars', lowercase: true } as const;

describe('tokenize (words)', () => {
  it('splits on everything but Unicode letters, marks and digits, lowercased', () => {
    expect(tokenize('Hello, World! 42 times—ÉTÉ naïve café', words)).toEqual(['hello', 'world', '42', 'times', 'été', 'naïve', 'café']);
    expect(tokenize('Москва 東京 αβγ', words)).toEqual(['москва', '東京', 'αβγ']);
  });
  it('keeps an apostrophe inside a word only, and writes ’ as \'', () => {
    expect(tokenize("Don't 'quoted' rock'n'roll l’amour it''s", words)).toEqual(["don't", 'quoted', "rock'n'roll", "l'amour", 'it', 's']);
  });
  it('folds compatibility forms (NFKC) before lowercasing', () => {
    expect(tokenize('ＦＵＬＬ ﬁne ①', words)).toEqual(['full', 'fine', '1']);
    // decomposed e + combining acute becomes one composed letter
    expect(tokenize('Cafe\u0301', words)).toEqual(['café']);
  });
  it('keeps case when lowercase is off', () => {
    expect(tokenize('Hello World', { tokenizer: 'words', lowercase: false })).toEqual(['Hello', 'World']);
  });
  it('gives no tokens for empty, whitespace-only and punctuation-only text', () => {
    expect(tokenize('', words)).toEqual([]);
    expect(tokenize('  \t\n ', words)).toEqual([]);
    expect(tokenize('!!! ... ???', words)).toEqual([]);
  });
});

describe('tokenize (chars)', () => {
  it('gives code points, whitespace runs as one space, none at the ends', () => {
    expect(tokenize('  Ab\t\n c ', chars)).toEqual(['a', 'b', ' ', 'c']);
    expect(tokenize('a😀b', chars)).toEqual(['a', '😀', 'b']);
    expect(tokenize('', chars)).toEqual([]);
  });
});
