import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { defaultDataPrep, parseCsvText } from '@shared/data/index';
import { createAppState, type AppState } from '../context';
import { FakeApi, fakeProjectStore, memoryStorage } from '../testing/fake-api';
import { project, uid } from '../testing/fixtures';
import { textNumberPatch, useTextColumn } from '../../components/data/text-options';
import { graphOf } from '@shared/graph/builder';

const ID = uid(1);
let stop: (() => void) | undefined;
afterEach(() => stop?.());

const CSV =
  'message,label\n' +
  Array.from({ length: 60 }, (_, i) => (i % 2 ? `Win a FREE prize now call ${i} today` : `See you at lunch on day ${i} ok?`) + (i % 2 ? ',spam' : ',ham')).join('\n') +
  '\n';

function setup(): AppState & { fake: FakeApi } {
  const fake = new FakeApi();
  const doc = graphOf('text', [{ kind: 'Input', params: { shape: [10] } }, { kind: 'Dense', params: { units: 1, activation: 'sigmoid' } }], [[0, 1]]);
  fakeProjectStore(fake, [project({ id: ID, document: doc })]);
  const app = createAppState(fake, memoryStorage());
  stop = app.data.follow();
  return { ...app, fake };
}

describe('data state: a text column through the Data tab', () => {
  it('the chosen text column is prepared live: vocabulary, OOV per split, lengths; the model Input follows the sequence length', async () => {
    const app = setup();
    await app.projects.open(ID);
    app.editor.load(app.projects.current!);
    flushSync();
    await expect.poll(() => app.data.projectId).toBe(ID);
    app.data.dataset = await parseCsvText(CSV);
    app.data.datasetId = 'ds';
    const start = defaultDataPrep({ datasetId: 'ds', task: 'binary', targets: ['label'], features: ['message'] });
    expect(app.data.update(start)).toBeNull();
    flushSync();
    // a text column as a numeric feature: refused with what to do
    expect(!app.data.prepared?.ok && app.data.prepared?.error).toMatch(/"message" is free text.*text input/);

    expect(app.data.update(useTextColumn(app.data.prep!, 'message', true))).toBeNull();
    flushSync();
    const p = app.data.prepared;
    expect(p?.ok, p && !p.ok ? p.error : '').toBe(true);
    if (!p?.ok) return;
    const t = p.summary.text!;
    expect(t.vocabSize).toBeGreaterThan(10);
    expect(t.topTokens[0]!.count).toBeGreaterThan(1);
    expect(t.oovRate.train).toBe(0); // the vocabulary is the training split's
    expect(p.inputShape).toEqual([t.sequenceLength]);
    const input = app.editor.modelDoc.nodes.find((n) => n.kind === 'Input')!;
    expect(input.params.shape).toEqual([t.sequenceLength]);

    // a typed sequence length and vocabulary limit: the prepared shape, the model and the summary follow
    const len = textNumberPatch(app.data.prep!, 'sequenceLength', '7');
    if (!len.ok) throw new Error(len.error);
    expect(app.data.update(len.prep)).toBeNull();
    const voc = textNumberPatch(app.data.prep!, 'maxVocab', '5');
    if (!voc.ok) throw new Error(voc.error);
    expect(app.data.update(voc.prep)).toBeNull();
    flushSync();
    const q = app.data.prepared;
    expect(q?.ok && q.inputShape).toEqual([7]);
    expect(q?.ok && q.summary.text?.vocabSize).toBe(5);
    expect(q?.ok && q.summary.text!.oovRate.train!).toBeGreaterThan(0);
    expect(app.editor.modelDoc.nodes.find((n) => n.kind === 'Input')!.params.shape).toEqual([7]);
  });
});
