/**
 * Runs an experiment off the UI thread: the shared runner (`runExperiment`, the one `layerloom sweep`
 * runs in Node) trains each trial with the shared pipeline. The worker knows nothing of storage: the
 * runner's API calls (experiments.*, and each trial's run through runs.*) are posted to the page, which
 * makes them and posts the answers back. The backend is the one in the settings, with `auto` meaning
 * wasm here (timing every backend before each trial would cost more than the trials themselves).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { ApiClient } from '@shared/api/contract';
import { buildModel, timeSteps, type TfProvider } from '@shared/train/index';
import { runExperiment } from '@shared/experiments/runner';
import { validateSpec } from '@shared/experiments/validate';
import { checkExperimentRequest, type ExperimentWorkerReply, type ExperimentWorkerRequest } from './experiment-messages';
import { chooseBackend, type Backend } from './backend-choice';

setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });

interface WorkerScope {
  onmessage: ((e: MessageEvent<unknown>) => void) | null;
  postMessage(message: ExperimentWorkerReply): void;
}
const scope = self as unknown as WorkerScope;
let stopRequested = false;
let nextId = 0;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

/** The API as the runner sees it: each call goes to the page and its answer comes back. */
const api: Pick<ApiClient, 'call'> = {
  call: ((method: string, params: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      scope.postMessage({ type: 'api', id, method, params });
    })) as ApiClient['call'],
};

async function trySet(b: Backend): Promise<boolean> {
  try {
    return (await tf.setBackend(b)) && tf.getBackend() === b;
  } catch {
    return false;
  }
}

async function run(req: Extract<ExperimentWorkerRequest, { type: 'start' }>): Promise<void> {
  stopRequested = false;
  const spec = validateSpec(req.spec, { doc: req.doc });
  const asked = req.settings.backend === 'auto' || req.settings.backend === 'webgpu' ? 'wasm' : req.settings.backend;
  const tfp: TfProvider = {
    tf,
    async ready({ doc, prepared, settings }) {
      const c = await chooseBackend(
        {
          hasWebGPU: false,
          webgpuLost: null,
          trySet,
          async time(recurrent) {
            const { model } = buildModel(tf, doc, settings.seed, recurrent);
            try {
              return await timeSteps({ tf, model, prepared, settings: { ...settings, recurrent }, steps: 1 });
            } finally {
              model.dispose();
            }
          },
        },
        asked,
        settings.recurrent,
      );
      return { backend: c.backend, reason: `experiment: ${c.reason}`, device: `${c.backend} in the experiment worker`, ...(c.recurrent !== settings.recurrent ? { settings: { recurrent: c.recurrent } } : {}) };
    },
  };
  const out = await runExperiment({
    api,
    projectId: req.projectId,
    spec,
    base: { doc: req.doc, prep: req.prep, settings: req.settings },
    dataset: req.dataset,
    tfp,
    ...(req.experimentId ? { experimentId: req.experimentId } : {}),
    shouldStop: () => stopRequested,
    onTrialStart: (t) => scope.postMessage({ type: 'trialStart', ...t }),
    onTrial: (record) => scope.postMessage({ type: 'trial', record }),
    onEpoch: ({ trial, epoch }) => scope.postMessage({ type: 'epoch', trial, info: epoch }),
  });
  scope.postMessage({ type: 'done', experimentId: out.experimentId, status: out.status });
}

scope.onmessage = (e) => {
  const checked = checkExperimentRequest(e.data);
  if (!checked.ok) {
    scope.postMessage({ type: 'error', message: checked.error });
    return;
  }
  const msg = checked.value;
  if (msg.type === 'stop') {
    stopRequested = true;
    return;
  }
  if (msg.type === 'apiReply') {
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (p) {
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new Error(msg.error));
    }
    return;
  }
  run(msg).catch((err: unknown) => scope.postMessage({ type: 'error', message: `The experiment stopped: ${(err as Error)?.message ?? String(err)}` }));
};
