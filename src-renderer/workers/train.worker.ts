/**
 * Trains off the UI thread with the shared pipeline (src-shared/train/pipeline.ts), on the data the Data
 * tab already prepared (no second decode or prepare). This worker is the pipeline's tfjs provider: it
 * picks the backend by the rule in backend-choice.ts (forced, or auto = time a few batches of the actual
 * model on each available backend — WebGPU where the browser offers it — and keep the fastest) and
 * watches a WebGPU device: when it is lost the run fails saying so, and the UI keeps WebGPU out of later
 * runs. Its recorder posts each call to the UI, which writes it through the API; the
 * worker knows nothing of storage.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
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
import { chooseBackend, deviceLostReason, type Backend, type BackendProbe } from './backend-choice';

setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });

export type { Backend };

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

function probe(doc: GraphDocument, p: PreparedData, s: TrainingSettings & { seed: number }, webgpuLost: string | null): BackendProbe {
  return {
    hasWebGPU: typeof navigator !== 'undefined' && Boolean((navigator as { gpu?: unknown }).gpu),
    webgpuLost,
    trySet,
    async time(recurrent) {
      const { model } = buildModel(tf, doc, s.seed, recurrent);
      try {
        return await timeSteps({ tf, model, prepared: p, settings: { ...s, recurrent }, steps: 3 });
      } finally {
        model.dispose();
      }
    },
  };
}

/** Why this run's WebGPU device was lost, once the browser reports it. */
let webgpuLostNow: string | null = null;

function watchWebGPU(): void {
  const device = (tf.backend() as unknown as { device?: { lost?: Promise<{ message?: string; reason?: string }> } }).device;
  void device?.lost?.then((info) => {
    if (info?.reason === 'destroyed') return; // the backend was disposed on purpose
    webgpuLostNow = deviceLostReason(info);
  });
}

/** The pipeline's recorder in the worker: each call goes to the UI, which writes it through the API. */
const postRecorder: Recorder = {
  start: (arg) => scope.postMessage({ type: 'record', op: 'start', arg }),
  backend: (arg) => scope.postMessage({ type: 'record', op: 'backend', arg }),
  metrics: (arg) => scope.postMessage({ type: 'record', op: 'metrics', arg }),
  finish: (arg) => scope.postMessage({ type: 'record', op: 'finish', arg }, arg.artifacts.flatMap((a) => (a.data ? [a.data.buffer as ArrayBuffer] : []))),
  fail: (arg) => scope.postMessage({ type: 'record', op: 'fail', arg: webgpuLostNow ? `${webgpuLostNow} (${arg})` : arg }),
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
        const want = settings.recurrent;
        const c = await chooseBackend(probe(doc, prepared, settings, req.webgpuLost ?? null), settings.backend, want);
        if (c.backend === 'webgpu') watchWebGPU();
        const renderer = gpuRenderer();
        const device = c.backend === 'webgpu' ? `WebGPU · WebGL renderer: ${renderer}` : c.backend === 'webgl' ? `WebGL: ${renderer}` : `${c.backend} (CPU) · GPU: ${renderer}`;
        // the fused layers cannot run on this backend: the model is built with the reference ones (the reason says so)
        return { backend: c.backend, reason: c.reason, device, ...(c.recurrent !== want ? { settings: { recurrent: c.recurrent } } : {}) };
      },
    },
    recorder: postRecorder,
    shouldStop: () => stopRequested,
    onBatch: (info) => scope.postMessage({ type: 'batch', info }),
    onEpoch: (info) => scope.postMessage({ type: 'epoch', info }),
  });
  const lost = webgpuLostNow;
  // a lost device fails the run with an error that says little; say what happened instead
  const reason = lost && out.status === 'failed' ? `${lost} (${out.reason ?? 'training failed'})` : out.reason;
  scope.postMessage({ type: 'done', status: out.status, reason, evaluation: out.status === 'refused' ? null : out.evaluation, ...(lost ? { webgpuLost: lost } : {}) });
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
