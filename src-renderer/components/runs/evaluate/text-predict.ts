/**
 * Predict for a text run: a typed sentence becomes the one raw row the run's preprocessing runtime reads
 * (the text column, nothing else), and the model's class probabilities are listed for display.
 */
import type { RawRow } from '@shared/preprocess/runtime';

/** The text column a run's preparation snapshot reads, or null when the run has no text input. */
export function textColumnOf(dataPrep: unknown): string | null {
  const text = (dataPrep as { text?: { column?: unknown } } | null | undefined)?.text;
  return typeof text?.column === 'string' && text.column !== '' ? text.column : null;
}

export type TextRow = { ok: true; rows: RawRow[] } | { ok: false; error: string };

/** The raw row for a typed sentence; an empty one is refused (an empty text has no tokens to classify). */
export function textRows(column: string, sentence: string): TextRow {
  if (sentence.trim() === '') return { ok: false, error: `Type a text to classify (the model reads it as the “${column}” column).` };
  return { ok: true, rows: [{ [column]: sentence }] };
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
