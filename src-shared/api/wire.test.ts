import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeWire, encodeWire, fromBase64, toBase64 } from './wire';

describe('wire codec', () => {
  it('round-trips bytes inside JSON', () => {
    const value = { a: 1, cols: [new Uint8Array([0, 1, 2, 255]), new Uint8Array()], s: 'x' };
    expect(decodeWire(encodeWire(value))).toEqual(value);
  });
  it('base64 matches Node’s encoder for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const b64 = toBase64(bytes);
        expect(b64).toBe(Buffer.from(bytes).toString('base64'));
        expect(fromBase64(b64)).toEqual(bytes);
      }),
    );
  });
  it('rejects malformed base64', () => {
    expect(() => fromBase64('abc')).toThrow();
    expect(() => fromBase64('ab!=')).toThrow();
  });
});
