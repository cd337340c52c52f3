import { describe, expect, it } from 'vitest';
import { dataPrepSchema, defaultDataPrep } from '@shared/data/index';
import { fmtRate, lengthBars, TEXT_HELP, textChoicePatch, textNumberPatch, useTextColumn } from './text-options';

const base = defaultDataPrep({ task: 'binary', mode: 'sequence', targets: ['label'], features: ['message', 'length'], dateColumn: 'sent', dateFeatures: { dayOfWeek: true, month: false } });

describe('Data tab: the text column', () => {
  it('choosing a text column makes it the only input (v1), not a numeric feature, in tabular rows', () => {
    const next = dataPrepSchema.parse(useTextColumn(base, 'message', true));
    expect(next.text?.column).toBe('message');
    expect(next.features).toEqual([]);
    expect(next.dateFeatures).toEqual({ dayOfWeek: false, month: false });
    expect(next.targets).toEqual(['label']);
    expect(next.mode).toBe('tabular');
    // the settings' defaults come from the preparation's schema
    expect(next.text).toMatchObject({ tokenizer: 'words', lowercase: true, padding: 'post', truncating: 'post' });
  });

  it('switching to another text column keeps the settings; unticking removes the text input', () => {
    const a = dataPrepSchema.parse(useTextColumn(base, 'message', true));
    const tuned = dataPrepSchema.parse(textChoicePatch(a, 'tokenizer', 'chars'));
    const b = dataPrepSchema.parse(useTextColumn(tuned, 'subject', true));
    expect(b.text).toMatchObject({ column: 'subject', tokenizer: 'chars' });
    expect(dataPrepSchema.parse(useTextColumn(b, 'message', false)).text?.column).toBe('subject'); // not the text input: nothing to remove
    expect(dataPrepSchema.parse(useTextColumn(b, 'subject', false)).text).toBeUndefined();
  });
});

describe('Data tab: text settings as typed', () => {
  const prep = dataPrepSchema.parse(useTextColumn(base, 'message', true));

  it('takes whole numbers in range and gives a preparation the schema accepts', () => {
    for (const [field, raw, want] of [
      ['maxVocab', '2000', 2000],
      ['minCount', '2', 2],
      ['sequenceLength', ' 64 ', 64],
    ] as const) {
      const r = textNumberPatch(prep, field, raw);
      expect(r.ok, field).toBe(true);
      if (r.ok) expect(dataPrepSchema.parse(r.prep).text?.[field]).toBe(want);
    }
  });

  it('an empty sequence length means the suggestion', () => {
    const set = textNumberPatch(prep, 'sequenceLength', '64');
    if (!set.ok) throw new Error(set.error);
    const cleared = textNumberPatch(dataPrepSchema.parse(set.prep), 'sequenceLength', '');
    expect(cleared.ok).toBe(true);
    if (cleared.ok) expect(dataPrepSchema.parse(cleared.prep).text?.sequenceLength).toBeUndefined();
  });

  it('refuses what the preparation would refuse, naming the field, its range and what was typed', () => {
    expect(textNumberPatch(prep, 'maxVocab', '2')).toEqual({ ok: false, error: 'Vocabulary size: enter a whole number from 3 to 1,000,000 (got “2”).' });
    expect(textNumberPatch(prep, 'minCount', '0.5')).toMatchObject({ ok: false, error: expect.stringMatching(/^Minimum count: .*1 to 1,000,000.*“0\.5”/) });
    expect(textNumberPatch(prep, 'sequenceLength', '10001')).toMatchObject({ ok: false, error: expect.stringMatching(/^Sequence length: .*1 to 10,000/) });
    expect(textNumberPatch(prep, 'maxVocab', '')).toMatchObject({ ok: false, error: expect.stringMatching(/^Vocabulary size/) });
    expect(textNumberPatch(base, 'maxVocab', '100')).toEqual({ ok: false, error: 'Choose the text column first.' });
    // the bounds are the schema's: one past each limit is refused by the schema too
    expect(dataPrepSchema.safeParse({ ...prep, text: { ...prep.text, maxVocab: 2 } }).success).toBe(false);
    expect(dataPrepSchema.safeParse({ ...prep, text: { ...prep.text, sequenceLength: 10_001 } }).success).toBe(false);
  });

  it('gives every setting a one-line help', () => {
    for (const [f, h] of Object.entries(TEXT_HELP)) {
      expect(h.length, f).toBeGreaterThan(30);
      expect(h, f).not.toMatch(/\n/);
    }
  });
});

describe('Data tab: text statistics', () => {
  it('formats OOV rates and the length histogram', () => {
    expect(fmtRate(0.0321)).toBe('3.2 %');
    expect(fmtRate(0)).toBe('0 %');
    expect(fmtRate(0.25)).toBe('25 %');
    expect(fmtRate(null)).toBe('–');
    expect(fmtRate(Number.NaN)).toBe('–');
    expect(
      lengthBars([
        { from: 0, to: 10, count: 4 },
        { from: 10, to: 20, count: 9 },
      ]),
    ).toEqual({ counts: [4, 9], range: '0 … 19' }); // [from, to) bins
    expect(lengthBars([])).toEqual({ counts: [], range: '' });
  });
});
