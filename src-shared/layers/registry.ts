/** The single list of layer kinds. A new kind is one file plus one line here. */
import { activation } from './activation';
import { add } from './add';
import { batchNorm } from './batch-norm';
import { bidirectional } from './bidirectional';
import { concatenate } from './concatenate';
import { conv1d } from './conv1d';
import { dense } from './dense';
import { dropout } from './dropout';
import { embedding } from './embedding';
import { flatten } from './flatten';
import { globalAveragePooling1d } from './global-average-pooling-1d';
import { globalMaxPooling1d } from './global-max-pooling-1d';
import { gru } from './gru';
import { input } from './input';
import { layerNorm } from './layer-norm';
import { lstm } from './lstm';
import { repeatVector } from './repeat-vector';
import { reshape } from './reshape';
import { simpleRnn } from './simple-rnn';
import { timeDistributedDense } from './time-distributed-dense';
import type { LayerDef } from './types';

export const LAYERS: readonly LayerDef[] = [
  input,
  gru,
  lstm,
  simpleRnn,
  bidirectional,
  dense,
  dropout,
  batchNorm,
  layerNorm,
  activation,
  flatten,
  globalAveragePooling1d,
  globalMaxPooling1d,
  conv1d,
  embedding,
  concatenate,
  add,
  reshape,
  repeatVector,
  timeDistributedDense,
];

const BY_KIND = new Map(LAYERS.map((d) => [d.kind, d]));

export function getLayer(kind: string): LayerDef | undefined {
  return BY_KIND.get(kind);
}
export function layerKinds(): string[] {
  return LAYERS.map((d) => d.kind);
}
