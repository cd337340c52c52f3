import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { WINDOW_TRANSFORMS, type Dataset } from '@shared/data/index';
import { createAppState, type AppState } from '../../lib/context';
import { FakeApi, fakeProjectStore, memoryStorage } from '../../lib/testing/fake-api';
import { project, sineDataset, sinePrep, uid, windowModel } from '../../lib/testing/fixtures';
import {
  formatSteps,
  parseNextSteps,
  parseStepList,
  shortList,
  stepsPatch,
  stepsView,
  TRANSFORM_OPTIONS,
  TRANSFORMS_WITHOUT_HELP,
  transformHelp,
  transformSummary,
} from './forecast-options';

describe('Data tab: window transform choices', () => {
  it('offers Auto and every transform of the preparation, each with a one-line help', () => {
    expect(TRANSFORM_OPTIONS.map((o) => o.value)).toEqual(['auto', ...WINDOW_TRANSFORMS]);
    expect(TRANSFORMS_WITHOUT_HELP).toEqual([]);
    for (const o of TRANSFORM_OPTIONS) {
      expect(o.help.length, o.value).toBeGreaterThan(30);
      expect(o.help, o.value).not.toMatch(/\n/);
    }
    expect(transformHelp('seasonal-difference')).toMatch(/season/);
  });

  it('shows the resolved transform once: the label, then the reason without its leading name', () => {
    const r = transformSummary('last-value', 'relative to last value: a sequence forecast whose target is among the inputs; a trend would otherwise leave test values outside the training range.');
    expect(r.label).toBe('Relative to last value');
    expect(r.reason).toMatch(/^a sequence forecast whose target is among the inputs/);
    expect(transformSummary('seasonal-difference', 'seasonal difference (period 7): chosen in the preparation.').reason).toBe('chosen in the preparation.');
    // a reason that does not start with the name stays whole
    expect(transformSummary('level', 'because: tabular').reason).toBe('because: tabular');
  });
});

describe('Data tab: forecast steps', () => {
  it('reads a preparation back: no list = one value; 1…H = the next H steps; else the chosen list', () => {
    expect(stepsView({ horizon: 3 })).toMatchObject({ mode: 'single' });
    expect(stepsView({ horizon: 1, horizonSteps: [1, 2, 3, 4, 5, 6, 7] })).toMatchObject({ mode: 'next', next: 7 });
    expect(stepsView({ horizon: 1, horizonSteps: [1, 7, 14] })).toMatchObject({ mode: 'list', list: '1, 7, 14' });
    // a list the user typed that happens to be 1…H stays "chosen steps" while they edit it
    expect(stepsView({ horizon: 1, horizonSteps: [1, 2] }, 'list')).toMatchObject({ mode: 'list', list: '1, 2' });
    expect(stepsView({ horizon: 1, horizonSteps: [1, 7] }, 'next')).toMatchObject({ mode: 'list' });
    expect(stepsView({ horizon: 1 }, 'list')).toMatchObject({ mode: 'single' });
  });

  it('parses "the next H steps" and lists of steps and ranges, sorted', () => {
    expect(parseNextSteps('7')).toEqual({ ok: true, steps: [1, 2, 3, 4, 5, 6, 7] });
    expect(parseStepList('14, 1 7')).toEqual({ ok: true, steps: [1, 7, 14] });
    expect(parseStepList('1-3, 7')).toEqual({ ok: true, steps: [1, 2, 3, 7] });
    expect(stepsPatch('next', '3')).toEqual({ ok: true, horizonSteps: [1, 2, 3] });
    expect(stepsPatch('single', 'anything')).toEqual({ ok: true, horizonSteps: undefined });
  });

  it('refuses what the preparation would refuse, naming the item', () => {
    const err = (r: ReturnType<typeof parseStepList>): string => (r.ok ? '' : r.error);
    expect(err(parseStepList(''))).toMatch(/List the steps/);
    expect(err(parseStepList('1, x'))).toMatch(/"x" is not a step/);
    expect(err(parseStepList('0, 3'))).toMatch(/"0" is not one/);
    expect(err(parseStepList('1, 7, 7'))).toBe('Step 7 is listed twice.');
    expect(err(parseStepList('1-3, 2'))).toBe('Step 2 is listed twice.');
    expect(err(parseStepList('9-3'))).toMatch(/runs backwards; write it as 3-9/);
    expect(err(parseStepList('20000'))).toMatch(/beyond 10000/);
    expect(err(parseStepList('1-400'))).toMatch(/At most 366/);
    expect(err(parseNextSteps('2.5'))).toMatch(/whole number/);
    expect(err(parseNextSteps('0'))).toMatch(/between 1 and 366/);
    expect(err(parseNextSteps('367'))).toMatch(/between 1 and 366/);
  });

  it('writes steps compactly and long output lists short', () => {
    expect(formatSteps([1, 2, 3, 4, 5, 6, 7])).toBe('1–7');
    expect(formatSteps([1, 7, 14])).toBe('1, 7, 14');
    expect(formatSteps([1, 2, 7])).toBe('1, 2, 7');
    expect(formatSteps([1, 2, 3, 7, 8, 9, 10])).toBe('1–3, 7–10');
    const names = Array.from({ length: 10 }, (_, i) => `y t+${i + 1}`);
    expect(shortList(names, 3)).toBe('y t+1, y t+2, y t+3, … 7 more');
    expect(shortList(names.slice(0, 2), 3)).toBe('y t+1, y t+2');
  });
});

describe('Data tab: the preparation follows the forecast controls', () => {
  let ds: Dataset;
  let stop: (() => void) | undefined;
  beforeAll(async () => {
    ds = await sineDataset();
  });
  afterEach(() => stop?.());

  function setup(): AppState {
    const fake = new FakeApi();
    fakeProjectStore(fake, [project({ id: uid(1), document: windowModel() })]);
    const app = createAppState(fake, memoryStorage());
    stop = app.data.follow();
    app.data.dataset = ds;
    app.data.datasetId = 'ds';
    app.data.prep = sinePrep();
    flushSync();
    return app;
  }

  it('the next 3 steps: three outputs named by step, the transform resolved with its reason', () => {
    const app = setup();
    const patch = stepsPatch('next', '3');
    expect(patch.ok).toBe(true);
    if (!patch.ok) return;
    expect(app.data.update({ ...app.data.prep!, horizonSteps: patch.horizonSteps })).toBeNull();
    flushSync();
    const p = app.data.prepared;
    expect(p?.ok).toBe(true);
    if (!p?.ok) return;
    expect(p.summary.steps).toEqual([1, 2, 3]);
    expect(p.summary.outputNames).toEqual(['y t+1', 'y t+2', 'y t+3']);
    expect(p.summary.outputUnits).toBe(3);
    // y is both target and input: auto picks "relative to last value" and says why
    expect(p.summary.windowTransform).toBe('last-value');
    expect(transformSummary(p.summary.windowTransform, p.summary.windowTransformReason).reason).toMatch(/target is among the inputs/);
    expect(stepsView(app.data.prep!)).toMatchObject({ mode: 'next', next: 3 });
  });

  it('window-mean with scale, chosen in the form, reaches the preparation', () => {
    const app = setup();
    expect(app.data.update({ ...app.data.prep!, windowTransform: 'window-mean', windowScale: true })).toBeNull();
    flushSync();
    const p = app.data.prepared;
    expect(p?.ok && p.summary.windowTransform).toBe('window-mean');
    expect(p?.ok && p.summary.windowScale).toBe(true);
  });
});
