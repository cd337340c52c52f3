/**
 * The few globals that exist in every place Layerloom's shared code runs (Node ≥ 20, browsers,
 * Web Workers). The shared tsconfig has no DOM and no Node types on purpose, so anything not declared
 * here — document, window, Buffer, fs, process — fails to compile in src-shared.
 */
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  readonly encoding: string;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare function setTimeout(handler: () => void, ms?: number): unknown;
declare function clearTimeout(id: unknown): void;
declare function queueMicrotask(cb: () => void): void;
declare const performance: { now(): number };
