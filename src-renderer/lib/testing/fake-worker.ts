/**
 * A stand-in for the browser's Worker in the renderer's tests: records what the page posts and lets the
 * test deliver the worker's replies (well-formed or not) with `reply`. `installFakeWorker` puts it in
 * place (with the `self.location` Vite's worker URLs are resolved against); `vi.unstubAllGlobals` undoes it.
 */
import { vi } from 'vitest';
type Listener = (e: MessageEvent<unknown>) => void;

export class FakeWorker {
  static instances: FakeWorker[] = [];
  onmessage: Listener | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  readonly posted: unknown[] = [];
  terminated = false;
  readonly #listeners = new Set<Listener>();

  constructor(readonly url: string | URL) {
    FakeWorker.instances.push(this);
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  addEventListener(type: string, fn: Listener): void {
    if (type === 'message') this.#listeners.add(fn);
  }
  removeEventListener(type: string, fn: Listener): void {
    if (type === 'message') this.#listeners.delete(fn);
  }
  /** Delivers a message from the worker to the page. */
  reply(data: unknown): void {
    const e = { data } as MessageEvent<unknown>;
    this.onmessage?.(e);
    for (const l of [...this.#listeners]) l(e);
  }
  static last(): FakeWorker {
    const w = FakeWorker.instances.at(-1);
    if (!w) throw new Error('no worker was started');
    return w;
  }
}

export function installFakeWorker(): void {
  FakeWorker.instances = [];
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('self', { location: new URL('http://localhost/') });
}
