import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsvText, prepare, type DataPrepInput } from './index';

const read = (rel: string): string => readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8');

describe('the spam sample (resources/samples/spam.csv)', () => {
  it('is listed in index.json and its suggested text preparation prepares', async () => {
    const index = JSON.parse(read('../../resources/samples/index.json')) as { samples: { file: string; rows: number; suggested: { prep: DataPrepInput }[] }[] };
    const entry = index.samples.find((s) => s.file === 'spam.csv')!;
    const ds = await parseCsvText(read('../../resources/samples/spam.csv'));
    expect(ds.rowCount).toBe(entry.rows);
    const p = prepare(ds, entry.suggested[0]!.prep);
    expect(p.classes).toEqual(['ham', 'spam']);
    expect(p.rows).toBe(entry.rows);
    // balanced enough: the majority class is under 75 %
    const counts = [0, 0];
    for (let r = 0; r < p.rows; r++) counts[p.targets[r]!]!++;
    expect(Math.max(...counts) / p.rows).toBeLessThan(0.75);
    expect(p.text!.vocabulary.tokens.length).toBeGreaterThan(2000);
    expect(p.warnings.filter((w) => /replacement|empty text/.test(w))).toEqual([]);
  });
});
