/**
 * Per-backend readiness of the registered fused kernels: a backend whose kernels need setup that can fail
 * (wasm: instantiating the compiled module against the backend's memory) says here whether they can run; ops.ts
 * takes the composite path when not. Backends without an entry are ready when their kernel is registered.
 */
const GATES = new Map<string, (backend: unknown) => boolean>();

export function setKernelGate(backendName: string, ready: (backend: unknown) => boolean): void {
  GATES.set(backendName, ready);
}

export function kernelsReady(backendName: string, backend: unknown): boolean {
  const g = GATES.get(backendName);
  return g ? g(backend) : true;
}
