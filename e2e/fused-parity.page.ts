/**
 * Runs in headless Chromium (bundled by fused-parity.spec.ts): the fused-layer parity cases
 * (src-shared/compiler/fused/parity-cases.ts) on the tfjs WebGL backend. Sets window.__result.
 */
import * as tf from '@tensorflow/tfjs';
import { describeCase, parityCases, runParityCase } from '../src-shared/compiler/fused/parity-cases';

declare const window: { __params: { n: number; seed: number; max: { batch: number; steps: number; features: number; units: number } }; __result?: unknown; __error?: string };

async function main(): Promise<void> {
  const { n, seed, max } = window.__params;
  if (!(await tf.setBackend('webgl'))) throw new Error('the WebGL backend did not start');
  await tf.ready();
  const gl = (tf.backend() as unknown as { gpgpu: { gl: WebGL2RenderingContext } }).gpgpu.gl;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  // which fused step kernels (kernels/webgl.ts) the cases ran, by name: evidence the WebGL programs were used
  const engine = tf.engine() as unknown as { runKernel(name: string, ...rest: unknown[]): unknown };
  const runKernel = engine.runKernel;
  const fusedKernels: Record<string, number> = {};
  engine.runKernel = function (this: unknown, name: string, ...rest: unknown[]) {
    if (name.startsWith('Layerloom')) fusedKernels[name] = (fusedKernels[name] ?? 0) + 1;
    return runKernel.call(this, name, ...rest);
  };
  let results;
  try {
    results = parityCases(n, seed, max).map((c) => ({ name: describeCase(c), ...runParityCase(tf, c) }));
  } finally {
    engine.runKernel = runKernel;
  }
  window.__result = { backend: tf.getBackend(), renderer, float32: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'), results, fusedKernels };
}

main().catch((e: unknown) => {
  window.__error = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
});
