import { describe, expect, it } from 'vitest';
import { chooseBackend, deviceLostReason, type Backend, type BackendProbe, type Recurrent } from './backend-choice';

/** A probe over a table: which backends start, ms/batch per backend and recurrent kind (absent = throws). */
function fake(o: {
  starts: Backend[];
  ms?: Partial<Record<Backend, Partial<Record<Recurrent, number>>>>;
  gpu?: boolean;
  lost?: string | null;
}): BackendProbe & { current: Backend | null; timed: string[] } {
  const p = {
    hasWebGPU: o.gpu ?? false,
    webgpuLost: o.lost ?? null,
    current: null as Backend | null,
    timed: [] as string[],
    async trySet(b: Backend) {
      if (!o.starts.includes(b)) return false;
      p.current = b;
      return true;
    },
    async time(r: Recurrent) {
      const b = p.current!;
      p.timed.push(`${b}/${r}`);
      const ms = o.ms?.[b]?.[r];
      if (ms === undefined) throw new Error(`no ${r} kernel for ${b}`);
      return ms;
    },
  };
  return p;
}

describe('chooseBackend, auto', () => {
  it('includes WebGPU where the browser offers it and keeps the fastest backend, leaving it current', async () => {
    const p = fake({ gpu: true, starts: ['webgpu', 'webgl', 'wasm', 'cpu'], ms: { webgpu: { fused: 2 }, webgl: { fused: 9 }, wasm: { fused: 5 } } });
    const c = await chooseBackend(p, 'auto', 'fused');
    expect(c).toMatchObject({ backend: 'webgpu', recurrent: 'fused' });
    expect(c.reason).toBe('auto: fastest of webgpu 2 ms/batch, webgl 9 ms/batch, wasm 5 ms/batch');
    expect(p.current).toBe('webgpu');
  });

  it('does not try WebGPU without navigator.gpu', async () => {
    const p = fake({ gpu: false, starts: ['webgpu', 'webgl', 'wasm'], ms: { webgpu: { fused: 1 }, webgl: { fused: 9 }, wasm: { fused: 5 } } });
    const c = await chooseBackend(p, 'auto', 'fused');
    expect(c.backend).toBe('wasm');
    expect(p.timed).not.toContain('webgpu/fused');
  });

  it('skips WebGPU after its device was lost in this session, and says so', async () => {
    const p = fake({ gpu: true, lost: 'device hung', starts: ['webgpu', 'wasm'], ms: { webgpu: { fused: 1 }, wasm: { fused: 5 } } });
    const c = await chooseBackend(p, 'auto', 'fused');
    expect(c.backend).toBe('wasm');
    expect(c.reason).toContain('webgpu skipped: its device was lost (device hung)');
    expect(p.timed).toEqual(['wasm/fused']);
  });

  it('uses the reference layers on a backend where the fused ones cannot run, and records why', async () => {
    const p = fake({ gpu: true, starts: ['webgpu', 'wasm'], ms: { webgpu: { reference: 1 }, wasm: { fused: 5 } } });
    const c = await chooseBackend(p, 'auto', 'fused');
    expect(c).toMatchObject({ backend: 'webgpu', recurrent: 'reference' });
    expect(c.reason).toContain('the fused recurrent layers cannot run on webgpu (no fused kernel for webgpu), so the reference layers are used there');
  });

  it('keeps fused where the fastest backend runs them even when another backend cannot', async () => {
    const p = fake({ gpu: true, starts: ['webgpu', 'wasm'], ms: { webgpu: { reference: 9 }, wasm: { fused: 5 } } });
    const c = await chooseBackend(p, 'auto', 'fused');
    expect(c).toMatchObject({ backend: 'wasm', recurrent: 'fused' });
    expect(c.reason).not.toContain('reference layers');
  });

  it('falls back to cpu when no candidate can run the model, naming why each failed', async () => {
    const p = fake({ gpu: true, starts: ['webgpu', 'webgl', 'wasm', 'cpu'], ms: {} });
    const c = await chooseBackend(p, 'auto', 'reference');
    expect(c.backend).toBe('cpu');
    expect(p.current).toBe('cpu');
    expect(c.reason).toContain('webgpu cannot run the model (no reference kernel for webgpu)');
  });
});

describe('chooseBackend, asked for', () => {
  it('uses the backend named in the settings without timing the reference layers', async () => {
    const p = fake({ gpu: true, starts: ['webgpu', 'wasm'] });
    const c = await chooseBackend(p, 'webgpu', 'reference');
    expect(c).toEqual({ backend: 'webgpu', recurrent: 'reference', reason: 'webgpu chosen in the settings' });
    expect(p.timed).toEqual([]);
  });

  it('falls back to wasm when WebGPU is asked for but the browser has none, and says why', async () => {
    const p = fake({ gpu: false, starts: ['webgpu', 'wasm'] });
    const c = await chooseBackend(p, 'webgpu', 'fused');
    expect(c.backend).toBe('wasm');
    expect(c.reason).toBe('webgpu is not available here: this browser offers no WebGPU (navigator.gpu); fell back to wasm');
  });

  it('falls back when WebGPU is asked for after its device was lost', async () => {
    const p = fake({ gpu: true, lost: 'reset', starts: ['webgpu', 'wasm'] });
    const c = await chooseBackend(p, 'webgpu', 'fused');
    expect(c.backend).toBe('wasm');
    expect(c.reason).toContain('its device was lost (reset)');
  });

  it('switches to the reference layers on an asked-for backend where the fused ones fail', async () => {
    const p = fake({ gpu: true, starts: ['webgpu'], ms: { webgpu: { reference: 3 } } });
    const c = await chooseBackend(p, 'webgpu', 'fused');
    expect(c).toMatchObject({ backend: 'webgpu', recurrent: 'reference' });
    expect(c.reason).toMatch(/^webgpu chosen in the settings; the fused recurrent layers cannot run on webgpu/);
  });

  it('throws when no backend starts at all', async () => {
    await expect(chooseBackend(fake({ starts: [] }), 'webgl', 'fused')).rejects.toThrow('No tfjs backend could start.');
  });
});

describe('deviceLostReason', () => {
  it('names the browser’s reason and message and what happens next', () => {
    expect(deviceLostReason({ reason: 'unknown', message: 'GPU hung' })).toBe(
      'The WebGPU device was lost (unknown: GPU hung); start the run again: later runs leave WebGPU out until the app restarts.',
    );
    expect(deviceLostReason(undefined)).toContain('(no reason given)');
  });
});
