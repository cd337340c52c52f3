/**
 * The data-preparation section of a project: which dataset, which task, which columns, and how the
 * rows become training samples (windowing, splits, normalization, missing values).
 *
 * Stable export names (imported by the project-file schema): `dataPrepSchema`, `DataPrep`,
 * `defaultDataPrep`, `columnTypeSchema`, `ColumnType`, and the enum schemas below.
 */
import { z } from 'zod';
import { textPrepSchema } from '../text/spec';

/** The column types the profiler infers and a user may pick as an override. */
export const COLUMN_TYPES = ['number', 'integer', 'boolean', 'category', 'date', 'datetime', 'text'] as const;
export const columnTypeSchema = z.enum(COLUMN_TYPES);
export type ColumnType = z.infer<typeof columnTypeSchema>;

export const taskSchema = z.enum(['regression', 'binary', 'multiclass']);
export type Task = z.infer<typeof taskSchema>;
export const prepModeSchema = z.enum(['sequence', 'tabular']);
export type PrepMode = z.infer<typeof prepModeSchema>;
export const normalizationSchema = z.enum(['zscore', 'minmax', 'none']);
export type Normalization = z.infer<typeof normalizationSchema>;
export const missingSchema = z.enum(['drop', 'ffill', 'mean']);
export type MissingPolicy = z.infer<typeof missingSchema>;
/**
 * How sequence-mode rows are cut into splits. `chronological`: train | validation | test in time order
 * (the test split is the latest period). `stratified-blocks` (classification): contiguous blocks
 * assigned to the splits so that every class occurs in every split; no window crosses a block edge,
 * but the test data is no longer strictly the latest period.
 */
export const splitStrategySchema = z.enum(['chronological', 'stratified-blocks']);
export type SplitStrategy = z.infer<typeof splitStrategySchema>;

/**
 * How a sequence-regression window (its numeric inputs and the target) is expressed before the model
 * sees it, and inverted on every output: `level` (as normalized), `last-value` (minus each series'
 * last observed window value), `window-mean` (minus the window's mean, optionally divided by its std),
 * `difference` (first differences; targets as changes between requested steps) and
 * `seasonal-difference` (x(t) − x(t−m), m = the seasonal period). `auto` in a DataPrep resolves to
 * one of them with a stated reason (src-shared/data/window-transform.ts).
 */
export const WINDOW_TRANSFORMS = ['level', 'last-value', 'window-mean', 'difference', 'seasonal-difference'] as const;
export type WindowTransform = (typeof WINDOW_TRANSFORMS)[number];
export const windowTransformSchema = z.enum(WINDOW_TRANSFORMS);
export const windowTransformChoiceSchema = z.enum(['auto', ...WINDOW_TRANSFORMS]);
export type WindowTransformChoice = z.infer<typeof windowTransformChoiceSchema>;

/**
 * Longest column name, one limit for everything that handles them: the CSV parser refuses a longer
 * header (naming the column), datasets.create and the data preparation (targets, features) use the same.
 */
export const MAX_COLUMN_NAME_CHARS = 1000;

export const columnNameSchema = z.string().min(1).max(MAX_COLUMN_NAME_CHARS, `must be at most ${MAX_COLUMN_NAME_CHARS} characters`);
const columnName = columnNameSchema;

export const splitSchema = z
  .object({
    train: z.number().gt(0).max(1).default(0.7),
    validation: z.number().min(0).max(1).default(0.15),
    test: z.number().min(0).max(1).default(0.15),
  })
  .refine((s) => Math.abs(s.train + s.validation + s.test - 1) < 1e-6, {
    message: 'train, validation and test fractions must sum to 1',
  });
export type SplitFractions = z.infer<typeof splitSchema>;

export const dateFeaturesSchema = z.object({
  /** Day of week as sin/cos of 2π·dow/7. */
  dayOfWeek: z.boolean().default(false),
  /** Month of year as sin/cos of 2π·(month-1)/12. */
  month: z.boolean().default(false),
});

/** Columns (integer-valued) the row date is composed from, UTC: month 1–12, day 1–31, hour 0–23. */
export const datePartsSchema = z
  .object({ year: columnName, month: columnName, day: columnName, hour: columnName.optional() })
  .strict();
export type DateParts = z.infer<typeof datePartsSchema>;

/** The date-part columns in order (year, month, day[, hour]). */
export function datePartColumns(p: DateParts): string[] {
  return [p.year, p.month, p.day, ...(p.hour !== undefined ? [p.hour] : [])];
}

export const dataPrepSchema = z
  .object({
    /** The stored dataset this preparation reads; absent until a CSV is imported. */
    datasetId: z.string().min(1).max(200).optional(),
    task: taskSchema.default('regression'),
    /** Target column(s). Regression may have several; classification exactly one. */
    targets: z.array(columnName).max(64).default([]),
    /** Feature columns (inputs). Categorical ones are one-hot encoded. */
    features: z.array(columnName).max(1024).default([]),
    mode: prepModeSchema.default('sequence'),
    /** Sequence mode: time steps per window. */
    lookback: z.number().int().min(1).max(10_000).default(14),
    /** Sequence mode: the target is the value `horizon` steps after the window's last step. */
    horizon: z.number().int().min(1).max(10_000).default(1),
    /**
     * Sequence regression: the forecast steps ahead of the window's last row, ascending (e.g. [1..7] or
     * [1, 7, 14]); one model output per target and step. Absent = [horizon].
     */
    horizonSteps: z.array(z.number().int().min(1).max(10_000)).min(1).max(366).optional(),
    /** Sequence regression: how windows and targets are expressed (see WINDOW_TRANSFORMS); `auto` picks one with a reason. */
    windowTransform: windowTransformChoiceSchema.default('auto'),
    /** window-mean: also divide by the window's standard deviation (RevIN-style scaling). */
    windowScale: z.boolean().default(false),
    /** Sequence mode: steps between consecutive window starts. */
    stride: z.number().int().min(1).max(10_000).default(1),
    /** Column to sort rows by (chronological order); also the source of derived date features. */
    dateColumn: columnName.optional(),
    /**
     * Instead of a date column: the row date composed from year/month/day(/hour) columns, used exactly
     * as a date column would be (order, frequency → seasonal period, date features, forecast labels).
     */
    dateParts: datePartsSchema.optional(),
    dateFeatures: dateFeaturesSchema.default({ dayOfWeek: false, month: false }),
    /** One series per distinct value (sensor, ticker): windows never cross groups. */
    groupColumn: columnName.optional(),
    split: splitSchema.default({ train: 0.7, validation: 0.15, test: 0.15 }),
    /** Sequence mode: how rows are cut into the splits (see splitStrategySchema). */
    splitStrategy: splitStrategySchema.default('chronological'),
    /**
     * Season length in steps for the seasonal-naive baseline and MASE (7 for daily data with a weekly
     * cycle). Absent = inferred from the date column's frequency (hourly 24, daily 7, weekly 52,
     * monthly 12, quarterly 4), or none.
     */
    seasonalPeriod: z.number().int().min(1).max(100_000).optional(),
    /** Seed of the tabular-mode shuffle (sequence mode splits chronologically, never shuffled). */
    shuffleSeed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
    normalization: normalizationSchema.default('zscore'),
    /** Regression only: normalize the target(s) too, with train-split statistics. */
    normalizeTarget: z.boolean().default(true),
    missing: missingSchema.default('drop'),
    /** User overrides of inferred column types, by column name. */
    columnTypes: z.record(columnName, columnTypeSchema).default({}),
    /**
     * A text column as the model's input (tabular mode, one sample per row): tokenized, encoded as
     * token ids over a vocabulary built on the training split (src-shared/text/, docs/text.md).
     * Absent = no text input.
     */
    text: textPrepSchema.optional(),
    /**
     * Columns whose type override was applied with "treat unparseable cells as missing": a cell their
     * type cannot read is missing (then the `missing` policy applies) instead of an error — in the app,
     * in Predict and in the exported scripts.
     */
    unparseableAsMissing: z.array(columnName).default([]),
  })
  .strict();

export type DataPrep = z.infer<typeof dataPrepSchema>;
/** Input shape of `dataPrepSchema` (every field with a default optional). */
export type DataPrepInput = z.input<typeof dataPrepSchema>;

/** A complete preparation with every default filled in. */
export function defaultDataPrep(overrides: DataPrepInput = {}): DataPrep {
  return dataPrepSchema.parse(overrides);
}
