/**
 * Every activation the app offers computes the same function in the exported Keras code as in tfjs.
 * Keras cannot be installed here, so the Keras side is a numpy transcription of Keras 3's own
 * definitions (keras/src/activations/activations.py), and the custom functions the export defines are
 * run with `keras.ops` mapped onto numpy.
 */
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { sequential } from '../graph/builder';
import { ACTIVATIONS } from '../layers/params';
import { getLayer } from '../layers/registry';
import { emitKerasModel } from './emit-keras';
import { KERAS_CUSTOM_ACTIVATIONS, kerasActivation } from './keras-activations';
import { emitKerasLayer } from './layer';
import { numpyPython } from '../testing/numpy-python';

const KERAS3_NUMPY = String.raw`
import json, math, sys, types
import numpy as np

def _softplus(x): return np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0)
def _sigmoid(x): return 1 / (1 + np.exp(-x))
def _relu6(x): return np.minimum(np.maximum(x, 0), 6)
def _elu(x, alpha=1.0): return np.where(x > 0, x, alpha * (np.exp(x) - 1))
_erf = np.vectorize(math.erf)
def _softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)

# Keras 3 definitions, by the name a layer's activation= string selects.
KERAS = {
    "linear": lambda x: x,
    "relu": lambda x: np.maximum(x, 0),
    "relu6": _relu6,
    "elu": _elu,
    "selu": lambda x: 1.0507009873554804934193349852946 * _elu(x, 1.6732632423543772848170429916717),
    "sigmoid": _sigmoid,
    "hard_sigmoid": lambda x: _relu6(x + 3) / 6,
    "tanh": np.tanh,
    "softmax": _softmax,
    "softplus": _softplus,
    "softsign": lambda x: x / (np.abs(x) + 1),
    "swish": lambda x: x * _sigmoid(x),
    "silu": lambda x: x * _sigmoid(x),
    "mish": lambda x: x * np.tanh(_softplus(x)),
    "gelu": lambda x: 0.5 * x * (1 + _erf(x / math.sqrt(2))),  # approximate=False, Keras 3's default
}

# keras.ops / keras.saving on numpy, for the functions the export defines itself.
keras = types.SimpleNamespace(
    ops=types.SimpleNamespace(clip=np.clip),
    saving=types.SimpleNamespace(register_keras_serializable=lambda package=None: (lambda f: f)),
)

job = json.load(sys.stdin)
x = np.array(job["x"], dtype=np.float64)
scope = {"keras": keras}
for src in job["prelude"]:
    exec(src, scope)
out = {}
for name, expr in job["exprs"].items():
    fn = KERAS[json.loads(expr)] if expr.startswith('"') else scope[expr]
    out[name] = np.asarray(fn(x)).tolist()
print(json.dumps(out))
`;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const XS = [
  [-8, -3.5, -2.5, -1, -0.3, 0, 0.3, 1, 2.5, 3.5, 8],
  [-2.49, -1.7, -0.01, 0.01, 0.2, 0.7, 1.3, 2.2, 4, 5.9, 6.5],
];

function tfjsActivation(name: string, x: number[][]): number[][] {
  return tf.tidy(() => tf.layers.activation({ activation: name as never }).apply(tf.tensor2d(x)) as tf.Tensor).arraySync() as number[][];
}

describe.skipIf(!numpyPython.ok)('exported Keras activations compute what tfjs computes', () => {
  const exprs = Object.fromEntries(ACTIVATIONS.map((a) => [a, kerasActivation(a)]));
  const prelude = Object.values(KERAS_CUSTOM_ACTIVATIONS).map((d) => d!.source);
  let keras: Record<string, number[][]> = {};
  beforeAll(() => {
    const out = execFileSync(numpyPython.path, ['-c', KERAS3_NUMPY], { input: JSON.stringify({ x: XS, exprs, prelude }) });
    keras = JSON.parse(out.toString()) as Record<string, number[][]>;
  });

  it.each([...ACTIVATIONS])('%s', (name) => {
    const want = tfjsActivation(name, XS);
    const got = keras[name]!;
    for (let i = 0; i < want.length; i++)
      for (let j = 0; j < want[i]!.length; j++) expect(got[i]![j], `x = ${XS[i]![j]} with ${exprs[name]}`).toBeCloseTo(want[i]![j]!, 5);
  });
});

if (!numpyPython.ok) it.skip(`Keras activation parity: ${numpyPython.why}`, () => {});

describe('emitted Keras code', () => {
  it('passes tfjs hardSigmoid as its own function, defined once in the module', () => {
    const py = emitKerasLayer(getLayer('Dense')!, { activation: 'hardSigmoid' }, 'd');
    expect(py).toContain('activation=tfjs_hard_sigmoid');
    expect(py).not.toContain('"hard_sigmoid"');
  });

  it('keeps the plain names for the others', () => {
    expect(kerasActivation('relu')).toBe('"relu"');
    expect(kerasActivation('softsign')).toBe('"softsign"');
  });

  it('defines tfjs_hard_sigmoid before build_model when a layer uses it, and the module compiles', () => {
    const doc = sequential('hs', [
      { kind: 'Input', params: { shape: [5, 2] } },
      { kind: 'GRU', params: { units: 3, recurrentActivation: 'hardSigmoid' } },
      { kind: 'Dense', params: { units: 1 } },
    ]);
    const py = emitKerasModel(doc)!;
    expect(py.indexOf('def tfjs_hard_sigmoid')).toBeGreaterThan(-1);
    expect(py.indexOf('def tfjs_hard_sigmoid')).toBeLessThan(py.indexOf('def build_model'));
    expect(py).toContain('recurrent_activation=tfjs_hard_sigmoid');
    execFileSync('/usr/bin/python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: py });
    expect(emitKerasModel(sequential('plain', [{ kind: 'Input', params: { shape: [3] } }, { kind: 'Dense', params: { units: 1 } }]))).not.toContain('tfjs_hard_sigmoid');
  });

  it('builds LSTMs with unit_forget_bias=False, as tfjs initialises them', () => {
    expect(emitKerasLayer(getLayer('LSTM')!, {}, 'l')).toContain('unit_forget_bias=False');
  });
});
