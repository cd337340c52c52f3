/**
 * Text-column preparation options (`DataPrep.text`): one CSV column of free text becomes the model's
 * input as a fixed-length sequence of token ids (v1: one text column per preparation, tabular rows).
 *
 * Reserved ids: 0 = padding, 1 = out-of-vocabulary. `maxVocab` counts them (3 = padding, OOV and one
 * token). `sequenceLength` absent = the suggestion from the training texts' lengths (summary.ts).
 */
import { z } from 'zod';

export const PAD_ID = 0;
export const OOV_ID = 1;
export const PAD_TOKEN = '<pad>';
export const OOV_TOKEN = '<oov>';
/** Ids below this are reserved (padding, out-of-vocabulary). */
export const RESERVED_IDS = 2;

/** Longest text (in UTF-16 code units, as JavaScript counts a string's length) a preparation accepts per row. */
export const MAX_TEXT_CHARS = 100_000;
/** Longest sequence length. */
export const MAX_SEQUENCE_LENGTH = 10_000;
/** The suggested length covers this share of the training texts … */
export const SUGGEST_PERCENTILE = 0.95;
/** … and is capped here (longer texts are truncated). */
export const SUGGEST_CAP = 500;

export const TOKENIZERS = ['words', 'chars'] as const;
export type TokenizerKind = (typeof TOKENIZERS)[number];
export const SIDES = ['pre', 'post'] as const;
export type Side = (typeof SIDES)[number];

export const textPrepSchema = z
  .object({
    /** The text column that is the model's input. */
    column: z.string().min(1).max(1000),
    /** `words`: runs of letters/digits (apostrophes inside words kept); `chars`: code points. See tokenize.ts. */
    tokenizer: z.enum(TOKENIZERS).default('words'),
    lowercase: z.boolean().default(true),
    /** Vocabulary size including the 2 reserved ids. */
    maxVocab: z.number().int().min(3).max(1_000_000).default(10_000),
    /** A token needs at least this many occurrences in the training split to get an id. */
    minCount: z.number().int().min(1).max(1_000_000).default(1),
    /** Token ids per sample; absent = the suggestion (95th percentile of training lengths, capped). */
    sequenceLength: z.number().int().min(1).max(MAX_SEQUENCE_LENGTH).optional(),
    /** Where padding ids go in a short text. */
    padding: z.enum(SIDES).default('post'),
    /** Which end of a long text is cut off. */
    truncating: z.enum(SIDES).default('post'),
  })
  .strict();

export type TextPrep = z.infer<typeof textPrepSchema>;
export type TextPrepInput = z.input<typeof textPrepSchema>;

/** What tokenizing needs. */
export type TokenizeOptions = Pick<TextPrep, 'tokenizer' | 'lowercase'>;
/** What building a vocabulary needs. */
export type VocabularyOptions = Pick<TextPrep, 'maxVocab' | 'minCount'>;
/** What encoding needs. */
export type EncodeOptions = Pick<TextPrep, 'tokenizer' | 'lowercase' | 'padding' | 'truncating'>;

export function defaultTextPrep(input: TextPrepInput): TextPrep {
  return textPrepSchema.parse(input);
}
