/**
 * The gate inspector's arithmetic (src-shared/inspect/gates.ts): every gate of a GRU(128) and an LSTM(128)
 * over 200 time steps of 6 features, from random weights (target for the GRU < 100 ms).
 */
import { gateTrace, type RecurrentWeights } from '../src-shared/inspect/gates';
import { report, row, timeRuns } from './lib';

const U = 128;
const D = 6;
const T = 200;

function rand(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * 0.2;
  }
  return out;
}

const weights = (kind: 'GRU' | 'LSTM', resetAfter = false): RecurrentWeights => {
  const G = kind === 'GRU' ? 3 : 4;
  return {
    kind,
    units: U,
    features: D,
    kernel: rand(D * G * U, 1),
    recurrentKernel: rand(U * G * U, 2),
    bias: rand((resetAfter ? 2 : 1) * G * U, 3),
    activation: 'tanh',
    recurrentActivation: 'sigmoid',
    resetAfter,
  };
};
const x = rand(T * D, 4);
const gru = weights('GRU');
const gruAfter = weights('GRU', true);
const lstm = weights('LSTM');

const rows = [
  row(`GRU(${U}) gates over ${T} steps × ${D} features`, await timeRuns(() => gateTrace(gru, x, T), 21, 3), 'ms', { target: 100 }),
  row(`GRU(${U}) reset_after=True, same`, await timeRuns(() => gateTrace(gruAfter, x, T), 21, 3), 'ms'),
  row(`LSTM(${U}) gates over ${T} steps × ${D} features`, await timeRuns(() => gateTrace(lstm, x, T), 21, 3), 'ms'),
];
report('gates', rows, { units: U, steps: T, features: D });
