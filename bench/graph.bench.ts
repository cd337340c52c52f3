/**
 * Graph benchmarks: live analysis (shape inference + diagnostics) of a generated 500-node graph
 * (target: median under 5 ms), canConnect on it, and tfjs compile time of a 50-layer model (cpu backend).
 */
import * as tf from '@tensorflow/tfjs';
import { analyze } from '../src-shared/graph/analyze';
import { graphOf, type NodeSpec } from '../src-shared/graph/builder';
import { canConnect } from '../src-shared/graph/connect';
import { summarize } from '../src-shared/graph/summary';
import { compileToTfjs } from '../src-shared/compiler/to-tfjs';
import { report, row, timeRuns } from './lib';

/** ~`n` nodes: an Input, then blocks of a branch (GRU / LSTM / Conv1D paths) merged by Concatenate, plus a few broken nodes. */
function bigGraph(n: number) {
  const specs: NodeSpec[] = [{ kind: 'Input', params: { shape: [30, 6] } }];
  const edges: [number, number, number?][] = [];
  let cur = 0;
  const add = (s: NodeSpec, from: number) => (specs.push(s), edges.push([from, specs.length - 1]), specs.length - 1);
  while (specs.length < n - 8) {
    const a = add({ kind: 'GRU', params: { units: 16, returnSequences: true } }, cur);
    const a2 = add({ kind: 'BatchNorm' }, a);
    const b = add({ kind: 'Conv1D', params: { filters: 8, kernelSize: 3, padding: 'same' } }, cur);
    const b2 = add({ kind: 'Dropout', params: { rate: 0.2 } }, b);
    specs.push({ kind: 'Concatenate' });
    const m = specs.length - 1;
    edges.push([a2, m, 0], [b2, m, 1]);
    cur = add({ kind: 'TimeDistributedDense', params: { units: 12 } }, m);
    add({ kind: 'LayerNorm' }, cur);
  }
  cur = add({ kind: 'GlobalAveragePooling1D' }, cur);
  add({ kind: 'Dense', params: { units: 1 } }, cur);
  add({ kind: 'GRU' }, cur); // rank error
  specs.push({ kind: 'Dense' }); // not connected to an Input
  add({ kind: 'Dropout', params: { rate: 2 } }, cur); // param out of range
  while (specs.length < n) add({ kind: 'Dense', params: { units: 4 } }, cur);
  return graphOf('bench', specs, edges);
}

function deepModel(layers: number) {
  const specs: NodeSpec[] = [{ kind: 'Input', params: { shape: [20, 8] } }];
  const cycle: NodeSpec[] = [
    { kind: 'GRU', params: { units: 32, returnSequences: true } },
    { kind: 'LayerNorm' },
    { kind: 'Dropout', params: { rate: 0.1 } },
    { kind: 'TimeDistributedDense', params: { units: 32, activation: 'relu' } },
    { kind: 'BatchNorm' },
  ];
  for (let i = 1; i < layers - 2; i++) specs.push(cycle[(i - 1) % cycle.length]!);
  specs.push({ kind: 'GlobalAveragePooling1D' }, { kind: 'Dense', params: { units: 1 } });
  return graphOf('deep', specs, specs.slice(1).map((_, i) => [i, i + 1] as [number, number]));
}

const doc = bigGraph(500);
const a = analyze(doc);
const analyzeRuns = await timeRuns(() => analyze(doc), 101, 10);
const summaryRuns = await timeRuns(() => summarize(doc), 51, 5);
const last = doc.nodes[doc.nodes.length - 1]!.id;
const connectRuns = await timeRuns(() => canConnect(doc, 'n1', last, undefined, a), 101, 10);

await tf.setBackend('cpu');
const deep = deepModel(50);
if (deep.nodes.length !== 50 || analyze(deep).errorCount) throw new Error('deep model is not a valid 50-layer model');
const compileRuns = await timeRuns(() => compileToTfjs(tf, deep).model.dispose(), 7, 1);

report(
  'graph',
  [
    row('analyze 500-node graph (shapes + diagnostics)', analyzeRuns, 'ms', {
      target: 5,
      note: `${doc.nodes.length} nodes, ${doc.edges.length} edges, ${a.errorCount} errors, ${a.warningCount} warnings`,
    }),
    row('summarize 500-node graph', summaryRuns),
    row('canConnect on 500-node graph (cached analysis)', connectRuns),
    row('compile 50-layer model to tfjs (cpu)', compileRuns, 'ms', { note: 'GRU/LayerNorm/Dropout/TimeDistributed/BatchNorm ×~10, glorotUniform init' }),
  ],
  { nodes: doc.nodes.length, edges: doc.edges.length, tfjsBackend: tf.getBackend() },
);
