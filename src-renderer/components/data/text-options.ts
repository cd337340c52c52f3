/**
 * The Data tab's text controls as plain functions: which column is the model's text input, the one-line
 * help of each text setting, the parsing of what the user types into the whole numbers the preparation
 * accepts (`textPrepSchema`, src-shared/text/spec.ts), and the small formatting of the text statistics.
 */
import type { DataPrep, DataPrepInput } from '@shared/data/index';

export type TextPrep = NonNullable<DataPrep['text']>;
export type TextField = 'tokenizer' | 'lowercase' | 'maxVocab' | 'minCount' | 'sequenceLength' | 'padding' | 'truncating';

/** The bounds the preparation accepts (textPrepSchema): vocabulary 3 … 1 000 000 ids (2 reserved), min count 1 … 1 000 000, length 1 … 10 000. */
export const TEXT_LIMITS = { maxVocab: [3, 1_000_000], minCount: [1, 1_000_000], sequenceLength: [1, 10_000] } as const;

/** One line of help per setting, shown under (or beside) its control. */
export const TEXT_HELP: Readonly<Record<TextField, string>> = {
  tokenizer: 'Words: runs of letters and digits (apostrophes inside a word kept). Characters: every character, a run of spaces as one.',
  lowercase: 'Lowercase the text before tokenizing, so “Free” and “free” are one token.',
  maxVocab: 'Keep at most this many ids, the most frequent training tokens first (2 of them are reserved: padding and unknown).',
  minCount: 'Tokens seen fewer times than this in the training split become the unknown id.',
  sequenceLength: 'Tokens per text the model reads; leave it empty for the suggestion from the length distribution.',
  padding: 'A shorter text is filled with the padding id 0 at its start (pre) or its end (post).',
  truncating: 'A longer text loses its first tokens (pre) or its last ones (post).',
};

/**
 * The preparation with `column` as the model's text input (`on`), or without a text input. v1: the text
 * is the model's only input (one text column per preparation, no other features, no date features),
 * rows are samples (tabular mode), and the column is not a target. The settings of the previous text
 * input are kept.
 */
export function useTextColumn(prep: DataPrep, column: string, on: boolean): DataPrepInput {
  if (!on) {
    if (prep.text?.column !== column) return prep;
    const { text: _off, ...rest } = prep;
    return rest;
  }
  return {
    ...prep,
    text: { ...(prep.text ?? {}), column },
    features: [],
    targets: prep.targets.filter((t) => t !== column),
    dateFeatures: { dayOfWeek: false, month: false },
    mode: 'tabular',
  };
}

export type TextPatch = { ok: true; prep: DataPrepInput } | { ok: false; error: string };

/**
 * The preparation after a whole-number text setting was typed: the vocabulary size limit, the minimum
 * count, or the sequence length (empty = the suggestion). Anything else is refused naming the field and
 * its range.
 */
export function textNumberPatch(prep: DataPrep, field: 'maxVocab' | 'minCount' | 'sequenceLength', raw: string): TextPatch {
  if (!prep.text) return { ok: false, error: 'Choose the text column first.' };
  const t = raw.trim();
  if (field === 'sequenceLength' && t === '') {
    const { sequenceLength: _auto, ...rest } = prep.text;
    return { ok: true, prep: { ...prep, text: rest } };
  }
  const n = Number(t);
  const [lo, hi] = TEXT_LIMITS[field];
  const name = field === 'maxVocab' ? 'Vocabulary size' : field === 'minCount' ? 'Minimum count' : 'Sequence length';
  const range = `${lo.toLocaleString('en-US')} to ${hi.toLocaleString('en-US')}`;
  if (t === '' || !Number.isInteger(n) || n < lo || n > hi)
    return { ok: false, error: `${name}: enter a whole number from ${range}${t === '' ? '' : ` (got “${t}”)`}.` };
  return { ok: true, prep: { ...prep, text: { ...prep.text, [field]: n } } };
}

/** The preparation with one of the choice settings changed. */
export function textChoicePatch<K extends 'tokenizer' | 'lowercase' | 'padding' | 'truncating'>(prep: DataPrep, field: K, value: TextPrep[K]): DataPrepInput {
  if (!prep.text) return prep;
  return { ...prep, text: { ...prep.text, [field]: value } };
}

/** "3.2 %" for an out-of-vocabulary rate (a fraction); "–" when the split is empty. */
export function fmtRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '–';
  const pct = rate * 100;
  return `${pct === 0 || pct >= 10 ? pct.toFixed(0) : pct.toFixed(1)} %`;
}

/** The length histogram's bars ([from, to) bins), and a label for the lengths it spans ("0 … 119"). */
export function lengthBars(hist: readonly { from: number; to: number; count: number }[]): { counts: number[]; range: string } {
  if (hist.length === 0) return { counts: [], range: '' };
  return { counts: hist.map((h) => h.count), range: `${hist[0]!.from} … ${hist[hist.length - 1]!.to - 1}` };
}
