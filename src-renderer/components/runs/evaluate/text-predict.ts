/**
 * Predict for a text run: a typed sentence becomes the one raw row the run's preprocessing runtime reads
 * (the text column, nothing else), and the model's class probabilities are listed for display.
 */
import { tokenizeText, type RawRow } from '@shared/preprocess/runtime';

/** The text column a run's preparation snapshot reads, or null when the run has no text input. */
export function textColumnOf(dataPrep: unknown): string | null {
  const text = (dataPrep as { text?: { column?: unknown } } | null | undefined)?.text;
  return typeof text?.column === 'string' && text.column !== '' ? text.column : null;
}

export type TextRow = { ok: true; rows: RawRow[] } | { ok: false; error: string };

/**
 * The raw row for a typed sentence. An empty text, or one without a token under the run's tokenizer
 * (only punctuation for words), is refused with what to do: it has nothing to classify (training drops such rows too).
 */
export function textRows(column: string, sentence: string, tokenizer: { tokenizer: 'words' | 'chars'; lowercase: boolean } = { tokenizer: 'words', lowercase: true }): TextRow {
  if (sentence.trim() === '') return { ok: false, error: `Type a text to classify (the model reads it as the “${column}” column).` };
  if (tokenizeText(sentence, tokenizer.tokenizer, tokenizer.lowercase).length === 0)
    return { ok: false, error: `“${sentence.trim().slice(0, 40)}” has no ${tokenizer.tokenizer === 'words' ? 'words (letters or digits)' : 'characters'} to classify.` };
  return { ok: true, rows: [{ [column]: sentence }] };
}

/** The run's tokenizer settings from its preparation snapshot (words, lowercase when not recorded). */
export function tokenizerOf(dataPrep: unknown): { tokenizer: 'words' | 'chars'; lowercase: boolean } {
  const text = (dataPrep as { text?: { tokenizer?: unknown; lowercase?: unknown } } | null | undefined)?.text;
  return { tokenizer: text?.tokenizer === 'chars' ? 'chars' : 'words', lowercase: text?.lowercase !== false };
}

export interface ClassLine {
  label: string;
  probability: number;
  /** "93.1 %" */
  percent: string;
  predicted: boolean;
}

/** Each class with its probability, most likely first; the predicted class marked. */
export function classLines(probabilities: Readonly<Record<string, number>>, label: string): ClassLine[] {
  return Object.entries(probabilities)
    .map(([c, p]) => ({ label: c, probability: p, percent: `${(p * 100).toFixed(1)} %`, predicted: c === label }))
    .sort((a, b) => b.probability - a.probability || (a.label < b.label ? -1 : 1));
}
