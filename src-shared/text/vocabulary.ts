/**
 * The vocabulary: built on the training split's texts only. Tokens are ranked by count (descending);
 * equal counts keep the order in which the tokens first occur in the training texts (the texts in the
 * order given), so the same texts always give the same ids. Ids 0 and 1 are reserved ('<pad>', '<oov>');
 * the most frequent `maxVocab − 2` tokens with at least `minCount` occurrences get ids 2, 3, …
 */
import { encodeTokenIds, vocabularyIndex } from '../preprocess/runtime';
import { OOV_TOKEN, PAD_TOKEN, RESERVED_IDS, type EncodeOptions, type TokenizeOptions, type VocabularyOptions } from './spec';
import { tokenize } from './tokenize';

export interface Vocabulary {
  /** id → token; [0] '<pad>', [1] '<oov>'. */
  tokens: string[];
  /** id → occurrences in the training texts (0 for the reserved ids). */
  counts: number[];
}

/** Token counts in first-occurrence order. */
export function countTokens(tokenLists: Iterable<readonly string[]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const toks of tokenLists) for (const t of toks) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** From token counts (first-occurrence order): the ranked, size-limited vocabulary. */
export function vocabularyFromCounts(counts: Map<string, number>, opts: VocabularyOptions): Vocabulary {
  const entries: [string, number, number][] = [];
  let k = 0;
  for (const [t, c] of counts) if (c >= opts.minCount) entries.push([t, c, k++]);
  entries.sort((a, b) => b[1] - a[1] || a[2] - b[2]);
  const keep = entries.slice(0, Math.max(0, opts.maxVocab - RESERVED_IDS));
  return { tokens: [PAD_TOKEN, OOV_TOKEN, ...keep.map((e) => e[0])], counts: [0, 0, ...keep.map((e) => e[1])] };
}

/** The vocabulary of the training texts (see the rule above). */
export function buildVocabulary(trainTexts: Iterable<string>, opts: VocabularyOptions & TokenizeOptions): Vocabulary {
  const lists = function* (): Generator<string[]> {
    for (const t of trainTexts) yield tokenize(t, opts);
  };
  return vocabularyFromCounts(countTokens(lists()), opts);
}

/** One text → exactly `length` ids (OOV 1, padding 0, truncation and padding on the chosen sides). */
export function encodeText(text: string, vocab: Vocabulary, opts: EncodeOptions, length: number): Int32Array {
  return encodeTokenIds(tokenize(text, opts), vocabularyIndex(vocab.tokens), length, opts.padding, opts.truncating) as Int32Array;
}

/** Already tokenized → ids (written into `out` at `at` when given). */
export function encodeTokens(tokens: readonly string[], vocab: Vocabulary, opts: Pick<EncodeOptions, 'padding' | 'truncating'>, length: number, out?: Int32Array | Float32Array, at = 0): Int32Array | Float32Array {
  return encodeTokenIds(tokens, vocabularyIndex(vocab.tokens), length, opts.padding, opts.truncating, out, at);
}
