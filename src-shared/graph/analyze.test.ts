import { describe, expect, it } from 'vitest';
import { stackedGru } from '../templates/stacked-gru';
import { analyze } from './analyze';
import { graphOf, sequential } from './builder';
import { canConnect } from './connect';
import { emptyDocument, type GraphDocument } from './document';
import { accessibleName, formatSummary, summarize } from './summary';

const codes = (doc: GraphDocument) => analyze(doc).diagnostics.map((d) => `${d.nodeId ?? '-'}:${d.severity}:${d.code}`);
const msg = (doc: GraphDocument, code: string) => analyze(doc).diagnostics.find((d) => d.code === code)?.message ?? '';

describe('diagnostics', () => {
  it('a valid graph has none and correct shapes', () => {
    const a = analyze(sequential('m', [{ kind: 'Input', params: { shape: [10, 3] } }, { kind: 'GRU', params: { units: 8 } }, { kind: 'Dense', params: { units: 2 } }]));
    expect(a.diagnostics).toEqual([]);
    expect(a.nodes.get('n3')!.outputShape).toEqual([null, 2]);
    expect(a.outputs).toEqual(['n3']);
    expect(a.inputs).toEqual(['n1']);
  });

  it('empty graph: no Input', () => {
    expect(codes(emptyDocument())).toEqual(['-:error:no-input']);
  });

  it('lone Input: no output', () => {
    expect(codes(sequential('m', [{ kind: 'Input' }]))).toEqual(['-:error:no-output']);
  });

  it('cycle, named with the fix', () => {
    const doc = graphOf('m', [{ kind: 'Input', params: { shape: [4] } }, { kind: 'Dense' }, { kind: 'Dense' }, { kind: 'Dense' }], [[0, 1], [1, 2], [2, 1], [2, 3]]);
    const c = codes(doc);
    expect(c).toContain('n2:error:cycle');
    expect(c).toContain('n3:error:cycle');
    expect(msg(doc, 'cycle')).toMatch(/Dense "dense_1" is part of a cycle.*remove/);
  });

  it('node not connected to an Input', () => {
    const doc = graphOf('m', [{ kind: 'Input', params: { shape: [4] } }, { kind: 'Dense' }, { kind: 'Dense' }, { kind: 'Dense' }], [[0, 1], [2, 3]]);
    const c = codes(doc);
    expect(c).toContain('n3:error:no-input-path');
    expect(c).toContain('n4:error:no-input-path');
    expect(msg(doc, 'no-input-path')).toMatch(/Connect an Input/);
  });

  it('single-input layer with two inputs; merge with one input', () => {
    const two = graphOf('m', [{ kind: 'Input', params: { shape: [4] } }, { kind: 'Input', label: 'other', params: { shape: [4] } }, { kind: 'Dense' }], [[0, 2], [1, 2]]);
    expect(codes(two)).toContain('n3:error:too-many-inputs');
    expect(msg(two, 'too-many-inputs')).toMatch(/Concatenate or Add/);
    const one = sequential('m', [{ kind: 'Input', params: { shape: [4] } }, { kind: 'Concatenate' }]);
    expect(codes(one)).toContain('n2:error:too-few-inputs');
  });

  it('rank mismatch: recurrent layer after a 2-D tensor', () => {
    const doc = sequential('m', [{ kind: 'Input', params: { shape: [4] } }, { kind: 'GRU' }]);
    expect(codes(doc)).toEqual(['n2:error:rank-mismatch']);
    expect(msg(doc, 'rank-mismatch')).toMatch(/GRU "gru_1" expects a sequence .* \[null, 4\].*Return sequences/);
  });

  it('Dense after a sequence is allowed but warned', () => {
    const doc = sequential('m', [{ kind: 'Input', params: { shape: [5, 4] } }, { kind: 'Dense' }]);
    expect(codes(doc)).toEqual(['n2:warning:per-timestep-output']);
    expect(msg(doc, 'per-timestep-output')).toContain('outputs one value per time step');
  });

  it('Concatenate shapes that disagree', () => {
    const doc = graphOf('m', [{ kind: 'Input', params: { shape: [5, 4] } }, { kind: 'Input', label: 'b', params: { shape: [6, 4] } }, { kind: 'Concatenate' }], [[0, 2], [1, 2]]);
    expect(codes(doc)).toEqual(['n3:error:shape-mismatch']);
    expect(msg(doc, 'shape-mismatch')).toMatch(/\[null, 5, 4\] vs \[null, 6, 4\]/);
  });

  it('params out of range', () => {
    const doc = sequential('m', [{ kind: 'Input', params: { shape: [4] } }, { kind: 'Dropout', params: { rate: 1.5 } }, { kind: 'Dense', params: { units: 0, activation: 'zap' } }]);
    const a = analyze(doc);
    const ps = a.diagnostics.filter((d) => d.code === 'param-out-of-range');
    expect(ps.map((d) => d.nodeId)).toEqual(['n2', 'n3', 'n3']);
    expect(ps[0]!.message).toMatch(/Dropout "dropout_1": Rate is 1.5; it must be at least 0 and less than 1/);
    expect(ps[2]!.message).toMatch(/Activation must be one of/);
  });

  it('unreachable nodes with explicit outputs, unused inputs', () => {
    const doc = graphOf('m', [{ kind: 'Input', params: { shape: [4] } }, { kind: 'Dense' }, { kind: 'Dense' }, { kind: 'Input', label: 'spare' }], [[0, 1], [0, 2]]);
    doc.settings.outputs = ['n2'];
    const c = codes(doc);
    expect(c).toContain('n3:warning:unreachable');
    expect(c).toContain('n4:warning:unreachable');
  });

  it('warns about implicit extra outputs and slow orthogonal initializers', () => {
    const doc = graphOf('m', [{ kind: 'Input', params: { shape: [5, 4] } }, { kind: 'GRU', params: { units: 64, recurrentInitializer: 'orthogonal' } }, { kind: 'Dense' }], [[0, 1], [0, 2]]);
    const c = codes(doc);
    expect(c).toContain('n2:warning:multiple-outputs');
    expect(c).toContain('n3:warning:multiple-outputs');
    expect(c).toContain('n2:warning:slow-initializer');
    doc.settings.outputs = ['n2'];
    expect(codes(doc)).not.toContain('n2:warning:multiple-outputs');
  });

  it('never throws on garbage params', () => {
    const doc = sequential('m', [
      { kind: 'Input', params: { shape: 'x' } },
      { kind: 'Reshape', params: { targetShape: { a: 1 } } },
    ]);
    expect(() => analyze(doc)).not.toThrow();
    expect(codes(doc)).toContain('n1:error:param-out-of-range');
  });
});

describe('canConnect', () => {
  const doc = graphOf('m', [{ kind: 'Input', params: { shape: [4] } }, { kind: 'Dense' }, { kind: 'GRU' }, { kind: 'Concatenate' }, { kind: 'Input', label: 'seq', params: { shape: [3, 2] } }], [[0, 1]]);
  it('accepts valid and explains invalid connections', () => {
    expect(canConnect(doc, 'n1', 'n4', 0)).toEqual({ ok: true });
    expect(canConnect(doc, 'n5', 'n3')).toEqual({ ok: true });
    const r = (s: string, t: string) => {
      const c = canConnect(doc, s, t);
      return c.ok ? 'ok' : c.reason;
    };
    expect(r('n2', 'n1')).toMatch(/is an Input/);
    expect(r('n5', 'n2')).toMatch(/takes one input and already has one/);
    expect(r('n1', 'n2')).toMatch(/already connected/);
    expect(r('n2', 'n2')).toMatch(/itself/);
    expect(r('n1', 'n3')).toMatch(/GRU "gru_1" expects a sequence .* outputs \[null, 4\]/);
    expect(r('n2', 'zz')).toMatch(/no longer exists/);
    const cyc = graphOf('m', [{ kind: 'Input', params: { shape: [4] } }, { kind: 'Dense' }, { kind: 'Dense' }], [[0, 1], [1, 2]]);
    expect(canConnect(cyc, 'n3', 'n2')).toEqual({ ok: false, reason: expect.stringMatching(/takes one input|cycle/) });
    const cyc2 = graphOf('m', [{ kind: 'Input', params: { shape: [4] } }, { kind: 'Dense' }, { kind: 'Add' }], [[0, 2], [2, 1]]);
    expect(canConnect(cyc2, 'n2', 'n3', 1)).toEqual({ ok: false, reason: expect.stringMatching(/cycle/) });
  });
});

describe('summary', () => {
  it('Keras-style table with totals', () => {
    const s = summarize(stackedGru(true));
    expect(s.total).toBe(152_197);
    expect(s.nonTrainable).toBe(512);
    expect(s.rows[1]).toMatchObject({ name: 'gru_1', kind: 'GRU', outputShape: [null, 30, 128], params: 51_840, detail: 'GRU · 128 units · returns sequences' });
    const text = formatSummary(s, 'stacked');
    expect(text).toContain('Total params: 152,197');
    expect(text).toContain('Non-trainable params: 512');
    expect(text).toMatch(/gru_1 \(GRU\)\s+\[null, 30, 128\]\s+51,840\s+sequence/);
  });
  it('accessible name', () => {
    const doc = stackedGru(true);
    expect(accessibleName(doc.nodes[1]!, [null, 64])).toBe('GRU gru_1, output [null, 64]');
    expect(accessibleName(doc.nodes[1]!, null, 2)).toBe('GRU gru_1, output unknown, 2 errors');
  });
});
