/**
 * The text part of the data preparation (DataPrep.text): reads the text column, checks it (too long,
 * damaged encoding), tokenizes every row, and — once the splits are known — builds the vocabulary on the
 * training rows only and encodes each row as `sequenceLength` token ids (the feature matrix columns).
 */
import { textAt } from './column';
import type { Column } from './dataset';
import { DataError } from './errors';
import { MAX_TEXT_CHARS, type TextPrep } from '../text/spec';
import { tokenize } from '../text/tokenize';
import { countTokens, encodeTokens, vocabularyFromCounts, type Vocabulary } from '../text/vocabulary';
import { summarizeTokens, suggestLength, type TextSummary } from '../text/summary';

/** The prepared text input, kept with the prepared data and stored with a run (preprocessing.json). */
export interface PreparedText {
  /** The options with `sequenceLength` resolved (the user's, else the suggestion). */
  options: TextPrep & { sequenceLength: number };
  vocabulary: Vocabulary;
  summary: TextSummary;
}

/** Row numbers as "4, 9, 12 …" (1-based, at most 10). */
export function rowList(rows: readonly number[]): string {
  return rows.slice(0, 10).map((r) => r + 1).join(', ') + (rows.length > 10 ? ` … (${rows.length} in all)` : '');
}

/**
 * Tokens of every dataset row (null: the text is missing or has no tokens; such rows are dropped).
 * A text over MAX_TEXT_CHARS is an error naming the row; empty texts and texts with the Unicode
 * replacement character (U+FFFD, bytes that were not valid text before the file was saved as UTF-8) are
 * warned about with their row numbers.
 */
export function readTextColumn(col: Column, opts: TextPrep, warnings: string[]): (string[] | null)[] {
  if (col.data.kind !== 'dict')
    throw new DataError(`Column "${col.name}" is ${col.type}, not text: a text input needs a text column (set its type to text).`, { column: col.name });
  const n = col.data.codes.length;
  const out: (string[] | null)[] = new Array(n);
  const empty: number[] = [];
  const damaged: number[] = [];
  let replacements = 0;
  const cache = new Map<number, string[]>();
  const codes = col.data.codes;
  for (let i = 0; i < n; i++) {
    const code = codes[i]!;
    if (code < 0) {
      out[i] = null;
      empty.push(i);
      continue;
    }
    let toks = cache.get(code);
    if (!toks) {
      const t = textAt(col, i);
      if (t.length > MAX_TEXT_CHARS)
        throw new DataError(
          `Row ${i + 1}, column "${col.name}": the text is ${t.length.toLocaleString('en-US')} characters long; the limit is ${MAX_TEXT_CHARS.toLocaleString('en-US')} characters per text (MAX_TEXT_CHARS). Shorten or split it.`,
          { row: i + 1, column: col.name },
        );
      toks = tokenize(t, opts);
      cache.set(code, toks);
    }
    const t = col.data.categories[code]!;
    if (t.indexOf('\uFFFD') >= 0) {
      damaged.push(i);
      for (const ch of t) if (ch === '\uFFFD') replacements++;
    }
    if (toks.length === 0) {
      out[i] = null;
      empty.push(i);
    } else out[i] = toks;
  }
  if (empty.length === n) throw new DataError(`Column "${col.name}" has no text with a token (${opts.tokenizer === 'words' ? 'letters or digits' : 'characters'}) in any row.`, { column: col.name });
  if (empty.length)
    warnings.push(`${empty.length} row${empty.length > 1 ? 's' : ''} with an empty text in "${col.name}" (no ${opts.tokenizer === 'words' ? 'letters or digits' : 'characters'}) dropped: row${empty.length > 1 ? 's' : ''} ${rowList(empty)}.`);
  if (damaged.length)
    warnings.push(
      `${replacements} replacement character${replacements > 1 ? 's' : ''} (U+FFFD) in "${col.name}", in row${damaged.length > 1 ? 's' : ''} ${rowList(damaged)}: the text was damaged by a wrong encoding before it was saved as UTF-8. Re-export the file as UTF-8 from its source.`,
    );
  return out;
}

/** The vocabulary (training rows only), the length, the summary and the encoded matrix columns. */
export function fitText(
  col: Column,
  opts: TextPrep,
  tokens: (string[] | null)[],
  rowIdx: Int32Array,
  splits: Record<'train' | 'validation' | 'test', readonly number[]>,
  fixedVocabulary?: Vocabulary,
): { text: PreparedText; encode: (X: Float32Array, nF: number, first: number) => void } {
  // training texts in dataset row order: ties in the vocabulary break by first occurrence there
  const trainRows = splits.train.slice().sort((a, b) => a - b);
  const lists = trainRows.map((r) => tokens[rowIdx[r]!]!);
  const vocabulary = fixedVocabulary ?? vocabularyFromCounts(countTokens(lists), opts);
  const real = vocabulary.tokens.length - 2;
  if (!fixedVocabulary && real <= 1)
    throw new DataError(
      `The vocabulary built on the training split of "${col.name}" has ${real === 0 ? 'no token' : `only one token ("${vocabulary.tokens[2]}")`}: every text would look the same to the model.` +
        (opts.minCount > 1 ? ` Lower the minimum count (${opts.minCount}).` : opts.tokenizer === 'words' ? ' Check the column, or try the chars tokenizer.' : ' Check the column.'),
      { column: col.name },
    );
  const L = opts.sequenceLength ?? suggestLength(lists.map((t) => t.length)).length;
  const options = { ...opts, sequenceLength: L };
  const sorted = (rs: readonly number[]): number[] => rs.slice().sort((a, b) => a - b);
  const bySplit = { train: trainRows, validation: sorted(splits.validation), test: sorted(splits.test) };
  const textOf = (r: number): string => textAt(col, rowIdx[r]!);
  const summary = summarizeTokens(
    { train: bySplit.train.map(textOf), validation: bySplit.validation.map(textOf), test: bySplit.test.map(textOf) },
    { train: lists, validation: bySplit.validation.map((r) => tokens[rowIdx[r]!]!), test: bySplit.test.map((r) => tokens[rowIdx[r]!]!) },
    options,
    vocabulary,
  );
  const encode = (X: Float32Array, nF: number, first: number): void => {
    for (let r = 0; r < rowIdx.length; r++) encodeTokens(tokens[rowIdx[r]!]!, vocabulary, options, L, X, r * nF + first);
  };
  return { text: { options, vocabulary, summary }, encode };
}
