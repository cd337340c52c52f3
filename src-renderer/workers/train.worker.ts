/**
 * Trains off the UI thread: decodes the dataset, prepares it, picks the tfjs backend (forced, or auto =
 * time a few batches of the actual model on each available backend and keep the fastest), compiles the
 * graph with seeded weights and runs the shared training loop, posting progress as it goes. The UI
 * records metrics and artifacts through the API; this worker knows nothing of storage.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { deserializeDataset, prepare, isDataError, type DataPrep, type DatasetMeta, type PreparedData } from '@shared/data/index';
import type { GraphDocument } from '@shared/graph/index';
import {
  buildModel,
  fitGraphToData,
  graphProblem,
  runArtifacts,
  runResult,
  timeSteps,
  train,
  type ArtifactOut,
  type BatchInfo,
  type EpochInfo,
  type TrainingSettings,
  type Evaluation,
} from '@shared/train/index';
import type { RunResult } from '@shared/api/runs';

setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });

export type Backend = 'webgl' | 'wasm' | 'cpu';

export type TrainWorkerRequest =
  | { type: 'start'; doc: GraphDocument; prep: DataPrep; meta: DatasetMeta; blobs: Uint8Array[]; settings: TrainingSettings }
  | { type: 'stop' };

export type TrainWorkerReply =
  | { type: 'backend'; backend: Backend; reason: string; device: string }
  | { type: 'batch'; info: BatchInfo }
  | { type: 'epoch'; info: EpochInfo }
  | { type: 'done'; status: 'completed' | 'stopped' | 'failed'; reason: string | null; result: RunResult | null; evaluation: Evaluation | null; artifacts: ArtifactOut[] }
  | { type: 'error'; message: string };

interface WorkerScope {
  onmessage: ((e: MessageEvent<TrainWorkerRequest>) => void) | null;
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

async function chooseBackend(doc: GraphDocument, p: PreparedData, s: TrainingSettings): Promise<{ backend: Backend; reason: string }> {
  if (s.backend !== 'auto') {
    if (await trySet(s.backend)) return { backend: s.backend, reason: `${s.backend} chosen in the settings` };
    for (const b of ['wasm', 'cpu'] as const) if (await trySet(b)) return { backend: b, reason: `${s.backend} is not available here; fell back to ${b}` };
    throw new Error('No tfjs backend could start.');
  }
  const times: { b: Backend; ms: number }[] = [];
  for (const b of ['webgl', 'wasm'] as const) {
    if (!(await trySet(b))) continue;
    const { model } = buildModel(tf, doc, s.seed);
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

async function run(req: Extract<TrainWorkerRequest, { type: 'start' }>): Promise<void> {
  stopRequested = false;
  let prepared: PreparedData;
  try {
    prepared = prepare(deserializeDataset(req.meta, req.blobs), req.prep);
  } catch (err) {
    scope.postMessage({ type: 'error', message: isDataError(err) ? err.message : String((err as Error)?.message ?? err) });
    return;
  }
  const doc = fitGraphToData(req.doc, prepared);
  const problem = graphProblem(doc, prepared);
  if (problem) {
    scope.postMessage({ type: 'error', message: problem });
    return;
  }
  const s = req.settings;
  const { backend, reason } = await chooseBackend(doc, prepared, s);
  const renderer = gpuRenderer();
  scope.postMessage({ type: 'backend', backend, reason, device: backend === 'webgl' ? `WebGL: ${renderer}` : `${backend} (CPU) · GPU: ${renderer}` });
  const { model } = buildModel(tf, doc, s.seed);
  const params = model.countParams();
  try {
    const r = await train({
      tf,
      model,
      prepared,
      settings: s,
      shouldStop: () => stopRequested,
      onBatch: (info) => scope.postMessage({ type: 'batch', info }),
      onEpoch: (info) => scope.postMessage({ type: 'epoch', info }),
    });
    const artifacts = runArtifacts(r, prepared, req.prep).filter((a) => r.status !== 'failed' || a.kind === 'preprocessing');
    scope.postMessage(
      { type: 'done', status: r.status, reason: r.reason, result: runResult(r, s.epochs, { params, backendReason: reason }), evaluation: r.evaluation, artifacts },
      artifacts.flatMap((a) => (a.data ? [a.data.buffer as ArrayBuffer] : [])),
    );
  } finally {
    model.dispose();
  }
}

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'stop') {
    stopRequested = true;
    return;
  }
  run(msg).catch((err: unknown) => scope.postMessage({ type: 'error', message: `Training failed: ${(err as Error)?.message ?? String(err)}` }));
};
