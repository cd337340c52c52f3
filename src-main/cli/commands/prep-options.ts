/**
 * `layerloom train`'s data-preparation flags: every option of the app's Data tab, each parsed with a
 * message that names the flag, turned into DataPrep overrides (suggestPreparation fills in the rest).
 */
import { UsageError } from '../command';
import {
  normalizationSchema,
  prepModeSchema,
  splitStrategySchema,
  taskSchema,
  windowTransformChoiceSchema,
  type DataPrepInput,
} from '../../../src-shared/data/spec';
import type { ClassWeights } from '../../../src-shared/train/settings';
import { MAX_SEQUENCE_LENGTH, SIDES, TOKENIZERS } from '../../../src-shared/text/spec';

/** Option names (without --) these flags take a value for. */
export const PREP_OPTIONS = [
  'task',
  'mode',
  'date',
  'date-parts',
  'group',
  'split',
  'normalization',
  'window-transform',
  'steps',
  'seasonal-period',
  'split-strategy',
  'class-weights',
  'stride',
  'missing',
  'text-column',
  'tokenizer',
  'max-vocab',
  'min-count',
  'sequence-length',
  'padding',
  'truncating',
] as const;
/** Value-less flags. */
export const PREP_FLAGS = ['window-scale', 'no-normalize-target', 'keep-case'] as const;
/** The text flags: they need --text-column. */
const TEXT_OPTIONS = ['tokenizer', 'max-vocab', 'min-count', 'sequence-length', 'padding', 'truncating'] as const;

/** Lines for `layerloom train --help`, one per flag. */
export const PREP_HELP = [
  '  --target COL              target column (regression may list several: A,B)',
  '  --features A,B,…          input columns (the target may be one: a forecaster reads its own history)',
  '  --task T                  regression | binary | multiclass (default: from the target column type)',
  '  --mode M                  sequence (windows of a series) | tabular (one row per sample)',
  '  --date COL                column to sort rows by (its frequency gives the seasonal period)',
  '  --date-parts Y,M,D[,H]    no date column: compose the date (UTC) from year, month, day (and hour) integer columns',
  '  --group COL               one series per value of COL (windows never cross series)',
  '  --lookback N              rows per window (sequence mode)',
  '  --horizon N               forecast N steps after the window\'s last row (one step)',
  '  --steps LIST              forecast several steps: 1-7, or 1,7,14, or 1-3,7 (one output per target and step)',
  '  --stride N                rows between consecutive window starts',
  '  --split T,V,E             train, validation, test fractions summing to 1 (e.g. 0.7,0.15,0.15)',
  '  --split-strategy S        chronological | stratified-blocks (classification: every class in every split)',
  '  --normalization N         zscore | minmax | none (statistics of the training split)',
  '  --no-normalize-target     leave regression targets in their own units',
  '  --missing P               drop | ffill | mean (missing feature values)',
  '  --window-transform W      auto | level | last-value | window-mean | difference | seasonal-difference',
  '                            (sequence regression; auto: last-value when the target is an input, else level)',
  '  --window-scale            with window-mean: also divide each window by its standard deviation',
  '  --seasonal-period N       season length in steps (seasonal naive, MASE, seasonal-difference); default: from the date frequency',
  '  --class-weights W         none | balanced | LABEL=W,LABEL=W (classification loss weights)',
  '',
  'Text input (docs/text.md): a text column tokenized into ids for an Embedding (tabular mode, the only input):',
  '  --text-column COL         the text column that is the model\'s input',
  '  --tokenizer T             words (runs of letters/digits, inner apostrophes kept; default) | chars (code points)',
  '  --keep-case               do not lowercase the text',
  '  --max-vocab N             vocabulary size incl. the padding (0) and out-of-vocabulary (1) ids, 3–1000000 (default 10000)',
  '  --min-count N             occurrences in the training split a token needs for an id (default 1)',
  '  --sequence-length N       token ids per text, 1–10000 (default: the 95th percentile of training lengths, at most 500)',
  '  --padding S               pre | post: where short texts get padding ids (default post)',
  '  --truncating S            pre | post: which end of a long text is cut off (default post)',
].join('\n');

function choice<T extends string>(flag: string, v: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, not "${v}"`);
  return v as T;
}

function wholeNumber(flag: string, v: string, min: number, max = 10_000): number {
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, not "${v}"`);
  return Number(v);
}

/** `1-7`, `1,7,14`, `1-3,7` → ascending distinct steps. */
export function parseSteps(v: string): number[] {
  const out = new Set<number>();
  for (const part of v.split(',').map((s) => s.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new UsageError(`--steps must list steps ahead like 1-7 or 1,7,14, not "${v}" ("${part}" is not a step or range)`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a < 1 || b < a || b > 10_000) throw new UsageError(`--steps: "${part}" must be steps from 1 to 10000, low to high`);
    for (let s = a; s <= b; s++) {
      out.add(s);
      if (out.size > 366) throw new UsageError('--steps: at most 366 forecast steps');
    }
  }
  return [...out].sort((x, y) => x - y);
}

/** `year,month,day` or `year,month,day,hour` → the date-part columns. */
export function parseDateParts(v: string): { year: string; month: string; day: string; hour?: string } {
  const parts = v.split(',').map((s) => s.trim());
  if ((parts.length !== 3 && parts.length !== 4) || parts.some((p) => p === ''))
    throw new UsageError(`--date-parts must name the year, month and day columns, optionally the hour column (e.g. year,month,day,hour), not "${v}"`);
  const [year, month, day, hour] = parts as [string, string, string, string | undefined];
  return { year, month, day, ...(hour !== undefined ? { hour } : {}) };
}

/** `0.7,0.15,0.15` → the split fractions (they must sum to 1). */
export function parseSplit(v: string): { train: number; validation: number; test: number } {
  const parts = v.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 3 || parts.some((x) => !Number.isFinite(x) || x < 0 || x > 1))
    throw new UsageError(`--split must be three fractions train,validation,test (e.g. 0.7,0.15,0.15), not "${v}"`);
  const [train, validation, test] = parts as [number, number, number];
  if (!(train > 0)) throw new UsageError('--split: the training fraction must be above 0');
  if (Math.abs(train + validation + test - 1) > 1e-6) throw new UsageError(`--split: the fractions must sum to 1 (${v} sums to ${+(train + validation + test).toFixed(6)})`);
  return { train, validation, test };
}

/** `none`, `balanced` or `LABEL=W,LABEL=W`. */
export function parseClassWeights(v: string): ClassWeights {
  if (v === 'none' || v === 'balanced') return v;
  const out: Record<string, number> = {};
  for (const part of v.split(',')) {
    const eq = part.lastIndexOf('=');
    const label = eq > 0 ? part.slice(0, eq).trim() : '';
    const w = eq > 0 ? Number(part.slice(eq + 1)) : NaN;
    if (!label || !Number.isFinite(w) || w < 0 || w > 1e6) throw new UsageError(`--class-weights must be none, balanced or LABEL=WEIGHT,… (weights 0 to 1e6), not "${v}"`);
    out[label] = w;
  }
  return out;
}

/** The preparation overrides the flags give (columns are checked against the CSV by the caller). */
export function prepOverrides(o: Map<string, string>, flags: Set<string>): DataPrepInput {
  const out: DataPrepInput = {};
  const get = (k: string): string | undefined => o.get(k);
  const v = (k: string): string | undefined => get(k)?.trim();
  if (v('task')) out.task = choice('task', v('task')!, taskSchema.options);
  if (v('mode')) out.mode = choice('mode', v('mode')!, prepModeSchema.options);
  if (v('date')) out.dateColumn = v('date');
  if (v('date-parts')) {
    if (out.dateColumn !== undefined) throw new UsageError('--date and --date-parts exclude each other: give the date column or the year,month,day columns');
    out.dateParts = parseDateParts(v('date-parts')!);
  }
  if (v('group')) out.groupColumn = v('group');
  if (v('split')) out.split = parseSplit(v('split')!);
  if (v('normalization')) out.normalization = choice('normalization', v('normalization')!, normalizationSchema.options);
  if (flags.has('no-normalize-target')) out.normalizeTarget = false;
  if (v('missing')) out.missing = choice('missing', v('missing')!, ['drop', 'ffill', 'mean'] as const);
  if (v('window-transform')) out.windowTransform = choice('window-transform', v('window-transform')!, windowTransformChoiceSchema.options);
  if (flags.has('window-scale')) {
    if (out.windowTransform !== undefined && out.windowTransform !== 'window-mean') throw new UsageError('--window-scale goes with --window-transform window-mean');
    out.windowScale = true;
    out.windowTransform ??= 'window-mean';
  }
  if (v('steps')) out.horizonSteps = parseSteps(v('steps')!);
  if (v('seasonal-period')) out.seasonalPeriod = wholeNumber('seasonal-period', v('seasonal-period')!, 1, 100_000);
  if (v('split-strategy')) out.splitStrategy = choice('split-strategy', v('split-strategy')!, splitStrategySchema.options);
  if (v('stride')) out.stride = wholeNumber('stride', v('stride')!, 1);
  if (v('text-column')) {
    out.text = {
      column: v('text-column')!,
      ...(v('tokenizer') ? { tokenizer: choice('tokenizer', v('tokenizer')!, TOKENIZERS) } : {}),
      ...(flags.has('keep-case') ? { lowercase: false } : {}),
      ...(v('max-vocab') ? { maxVocab: wholeNumber('max-vocab', v('max-vocab')!, 3, 1_000_000) } : {}),
      ...(v('min-count') ? { minCount: wholeNumber('min-count', v('min-count')!, 1, 1_000_000) } : {}),
      ...(v('sequence-length') ? { sequenceLength: wholeNumber('sequence-length', v('sequence-length')!, 1, MAX_SEQUENCE_LENGTH) } : {}),
      ...(v('padding') ? { padding: choice('padding', v('padding')!, SIDES) } : {}),
      ...(v('truncating') ? { truncating: choice('truncating', v('truncating')!, SIDES) } : {}),
    };
  } else {
    const stray = [...TEXT_OPTIONS.filter((k) => v(k)), ...(flags.has('keep-case') ? ['keep-case'] : [])];
    if (stray.length) throw new UsageError(`--${stray[0]} is a text option: give the text column with --text-column COL`);
  }
  return out;
}
