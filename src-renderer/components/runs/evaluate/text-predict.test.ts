import { describe, expect, it } from 'vitest';
import { classLines, textColumnOf, textRows, tokenizerOf } from './text-predict';

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

  it('a text without a token under the run’s tokenizer is refused, saying why', () => {
    const words = tokenizerOf({ text: { column: 'm', tokenizer: 'words', lowercase: true } });
    expect(textRows('m', ' ?!… — ', words)).toEqual({ ok: false, error: '“?!… —” has no words (letters or digits) to classify.' });
    // the characters tokenizer has tokens in punctuation
    expect(textRows('m', '?!', tokenizerOf({ text: { column: 'm', tokenizer: 'chars' } })).ok).toBe(true);
    expect(tokenizerOf({ text: { column: 'm', tokenizer: 'chars', lowercase: false } })).toEqual({ tokenizer: 'chars', lowercase: false });
    expect(tokenizerOf(null)).toEqual({ tokenizer: 'words', lowercase: true });
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

describe('Predict on a text run: the same numbers as the model on the app’s own encoding', () => {
  it('a typed sentence, through the run’s stored preprocessing, gives the model’s probability for the app’s token ids', async () => {
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    const { defaultDataPrep, parseCsvText, prepare } = await import('@shared/data/index');
    const { encodeText } = await import('@shared/text/index');
    const { graphOf } = await import('@shared/graph/builder');
    const { compileToTfjs } = await import('@shared/compiler/to-tfjs');
    const { encodeModelWeights } = await import('@shared/export/index');
    const { preprocessingMeta } = await import('@shared/train/artifacts');
    const { predictRawRows } = await import('@shared/eval/predict-rows');
    const csv =
      'message,label\n' + Array.from({ length: 50 }, (_, i) => (i % 2 ? `win a free prize now ${i}` : `lunch at noon with Ann ${i}`) + (i % 2 ? ',spam' : ',ham')).join('\n') + '\n';
    const prep = defaultDataPrep({ task: 'binary', mode: 'tabular', targets: ['label'], text: { column: 'message', sequenceLength: 6, padding: 'pre' } });
    const p = prepare(await parseCsvText(csv), prep);
    const L = p.text!.options.sequenceLength;
    const doc = graphOf(
      'text',
      [
        { kind: 'Input', params: { shape: [L] } },
        { kind: 'Embedding', params: { inputDim: p.text!.vocabulary.tokens.length, outputDim: 4 } },
        { kind: 'GRU', params: { units: 3 } },
        { kind: 'Dense', params: { units: 1, activation: 'sigmoid' } },
      ],
      [[0, 1], [1, 2], [2, 3]],
    );
    const { model } = compileToTfjs(tf, doc);
    const w = await encodeModelWeights(tf, model);
    const sentence = 'WIN a Free prize, Ann!';
    const r = textRows('message', sentence);
    if (!r.ok) throw new Error(r.error);
    const run = { graph: doc, dataPrep: prep, meta: preprocessingMeta(p, prep), weights: { meta: { format: 'tfjs-weights', weightSpecs: w.weightSpecs, epoch: 0 }, data: w.data } };
    const got = await predictRawRows(tf, run, r.rows);
    const ids = encodeText(sentence, p.text!.vocabulary, p.text!.options, L);
    const want = tf.tidy(() => (model.predict(tf.tensor(Array.from(ids), [1, L], 'float32')) as import('@tensorflow/tfjs').Tensor).dataSync()[0]!);
    model.dispose();
    const row = got.rows[0]!;
    expect(got.rows.length).toBe(1);
    expect(Math.abs(row.probabilities!.spam! - want)).toBeLessThan(1e-6);
    expect(row.label).toBe(want > 0.5 ? 'spam' : 'ham');
    expect(classLines(row.probabilities!, row.label!)[0]!.predicted).toBe(true);
  });
});
