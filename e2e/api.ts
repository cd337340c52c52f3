/** Helpers for specs that set up state through the API rather than the UI. */
import type { Page } from '@playwright/test';

/** Calls the API from inside the page (Electron bridge, or the web host with the page's session cookie). `{ $b64 }` values become bytes. */
export async function call<T>(page: Page, method: string, args: unknown): Promise<T> {
  const res = await page.evaluate(
    async ({ method, args }) => {
      const bridge = (window as unknown as { layerloom?: { methods: Record<string, (a: unknown) => Promise<unknown>> } }).layerloom;
      const revive = (v: unknown, wire: boolean): unknown => {
        if (Array.isArray(v)) return v.map((x) => revive(x, wire));
        if (v && typeof v === 'object') {
          const o = v as Record<string, unknown>;
          if (typeof o.$b64 === 'string') return wire ? { $bytes: o.$b64 } : Uint8Array.from(atob(o.$b64), (c) => c.charCodeAt(0));
          return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, revive(x, wire)]));
        }
        return v;
      };
      if (bridge) return bridge.methods[method]!(revive(args, false));
      const r = await fetch(`/api/${method}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(revive(args, true)),
      });
      return r.json();
    },
    { method, args },
  );
  const r = res as { ok: boolean; value?: T; error?: { message: string } };
  if (!r.ok) throw new Error(`${method}: ${r.error?.message}`);
  return r.value as T;
}

/** Bytes for `call`: `{ $b64 }` becomes a Uint8Array in the page (IPC) or `$bytes` on the wire (HTTP). */
export const b64 = (u: Uint8Array): { $b64: string } => ({ $b64: Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64') });
