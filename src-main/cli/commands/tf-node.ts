/** tfjs for the CLI: the wasm backend (several times faster than cpu on recurrent models), cpu as the fallback. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export type NodeBackend = 'wasm' | 'cpu';

export async function loadTf(want: 'auto' | NodeBackend): Promise<{ tf: typeof tf; backend: NodeBackend; why: string }> {
  if (want !== 'cpu') {
    try {
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return { tf, backend: 'wasm', why: want === 'wasm' ? 'wasm requested' : 'wasm (the fastest tfjs backend in Node)' };
      }
    } catch {
      /* fall back to cpu */
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { tf, backend: 'cpu', why: want === 'cpu' ? 'cpu requested' : 'cpu (the wasm backend could not start)' };
}
