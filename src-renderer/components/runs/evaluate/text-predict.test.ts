import { describe, expect, it } from 'vitest';
import { classLines, textColumnOf, textRows } from './text-predict';

describe('Predict on a text run', () => {
  it('knows a text run by its preparation snapshot', () => {
    expect(textColumnOf({ task: 'binary', text: { column: 'message', tokenizer: 'words' } })).toBe('message');
    expect(textColumnOf({ task: 'binary', features: ['a'] })).toBeNull();
    expect(textColumnOf({ text: { column: '' } })).toBeNull();
    expect(textColumnOf(null)).toBeNull();
  });

  it('a typed sentence is one raw row holding the text column, as written', () => {
    expect(textRows('message', '  Win a FREE prize now!  ')).toEqual({ ok: true, rows: [{ message: '  Win a FREE prize now!  ' }] });
  });

  it('an empty or blank text is refused with what to do', () => {
    for (const s of ['', '   \n\t']) {
      const r = textRows('message', s);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/Type a text to classify.*“message”/);
    }
  });

  it('lists the classes most likely first, marks the predicted one and keeps the exact probability', () => {
    const lines = classLines({ ham: 0.123456, spam: 0.876544 }, 'spam');
    expect(lines.map((l) => [l.label, l.percent, l.predicted])).toEqual([
      ['spam', '87.7 %', true],
      ['ham', '12.3 %', false],
    ]);
    expect(lines[0]!.probability).toBe(0.876544);
  });
});
