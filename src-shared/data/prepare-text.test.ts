import { describe, expect, it } from 'vitest';
import { DataError, defaultDataPrep, inputShapeFor, parseCsvText, prepare, preparedSummary, type DataPrepInput, type Dataset } from './index';
import { encodeText } from '../text/vocabulary';
import { MAX_TEXT_CHARS } from '../text/spec';

const WORDS = ['free', 'money', 'win', 'prize', 'hello', 'meeting', 'lunch', 'today', 'report', 'call'];
/** n labelled rows: spam texts use the first words, ham the last (row i, deterministic). */
function csv(n: number, extra: (i: number) => string | null = () => null): string {
  const lines = ['text,label'];
  for (let i = 0; i < n; i++) {
    const spam = i % 3 === 0;
    const t = extra(i) ?? Array.from({ length: 2 + (i % 5) }, (_, k) => WORDS[(spam ? 0 : 5) + ((i + k) % 5)]).join(' ');
    lines.push(`"${t.replace(/"/g, '""')}",${spam ? 'spam' : 'ham'}`);
  }
  return lines.join('\n');
}
const TEXT_PREP: DataPrepInput = { task: 'binary', mode: 'tabular', targets: ['label'], features: [], columnTypes: { text: 'text' }, text: { column: 'text' } };
const ds = (text: string): Promise<Dataset> => parseCsvText(text);
const errorOf = (f: () => unknown): DataError => {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('no error');
};

describe('prepare with a text input', () => {
  it('gives [rows × length] token ids, the Input shape following the length, the vocabulary from the training split only', async () => {
    const d = await ds(csv(60));
    const p = prepare(d, { ...TEXT_PREP, text: { column: 'text', sequenceLength: 8 } });
    expect(inputShapeFor(p)).toEqual([8]);
    expect(p.nFeatures).toBe(8);
    expect(p.featureInfo.every((f) => f.kind === 'token')).toBe(true);
    const vocab = p.text!.vocabulary;
    expect(vocab.tokens.slice(0, 2)).toEqual(['<pad>', '<oov>']);
    // every row is the app's own encoding of its text
    for (let r = 0; r < p.rows; r++) {
      const t = d.columns[0]!.data.kind === 'dict' ? d.columns[0]!.data.categories[d.columns[0]!.data.codes[p.rowIndex[r]!]!]! : '';
      expect(Array.from(p.features.subarray(r * 8, r * 8 + 8))).toEqual(Array.from(encodeText(t, vocab, p.text!.options, 8)));
    }
    const s = preparedSummary(p);
    expect(s.inputShape).toEqual([8]);
    expect(s.text!.vocabSize).toBe(vocab.tokens.length);
    expect(s.text!.options.sequenceLength).toBe(8);
  });

  it('builds the vocabulary on the training rows only', async () => {
    // one word only in the last row; it lands in the training split or not, and the vocabulary follows
    const d = await ds(csv(40, (i) => (i === 39 ? 'zebra zebra hello' : null)));
    const p = prepare(d, TEXT_PREP);
    const rowOfZebra = Array.from(p.rowIndex).indexOf(39);
    const inTrain = Array.from(p.splits.train).includes(rowOfZebra);
    expect(p.text!.vocabulary.tokens.includes('zebra')).toBe(inTrain);
    // and with a seed that puts it elsewhere, the other way round
    for (let seed = 1; seed < 50; seed++) {
      const q = prepare(d, { ...TEXT_PREP, shuffleSeed: seed });
      const r = Array.from(q.rowIndex).indexOf(39);
      if (Array.from(q.splits.train).includes(r) !== inTrain) {
        expect(q.text!.vocabulary.tokens.includes('zebra')).toBe(!inTrain);
        return;
      }
    }
    throw new Error('no seed moved the row');
  });

  it('uses the suggested length when none is set, with its reason', async () => {
    const p = prepare(await ds(csv(60)), TEXT_PREP);
    expect(p.text!.options.sequenceLength).toBe(p.text!.summary.suggestedLength);
    expect(p.text!.summary.suggestionReason).toMatch(/95 % of the \d+ training texts have at most 6 tokens/);
    expect(inputShapeFor(p)).toEqual([6]);
  });

  it('drops empty texts and names their rows', async () => {
    const p = prepare(await ds(csv(30, (i) => (i === 4 ? '' : i === 9 ? '!!! ???' : null))), TEXT_PREP);
    expect(p.rows).toBe(28);
    expect(p.warnings.join(' ')).toContain('2 rows with an empty text in "text" (no letters or digits) dropped: rows 5, 10.');
  });

  it('refuses a text over the limit, naming the row and the limit', async () => {
    const long = 'a '.repeat(MAX_TEXT_CHARS / 2 + 1);
    const d = await ds(csv(20, (i) => (i === 6 ? long : null)));
    const err = errorOf(() => prepare(d, TEXT_PREP));
    expect(err.message).toContain('Row 7, column "text": the text is 100,002 characters long; the limit is 100,000 characters per text');
    expect(err.row).toBe(7);
  });

  it('counts replacement characters (text damaged by a wrong encoding) by row', async () => {
    const p = prepare(await ds(csv(30, (i) => (i === 2 ? 'caf\uFFFD \uFFFDt\uFFFD hello' : null))), TEXT_PREP);
    expect(p.warnings.join(' ')).toContain('3 replacement characters (U+FFFD) in "text", in row 3');
  });

  it('refuses a vocabulary of one token', async () => {
    const d = await ds(csv(30, () => 'same same'));
    // the label column alone would be one class; keep two classes
    const err = errorOf(() => prepare(d, TEXT_PREP));
    expect(err.message).toContain('has only one token ("same")');
    const d2 = await ds(csv(30));
    expect(errorOf(() => prepare(d2, { ...TEXT_PREP, text: { column: 'text', minCount: 1000 } })).message).toContain('has no token');
    expect(errorOf(() => prepare(d2, { ...TEXT_PREP, text: { column: 'text', minCount: 1000 } })).message).toContain('Lower the minimum count (1000)');
  });

  it('refuses a text column as a numeric feature, pointing to the text input', async () => {
    const d = await ds(csv(30));
    const err = errorOf(() => prepare(d, { task: 'binary', mode: 'tabular', targets: ['label'], features: ['text'], columnTypes: { text: 'text' } }));
    expect(err.message).toContain('Column "text" is free text');
    expect(err.message).toContain('make it the text input');
    expect(err.column).toBe('text');
  });

  it('needs tabular mode and the text as the only input', async () => {
    const d = await ds(csv(30).replace('text,label', 'text,label').split('\n').map((l, i) => (i === 0 ? `${l},n` : `${l},${i}`)).join('\n'));
    expect(errorOf(() => prepare(d, { ...TEXT_PREP, mode: 'sequence' })).message).toContain('needs tabular mode');
    expect(errorOf(() => prepare(d, { ...TEXT_PREP, features: ['n'] })).message).toContain('remove the other feature column ("n")');
    expect(defaultDataPrep(TEXT_PREP).text).toEqual({ column: 'text', tokenizer: 'words', lowercase: true, maxVocab: 10_000, minCount: 1, padding: 'post', truncating: 'post' });
  });
});
