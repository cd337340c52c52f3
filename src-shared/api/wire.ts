/**
 * JSON with bytes: how calls, results and events travel over HTTP/WebSocket. Uint8Array values
 * (dataset columns, weights) become {"$bytes": "<base64>"} and come back as Uint8Array.
 * (Electron IPC uses structured clone and needs none of this.)
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Uint8Array(128);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;
const CODES = Uint8Array.from(ALPHABET, (ch) => ch.charCodeAt(0));
const ASCII = new TextDecoder('latin1');

export function toBase64(bytes: Uint8Array): string {
  // ASCII output bytes decoded in one go: string concatenation per byte took seconds for a dataset's columns.
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  for (let i = 0; i < n; i += 3) {
    const a = bytes[i]!;
    const b = i + 1 < n ? bytes[i + 1]! : 0;
    const c = i + 2 < n ? bytes[i + 2]! : 0;
    const t = (a << 16) | (b << 8) | c;
    out[o++] = CODES[(t >> 18) & 63]!;
    out[o++] = CODES[(t >> 12) & 63]!;
    out[o++] = i + 1 < n ? CODES[(t >> 6) & 63]! : 61; // '='
    out[o++] = i + 2 < n ? CODES[t & 63]! : 61;
  }
  return ASCII.decode(out);
}

export function fromBase64(s: string): Uint8Array {
  if (s.length % 4 !== 0 || /[^A-Za-z0-9+/=]/.test(s)) throw new Error('invalid base64 data');
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const t =
      (LOOKUP[s.charCodeAt(i)]! << 18) |
      (LOOKUP[s.charCodeAt(i + 1)]! << 12) |
      (LOOKUP[s.charCodeAt(i + 2)]! << 6) |
      LOOKUP[s.charCodeAt(i + 3)]!;
    if (o < out.length) out[o++] = (t >> 16) & 255;
    if (o < out.length) out[o++] = (t >> 8) & 255;
    if (o < out.length) out[o++] = t & 255;
  }
  return out;
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Uint8Array) return { $bytes: toBase64(v) };
    if (v instanceof ArrayBuffer) return { $bytes: toBase64(new Uint8Array(v)) };
    if (ArrayBuffer.isView(v)) return { $bytes: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
    return v;
  });
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === '$bytes' && typeof (v as { $bytes: unknown }).$bytes === 'string') {
        return fromBase64((v as { $bytes: string }).$bytes);
      }
    }
    return v;
  });
}
