/**
 * The one rule for a first data preparation, used by the app's Data tab (a freshly chosen dataset) and
 * by `layerloom train` (a bare CSV, flags as overrides), so both choose the same preparation for the
 * same data.
 */
import type { Dataset, Column } from './dataset';
import { setColumnType } from './dataset';
import { findDateParts } from './date-parts';
import { dataPrepSchema, datePartColumns, type ColumnType, type DateParts, type DataPrep, type DataPrepInput, type Task } from './spec';

const FEATURE_TYPES: ReadonlySet<ColumnType> = new Set(['number', 'integer', 'boolean']);

/** The task a target column's type implies: regression for numbers, binary/multiclass for labels. */
export function taskForColumn(c: Pick<Column, 'type' | 'data'>): Task | null {
  if (c.type === 'number' || c.type === 'integer') return 'regression';
  if (c.type === 'boolean') return 'binary';
  if (c.type === 'category') return c.data.kind === 'dict' && c.data.categories.length <= 2 ? 'binary' : 'multiclass';
  return null;
}

/** Whether a task chosen earlier still makes sense for this target column (so it is kept). */
function taskFits(task: Task, c: Pick<Column, 'type' | 'data'>): boolean {
  if (task === 'regression') return c.type === 'number' || c.type === 'integer';
  if (task === 'binary') return c.type === 'boolean' || c.type === 'integer' || (c.type === 'category' && c.data.kind === 'dict' && c.data.categories.length <= 2);
  return c.type === 'category' || c.type === 'integer';
}

/**
 * A complete preparation for `ds`: `overrides` win (the CLI's flags, a sample's suggestion, the chosen
 * dataset id), then whatever of `previous` still names columns of this dataset, then these rules:
 *
 * - Column types: `columnTypes` overrides (from `overrides`, else those of `previous` for columns that
 *   exist and whose values fit) are applied before anything is chosen, so "this integer is a category"
 *   changes what becomes a feature.
 * - Sort column: the first date or datetime column (rows are put in time order; windows never mix times).
 *   Without one: a date composed from integer columns named year|yr, month|mon|mo, day|dom (and
 *   hour|hr), any case, whose values fit (date-parts.ts) — `dateParts`, never together with a date column.
 * - Group column: never guessed; kept from `previous`/`overrides` when it exists.
 * - Task: regression for a number/integer target, binary for a boolean one or a category with 2 classes,
 *   multiclass for a category with more. A task carried over from `previous` is kept when it still fits the
 *   target's type (an integer 0/1 label may stay binary).
 * - Features (only when none are carried over): every number, integer and boolean column except the
 *   sort and group columns — these are not values the model learns from but the order and the split of the
 *   series. Category and text columns are left for the user to add (one-hot encoding can be wide).
 *   The target is a feature in sequence-mode regression only: a forecaster needs the target's own history
 *   (its value at past steps, never at the predicted step). In tabular mode the model would see the
 *   answer, and a classification label at the window's last step would leak it, so there it is left out.
 */
export function suggestPreparation(ds: Dataset, previous?: DataPrep | DataPrepInput | null, overrides: DataPrepInput = {}): DataPrep {
  const base = dataPrepSchema.parse(previous ?? {});
  const names = new Set(ds.columns.map((c) => c.name));
  const exists = (x: string | undefined): x is string => x !== undefined && names.has(x);
  const keep = (xs: readonly string[]): string[] => xs.filter((x) => names.has(x));
  const has = <K extends keyof DataPrepInput>(k: K): boolean => Object.prototype.hasOwnProperty.call(overrides, k) && overrides[k] !== undefined;

  // -- column types first: they decide what is numeric --
  let typed = ds;
  const columnTypes: Record<string, ColumnType> = {};
  for (const [name, type] of Object.entries(overrides.columnTypes ?? base.columnTypes)) {
    if (!names.has(name)) continue;
    const coerce = (overrides.unparseableAsMissing ?? base.unparseableAsMissing).includes(name);
    if (has('columnTypes')) {
      typed = setColumnType(typed, name, type, { coerce }); // asked for explicitly: a misfit is the caller's error
      columnTypes[name] = type;
      continue;
    }
    try {
      typed = setColumnType(typed, name, type, { coerce });
      columnTypes[name] = type;
    } catch {
      /* a type chosen for another dataset that these values do not take: dropped */
    }
  }
  const col = (name: string): Column | undefined => typed.columns.find((c) => c.name === name);

  // a text input (the caller's, else the previous one when its column exists): tabular rows, the text as the only input
  const text = has('text') ? overrides.text : base.text && names.has(base.text.column) ? base.text : undefined;
  const mode = overrides.mode ?? (text ? 'tabular' : base.mode);
  const carriedTargets = keep(base.targets);
  const targets = overrides.targets ? [...overrides.targets] : carriedTargets;
  const partsExist = (p: DateParts | undefined): p is DateParts => p !== undefined && datePartColumns(p).every((c) => names.has(c));
  // a date column or date parts, never both: the caller's choice, then the previous one, then the data's
  let dateColumn: string | undefined;
  let dateParts: DateParts | undefined;
  if (has('dateColumn')) dateColumn = overrides.dateColumn;
  else if (has('dateParts')) dateParts = overrides.dateParts;
  else if (exists(base.dateColumn)) dateColumn = base.dateColumn;
  else if (partsExist(base.dateParts)) dateParts = base.dateParts;
  else {
    dateColumn = typed.columns.find((c) => c.type === 'date' || c.type === 'datetime')?.name;
    if (!dateColumn) dateParts = findDateParts(typed.columns.map((c) => ({ name: c.name, type: c.type, min: c.profile.min, max: c.profile.max }))) ?? undefined;
  }
  const partNames = dateParts ? datePartColumns(dateParts) : [];
  const groupColumn = has('groupColumn') ? overrides.groupColumn : exists(base.groupColumn) ? base.groupColumn : undefined;

  let task: Task = overrides.task ?? base.task;
  const target = targets.length > 0 ? col(targets[0]!) : undefined;
  if (!overrides.task && target && !taskFits(base.task, target)) task = taskForColumn(target) ?? base.task;

  let features: string[];
  if (overrides.features) features = [...overrides.features];
  else if (text) features = [];
  else if (keep(base.features).length > 0) features = keep(base.features);
  else {
    const targetIsInput = mode === 'sequence' && task === 'regression';
    features = typed.columns
      .filter((c) => FEATURE_TYPES.has(c.type) && c.name !== dateColumn && c.name !== groupColumn && !partNames.includes(c.name))
      .filter((c) => targetIsInput || !targets.includes(c.name))
      .map((c) => c.name);
  }

  const unparseableAsMissing = (overrides.unparseableAsMissing ?? base.unparseableAsMissing).filter((c) => columnTypes[c] !== undefined);
  const next: DataPrepInput = { ...base, ...overrides, task, mode, targets, features, columnTypes, unparseableAsMissing };
  if (dateColumn) next.dateColumn = dateColumn;
  else delete next.dateColumn;
  if (dateParts) next.dateParts = { ...dateParts };
  else delete next.dateParts;
  if (groupColumn) next.groupColumn = groupColumn;
  else delete next.groupColumn;
  if (next.datasetId === undefined) delete next.datasetId;
  if (text) next.text = text;
  else delete next.text;
  return dataPrepSchema.parse(next);
}

/**
 * The preparation after the user ticks (or unticks) `name` as a target in the Data tab, by the same rule
 * as `suggestPreparation`: the task follows the target's type unless the current task still fits, and
 * the target leaves the features where it would give the answer away (tabular mode, classification).
 * Classification has exactly one target, so ticking a label replaces the previous target.
 */
export function withTarget(ds: Dataset, prep: DataPrep, name: string, on: boolean): DataPrep {
  if (!on) return dataPrepSchema.parse({ ...prep, targets: prep.targets.filter((t) => t !== name) });
  let typed = ds;
  for (const [col, type] of Object.entries(prep.columnTypes)) typed = setColumnType(typed, col, type, { coerce: prep.unparseableAsMissing.includes(col) });
  const target = typed.columns.find((c) => c.name === name);
  let task = prep.task;
  if (target && !taskFits(task, target)) task = taskForColumn(target) ?? task;
  const targets = task === 'regression' ? (prep.targets.includes(name) ? prep.targets : [...prep.targets, name]) : [name];
  const targetIsInput = prep.mode === 'sequence' && task === 'regression';
  const features = targetIsInput ? prep.features : prep.features.filter((f) => !targets.includes(f));
  return dataPrepSchema.parse({ ...prep, task, targets, features });
}
