/** Property tests: random valid graphs compile to what inference says; random graphs never make inference throw. */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../graph/analyze';
import { graphOf, type NodeSpec } from '../graph/builder';
import { DOCUMENT_VERSION, parseDocument, type GraphDocument } from '../graph/document';
import { LAYERS } from '../layers/registry';
import type { ParamSpec } from '../layers/types';
import { planModel } from './plan';
import { verifyAgainstTfjs } from './verify';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Step = { op: number; a: number; b: boolean };

/** Interprets random choices as a valid model: each op is picked among those valid for the current rank. */
function buildValid(seq: boolean, t: number, f: number, steps: Step[]): GraphDocument {
  const specs: NodeSpec[] = [{ kind: 'Input', params: { shape: seq ? [t, f] : [f] } }];
  const edges: [number, number, number?][] = [];
  let cur = 0;
  let rank = seq ? 3 : 2;
  const push = (s: NodeSpec, from = cur): number => {
    specs.push(s);
    edges.push([from, specs.length - 1]);
    return specs.length - 1;
  };
  for (const { op, a, b } of steps) {
    const u = 1 + (a % 4);
    if (rank === 3) {
      const ops: (() => void)[] = [
        () => ((cur = push({ kind: ['GRU', 'LSTM', 'SimpleRNN'][a % 3]!, params: { units: u, returnSequences: b } })), (rank = b ? 3 : 2)),
        () => ((cur = push({ kind: 'Bidirectional', params: { layer: ['GRU', 'LSTM', 'SimpleRNN'][a % 3], units: u, mergeMode: ['concat', 'sum', 'mul', 'ave'][a % 4], returnSequences: b } })), (rank = b ? 3 : 2)),
        () => (cur = push({ kind: 'Conv1D', params: { filters: u, kernelSize: 1 + (a % 2), padding: 'same', strides: b ? 1 : 2 } })),
        () => (cur = push({ kind: 'TimeDistributedDense', params: { units: u } })),
        () => (cur = push({ kind: ['BatchNorm', 'LayerNorm', 'Dropout', 'Activation', 'Dense'][a % 5]!, params: { units: u } })),
        () => ((cur = push({ kind: ['GlobalAveragePooling1D', 'GlobalMaxPooling1D', 'Flatten'][a % 3]! })), (rank = 2)),
      ];
      ops[op % ops.length]!();
    } else {
      const ops: (() => void)[] = [
        () => (cur = push({ kind: 'Dense', params: { units: u, activation: b ? 'relu' : 'linear' } })),
        () => (cur = push({ kind: ['Dropout', 'BatchNorm', 'LayerNorm', 'Activation'][a % 4]! })),
        () => ((cur = push({ kind: 'RepeatVector', params: { n: 1 + (a % 3) } })), (rank = 3)),
        () => {
          // branch and merge
          const x = cur;
          const l = push({ kind: 'Dense', params: { units: u } }, x);
          const r = push({ kind: 'Dense', params: { units: b ? u : u + 1 } }, x);
          specs.push({ kind: b ? 'Add' : 'Concatenate' });
          cur = specs.length - 1;
          edges.push([l, cur, 0], [r, cur, 1]);
        },
      ];
      ops[op % ops.length]!();
    }
  }
  if (cur === 0) push({ kind: 'Dense', params: { units: 1 } });
  return graphOf('random', specs, edges);
}

describe('property: random valid graphs', () => {
  it('compile, and tfjs shapes and params equal the inferred ones', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.record({ op: fc.nat(11), a: fc.nat(11), b: fc.boolean() }), { minLength: 1, maxLength: 6 }),
        (seq, t, f, steps) => {
          const doc = buildValid(seq, t, f, steps);
          expect(analyze(doc).errorCount).toBe(0);
          const v = verifyAgainstTfjs(tf, doc);
          expect(v.mismatches).toEqual([]);
        },
      ),
      { numRuns: 40, seed: 42 },
    );
  });
});

function paramValue(p: ParamSpec, garbageWeight: number): fc.Arbitrary<unknown> {
  const garbage = fc.constantFrom<unknown>(-1, 0, 1e9, 'x', true, [0, -3], null);
  const good: fc.Arbitrary<unknown> =
    p.type === 'integer'
      ? fc.integer({ min: Math.max(p.min ?? -3, -3), max: Math.min(p.max ?? 5, 5) })
      : p.type === 'number'
        ? fc.double({ min: p.min ?? 0, max: Math.min(p.max ?? 1, 1), noNaN: true })
        : p.type === 'boolean'
          ? fc.boolean()
          : p.type === 'choice'
            ? fc.constantFrom(...(p.choices ?? ['']))
            : p.type === 'shape'
              ? fc.array(fc.integer({ min: -1, max: 4 }), { minLength: 1, maxLength: 3 })
              : fc.string();
  return garbageWeight === 0 ? good : fc.oneof({ weight: 6, arbitrary: good }, { weight: garbageWeight, arbitrary: garbage });
}

const nodeArb = (g: number) => fc.constantFrom(...LAYERS).chain((def) =>
  fc.record(Object.fromEntries(def.params.map((p) => [p.name, paramValue(p, g)]))).map((params) => ({
    kind: def.kind,
    params: Object.fromEntries(Object.entries(params).filter(([, v]) => v !== null)),
  })),
);

const randomDoc = (g: number, forward: boolean) => fc
  .tuple(fc.constant({ kind: 'Input', params: { shape: [3, 2] } as Record<string, unknown> }), fc.array(nodeArb(g), { minLength: 0, maxLength: 8 }))
  .map(([first, rest]) => (forward ? [first, ...rest] : rest))
  .chain((nodes) =>
    fc
      .uniqueArray(fc.tuple(fc.nat(Math.max(nodes.length - 1, 0)), fc.nat(Math.max(nodes.length - 1, 0)), fc.option(fc.nat(2), { nil: undefined })), {
        maxLength: 12,
        selector: ([s, t, p]) => `${s}-${t}-${p}`,
      })
      .map((edges) => ({ nodes, edges: nodes.length ? edges.filter(([s2, t2]) => !forward || s2 < t2) : [] })),
  )
  .map(({ nodes, edges }): GraphDocument => ({
    version: DOCUMENT_VERSION,
    nodes: nodes.map((n, i) => ({ id: `n${i + 1}`, kind: n.kind, label: `${n.kind.toLowerCase()}_${i + 1}`, params: n.params, position: { x: i, y: 0 } })),
    edges: edges.map(([s, t, p], i) => ({ id: `e${i + 1}`, source: `n${s + 1}`, target: `n${t + 1}`, ...(p !== undefined ? { targetPort: p } : {}) })),
    settings: { name: 'random' },
  }));

describe('property: random (mostly invalid) graphs', () => {
  it.each([
    ['any edges, some garbage params', 1, false],
    ['forward edges from an Input, valid param values', 0, true],
  ] as const)('%s: inference never throws, diagnostics name real nodes, and when it says "compilable" tfjs agrees', (_name, g, forward) => {
    let compiled = 0, withErrors = 0;
    fc.assert(
      fc.property(randomDoc(g, forward), (doc) => {
        expect(() => parseDocument(JSON.parse(JSON.stringify(doc)))).not.toThrow();
        const a = analyze(doc);
        const ids = new Set(doc.nodes.map((n) => n.id));
        for (const d of a.diagnostics) {
          expect(d.nodeId === null || ids.has(d.nodeId)).toBe(true);
          expect(d.message.length).toBeGreaterThan(10);
          if (d.nodeId) expect(d.message).toContain(doc.nodes.find((n) => n.id === d.nodeId)!.label);
        }
        if (a.errorCount > 0) withErrors++;
        const plan = planModel(doc, a);
        if (plan.errors.length === 0 && plan.steps.some((s) => !s.def.isInput)) {
          compiled++;
          expect(verifyAgainstTfjs(tf, doc).mismatches).toEqual([]);
        }
      }),
      { numRuns: forward ? 400 : 300, seed: 7 },
    );
    expect(withErrors).toBeGreaterThan(50);
    console.log(`random graphs: ${compiled} compilable (checked against tfjs), ${withErrors} with errors`);
  });
});
