/**
 * The Data tab's window-transform and forecast-steps controls, as plain functions: the help line of each
 * transform, how a preparation's `horizonSteps` reads back into the form (one value / the next H steps /
 * chosen steps), and the parsing of what the user types into a step list the preparation accepts.
 */
import { WINDOW_TRANSFORMS, type DataPrep, type WindowTransform } from '@shared/data/index';

/** Steps a preparation accepts (dataPrepSchema.horizonSteps): 1 … 10 000 steps ahead, at most 366 of them. */
export const MAX_STEP = 10_000;
export const MAX_STEPS = 366;

export type TransformChoice = 'auto' | WindowTransform;

/** Label and one-line help of each choice, in the order the select lists them. */
export const TRANSFORM_OPTIONS: readonly { value: TransformChoice; label: string; help: string }[] = [
  { value: 'auto', label: 'Auto', help: 'Relative to last value when the target is among the inputs (sequence forecast), else level; the Data tab says which and why.' },
  { value: 'level', label: 'Level', help: 'The normalized values as they are: a trend can leave test values outside the range the model learned.' },
  { value: 'last-value', label: 'Relative to last value', help: "Subtracts each window's last observed value from its inputs and targets, and adds it back to forecasts." },
  { value: 'window-mean', label: 'Window mean', help: "Subtracts each window's mean (RevIN-style; optionally divides by its std) and adds it back to forecasts." },
  { value: 'difference', label: 'Difference', help: 'The model sees and forecasts step-to-step changes, summed back to values (needs one row of history).' },
  {
    value: 'seasonal-difference',
    label: 'Seasonal difference',
    help: 'The model sees x(t) − x(t − season) and forecasts the change from one season earlier (needs the season length).',
  },
];

// every transform the preparation knows has an option (a transform added to WINDOW_TRANSFORMS without help fails the test)
export const TRANSFORMS_WITHOUT_HELP: readonly WindowTransform[] = WINDOW_TRANSFORMS.filter((t) => !TRANSFORM_OPTIONS.some((o) => o.value === t));

export function transformHelp(choice: TransformChoice): string {
  return TRANSFORM_OPTIONS.find((o) => o.value === choice)?.help ?? '';
}

export function transformLabel(t: TransformChoice): string {
  return TRANSFORM_OPTIONS.find((o) => o.value === t)?.label ?? t;
}

/** How the form shows a preparation's forecast: one value `horizon` steps ahead, the next H steps, or a chosen list. */
export type StepsMode = 'single' | 'next' | 'list';

export interface StepsView {
  mode: StepsMode;
  /** H for "the next H steps" (the list's length when it is 1…H, else the last step). */
  next: number;
  /** The list as the user edits it ("1, 7, 14"). */
  list: string;
}

/** True when steps are exactly 1, 2, …, n. */
export function isNextSteps(steps: readonly number[]): boolean {
  return steps.length > 0 && steps.every((s, i) => s === i + 1);
}

/**
 * The form's reading of a preparation: no step list = one value `horizon` steps ahead; 1…H = the next H
 * steps; anything else = chosen steps. `chosen` is the mode the user picked last, kept while it agrees
 * with the preparation (a list [1, 2] picked as "chosen steps" stays a list, not "the next 2 steps").
 */
export function stepsView(prep: Pick<DataPrep, 'horizon' | 'horizonSteps'>, chosen: StepsMode | null = null): StepsView {
  const steps = prep.horizonSteps;
  if (!steps) return { mode: 'single', next: Math.max(2, prep.horizon), list: String(prep.horizon) };
  const derived: StepsMode = isNextSteps(steps) ? 'next' : 'list';
  const mode = chosen === 'list' || (chosen === 'next' && derived === 'next') ? chosen : derived;
  return { mode, next: mode === 'next' ? steps.length : steps[steps.length - 1]!, list: steps.join(', ') };
}

export type Parsed = { ok: true; steps: number[] } | { ok: false; error: string };

/** [1 … h]: "the next h steps". */
export function parseNextSteps(raw: string): Parsed {
  const t = raw.trim();
  const h = Number(t);
  if (t === '' || !Number.isInteger(h)) return { ok: false, error: 'Enter how many steps ahead to forecast (a whole number).' };
  if (h < 1 || h > MAX_STEPS) return { ok: false, error: `Forecast between 1 and ${MAX_STEPS} steps ahead (got ${h}).` };
  return { ok: true, steps: Array.from({ length: h }, (_, i) => i + 1) };
}

/**
 * A list of steps as typed: numbers and ranges separated by commas or spaces ("1, 7, 14", "1-3 7").
 * Sorted ascending; a step listed twice, a non-number, 0, or a step beyond MAX_STEP is refused with
 * the offending item named.
 */
export function parseStepList(raw: string): Parsed {
  const items = raw
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) return { ok: false, error: 'List the steps ahead to forecast, e.g. 1, 7, 14.' };
  const steps: number[] = [];
  for (const item of items) {
    const range = /^(\d+)\s*[-–]\s*(\d+)$/.exec(item);
    const [a, b] = range ? [Number(range[1]), Number(range[2])] : [Number(item), Number(item)];
    if (!/^\d+$/.test(item) && !range) return { ok: false, error: `"${item}" is not a step: use whole numbers like 1, 7, 14 or a range like 1-7.` };
    if (a < 1 || b < 1) return { ok: false, error: `Steps start at 1 (one step after the window's last row); "${item}" is not one.` };
    if (a > MAX_STEP || b > MAX_STEP) return { ok: false, error: `Step "${item}" is beyond ${MAX_STEP} steps ahead.` };
    if (b < a) return { ok: false, error: `The range "${item}" runs backwards; write it as ${b}-${a}.` };
    if (b - a + 1 + steps.length > MAX_STEPS) return { ok: false, error: `At most ${MAX_STEPS} steps can be forecast.` };
    for (let s = a; s <= b; s++) {
      if (steps.includes(s)) return { ok: false, error: `Step ${s} is listed twice.` };
      steps.push(s);
    }
  }
  return { ok: true, steps: steps.sort((x, y) => x - y) };
}

/** Steps for display: runs of consecutive steps as ranges ("1–7", "1, 7, 14", "1–3, 7"). */
export function formatSteps(steps: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < steps.length; ) {
    let j = i;
    while (j + 1 < steps.length && steps[j + 1] === steps[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${steps[i]}–${steps[j]}` : steps.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}

/** The preparation patch for a steps mode: single → no list (one value, `horizon` steps ahead), next/list → the parsed steps. */
export function stepsPatch(mode: StepsMode, raw: string): { ok: true; horizonSteps: number[] | undefined } | { ok: false; error: string } {
  if (mode === 'single') return { ok: true, horizonSteps: undefined };
  const parsed = mode === 'next' ? parseNextSteps(raw) : parseStepList(raw);
  return parsed.ok ? { ok: true, horizonSteps: parsed.steps } : parsed;
}

/**
 * The resolved transform for the prepared view: its label, and the reason without a leading
 * "<transform>: " (the reasons start with the transform's name, which the label already shows).
 */
export function transformSummary(t: WindowTransform, reason: string): { label: string; reason: string } {
  const label = transformLabel(t);
  const m = /^([^:]{1,60}):\s+(.+)$/s.exec(reason);
  const head = m?.[1]?.toLowerCase() ?? '';
  const same = m !== null && (head.startsWith(label.toLowerCase()) || head.startsWith(t.replace('-', ' ')));
  return { label, reason: same ? m[2]! : reason };
}

/** Names for a one-line list: the first `max`, then "… N more". */
export function shortList(names: readonly string[], max = 8): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')}, … ${names.length - max} more`;
}
