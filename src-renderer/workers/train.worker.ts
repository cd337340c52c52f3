/**
 * Trains off the UI thread with the shared pipeline (src-shared/train/pipeline.ts), on the data the Data
 * tab already prepared (no second decode or prepare). This worker is the pipeline's tfjs provider: it
 * picks the backend (forced, or auto = time a few batches of the actual model on each available backend
 * and keep the fastest). Its recorder posts each call to the UI, which writes it through the API; the
 * worker knows nothing of storage.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { PreparedData } from '@shared/data/index';
import type { GraphDocument } from '@shared/graph/index';
import {
  buildModel,
  runPipeline,
  timeSteps,
  type Recorder,
  type TrainingSettings,
} from '@shared/train/index';
import { checkTrainRequest, type RecordCall, type TrainWorkerReply, type TrainWorkerRequest } from './train-messages';

setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });

export type Backend = 'webgl' | 'wasm' | 'cpu';

export type { RecordCall, TrainWorkerReply, TrainWorkerRequest };

interface WorkerScope {
  onmessage: ((e: MessageEvent<unknown>) => void) | null;
  postMessage(message: TrainWorkerReply, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;
let stopRequested = false;

/** The GPU's renderer string (e.g. "ANGLE (…SwiftShader…)"), or a note why there is none. */
function gpuRenderer(): string {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return 'no WebGL2';
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  } catch {
    return 'no WebGL2';
  }
}

async function trySet(b: Backend): Promise<boolean> {
  try {
    return (await tf.setBackend(b)) && tf.getBackend() === b;
  } catch {
    return false;
  }
}

async function chooseBackend(doc: GraphDocument, p: PreparedData, s: TrainingSettings & { seed: number }): Promise<{ backend: Backend; reason: string }> {
  if (s.backend !== 'auto') {
    if (await trySet(s.backend)) return { backend: s.backend, reason: `${s.backend} chosen in the settings` };
    for (const b of ['wasm', 'cpu'] as const) if (await trySet(b)) return { backend: b, reason: `${s.backend} is not available here; fell back to ${b}` };
    throw new Error('No tfjs backend could start.');
  }
  const times: { b: Backend; ms: number }[] = [];
  for (const b of ['webgl', 'wasm'] as const) {
    if (!(await trySet(b))) continue;
    const { model } = buildModel(tf, doc, s.seed, s.recurrent);
    try {
      times.push({ b, ms: await timeSteps({ tf, model, prepared: p, settings: s, steps: 3 }) });
    } catch {
      /* this backend cannot run the model */
    } finally {
      model.dispose();
    }
  }
  if (times.length === 0) {
    await trySet('cpu');
    return { backend: 'cpu', reason: 'auto: neither WebGL nor wasm could run the model; using cpu' };
  }
  times.sort((a, b) => a.ms - b.ms);
  const best = times[0]!;
  await trySet(best.b);
  return { backend: best.b, reason: `auto: fastest of ${times.map((t) => `${t.b} ${t.ms.toFixed(0)} ms/batch`).join(', ')}` };
}

/** The pipeline's recorder in the worker: each call goes to the UI, which writes it through the API. */
const postRecorder: Recorder = {
  start: (arg) => scope.postMessage({ type: 'record', op: 'start', arg }),
  backend: (arg) => scope.postMessage({ type: 'record', op: 'backend', arg }),
  metrics: (arg) => scope.postMessage({ type: 'record', op: 'metrics', arg }),
  finish: (arg) => scope.postMessage({ type: 'record', op: 'finish', arg }, arg.artifacts.flatMap((a) => (a.data ? [a.data.buffer as ArrayBuffer] : []))),
  fail: (arg) => scope.postMessage({ type: 'record', op: 'fail', arg }),
};

async function run(req: Extract<TrainWorkerRequest, { type: 'start' }>): Promise<void> {
  stopRequested = false;
  const out = await runPipeline({
    doc: req.doc,
    prep: req.prep,
    data: { prepared: req.prepared },
    settings: req.settings,
    tfp: {
      tf,
      async ready({ doc, prepared, settings }) {
        const { backend, reason } = await chooseBackend(doc, prepared, settings);
        const renderer = gpuRenderer();
        return { backend, reason, device: backend === 'webgl' ? `WebGL: ${renderer}` : `${backend} (CPU) · GPU: ${renderer}` };
      },
    },
    recorder: postRecorder,
    shouldStop: () => stopRequested,
    onBatch: (info) => scope.postMessage({ type: 'batch', info }),
    onEpoch: (info) => scope.postMessage({ type: 'epoch', info }),
  });
  scope.postMessage({ type: 'done', status: out.status, reason: out.reason, evaluation: out.status === 'refused' ? null : out.evaluation });
}

scope.onmessage = (e) => {
  const checked = checkTrainRequest(e.data);
  if (!checked.ok) {
    scope.postMessage({ type: 'error', message: checked.error });
    return;
  }
  const msg = checked.value;
  if (msg.type === 'stop') {
    stopRequested = true;
    return;
  }
  run(msg).catch((err: unknown) => scope.postMessage({ type: 'error', message: `Training failed: ${(err as Error)?.message ?? String(err)}` }));
};
