/**
 * What the Data tab shows about a text preparation: vocabulary size, the most frequent tokens, the
 * out-of-vocabulary rate per split, a few encoded examples, the training lengths as a histogram, and
 * the suggested sequence length with its reason.
 */
import { SUGGEST_CAP, SUGGEST_PERCENTILE, type TextPrep } from './spec';
import { tokenize } from './tokenize';
import { buildVocabulary, encodeTokens, type Vocabulary } from './vocabulary';
import { vocabularyIndex } from '../preprocess/runtime';

type Split = 'train' | 'validation' | 'test';
const SPLIT_NAMES: readonly Split[] = ['train', 'validation', 'test'];

export interface TextSummary {
  /** Ids in the vocabulary, the 2 reserved included. */
  vocabSize: number;
  /** The 20 most frequent training tokens. */
  topTokens: { token: string; count: number }[];
  /** Share of the split's tokens not in the vocabulary (null: the split has no tokens). */
  oovRate: Record<Split, number | null>;
  /** The first 3 training texts: text (first 1,000 characters), tokens and ids (first 200 each). */
  examples: { text: string; tokens: string[]; ids: number[] }[];
  /** Token counts of the training texts: [from, to) bins. */
  lengthHistogram: { from: number; to: number; count: number }[];
  suggestedLength: number;
  suggestionReason: string;
  /** The length in use (the option, else the suggestion). */
  sequenceLength: number;
  /** Share of training texts longer than the length in use (they are truncated). */
  truncatedShare: number;
  warnings: string[];
}

/** The suggested sequence length: the 95th percentile of the training texts' token counts, at least 1, capped at SUGGEST_CAP. */
export function suggestLength(trainLengths: ArrayLike<number>): { length: number; reason: string } {
  const n = trainLengths.length;
  if (n === 0) return { length: 1, reason: 'No training texts; length 1.' };
  const sorted = Float64Array.from(trainLengths).sort();
  const p = sorted[Math.min(n - 1, Math.ceil(SUGGEST_PERCENTILE * n) - 1)]!;
  const pct = Math.round(SUGGEST_PERCENTILE * 100);
  const max = sorted[n - 1]!;
  if (p > SUGGEST_CAP)
    return { length: SUGGEST_CAP, reason: `${pct} % of the ${n} training texts have at most ${p} tokens; capped at ${SUGGEST_CAP} (longer texts are truncated).` };
  return { length: Math.max(1, p), reason: `${pct} % of the ${n} training texts have at most ${p} tokens (the longest has ${max}).` };
}

/** [from, to) bins (about 20) over the lengths. */
export function lengthHistogram(lengths: ArrayLike<number>, bins = 20): { from: number; to: number; count: number }[] {
  let max = 0;
  for (let i = 0; i < lengths.length; i++) if (lengths[i]! > max) max = lengths[i]!;
  const width = Math.max(1, Math.ceil((max + 1) / bins));
  const out = Array.from({ length: Math.ceil((max + 1) / width) }, (_, k) => ({ from: k * width, to: (k + 1) * width, count: 0 }));
  for (let i = 0; i < lengths.length; i++) out[Math.floor(lengths[i]! / width)]!.count++;
  return out;
}

/** An example shows at most this many characters of its text, and this many tokens and ids. */
export const EXAMPLE_CHARS = 1000;
export const EXAMPLE_TOKENS = 200;

/** OOV share above which a split is warned about. */
export const OOV_WARN = 0.2;

/** The summary from tokenized texts per split (the training texts built `vocab`). */
export function summarizeTokens(texts: Record<Split, readonly string[]>, tokens: Record<Split, readonly (readonly string[])[]>, opts: TextPrep, vocab: Vocabulary): TextSummary {
  const index = vocabularyIndex(vocab.tokens);
  const lengths = tokens.train.map((t) => t.length);
  const sug = suggestLength(lengths);
  const L = opts.sequenceLength ?? sug.length;
  const oovRate = {} as Record<Split, number | null>;
  const warnings: string[] = [];
  for (const sp of SPLIT_NAMES) {
    let all = 0;
    let oov = 0;
    for (const t of tokens[sp]) for (const w of t) {
      all++;
      if (!index.has(w)) oov++;
    }
    oovRate[sp] = all ? oov / all : null;
    if (sp !== 'train' && all && oov / all > OOV_WARN)
      warnings.push(`${Math.round((100 * oov) / all)} % of the ${sp} tokens are not in the vocabulary: raise the vocabulary size or lower the minimum count${opts.tokenizer === 'words' ? ', or try the chars tokenizer' : ''}.`);
  }
  const truncated = lengths.filter((n) => n > L).length;
  const topTokens = vocab.tokens.slice(2, 22).map((token, k) => ({ token, count: vocab.counts[k + 2]! }));
  // kept small: the summary is stored with the project and the run
  const examples = tokens.train.slice(0, 3).map((t, k) => ({
    text: texts.train[k]!.slice(0, EXAMPLE_CHARS),
    tokens: t.slice(0, EXAMPLE_TOKENS),
    ids: Array.from(encodeTokens(t, vocab, opts, L)).slice(0, EXAMPLE_TOKENS),
  }));
  return {
    vocabSize: vocab.tokens.length,
    topTokens,
    oovRate,
    examples,
    lengthHistogram: lengthHistogram(lengths),
    suggestedLength: sug.length,
    suggestionReason: sug.reason,
    sequenceLength: L,
    truncatedShare: lengths.length ? truncated / lengths.length : 0,
    warnings,
  };
}

/** The summary of raw texts per split: tokenizes, builds the vocabulary on the training texts, summarizes. */
export function textSummary(texts: Record<Split, readonly string[]>, opts: TextPrep, vocab?: Vocabulary): TextSummary {
  const tokens = {
    train: texts.train.map((t) => tokenize(t, opts)),
    validation: texts.validation.map((t) => tokenize(t, opts)),
    test: texts.test.map((t) => tokenize(t, opts)),
  };
  return summarizeTokens(texts, tokens, opts, vocab ?? buildVocabulary(texts.train, opts));
}
