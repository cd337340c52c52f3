/** FNV-1a 64-bit over streamed bytes, in pure TS (two 32-bit halves). A cheap content fingerprint, not a security hash. */
export class Fnv1a64 {
  private hi = 0xcbf29ce4;
  private lo = 0x84222325;
  update(bytes: Uint8Array): this {
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0, n = bytes.length; i < n; i++) {
      lo ^= bytes[i]!;
      // (hi:lo) * 0x100000001b3 = (hi:lo) * 0x1b3 + (lo << 40)
      const a = (lo >>> 0) * 0x1b3;
      const carry = Math.floor(a / 0x100000000);
      hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
      lo = a >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
    return this;
  }
  /** 16 lowercase hex digits. */
  hex(): string {
    return (this.hi >>> 0).toString(16).padStart(8, '0') + (this.lo >>> 0).toString(16).padStart(8, '0');
  }
}

export function fnv1a64(bytes: Uint8Array): string {
  return new Fnv1a64().update(bytes).hex();
}
