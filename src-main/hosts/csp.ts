/**
 * The Content-Security-Policy for the renderer, shared by both hosts. No remote content: every source
 * is the app itself. 'wasm-unsafe-eval' lets the tfjs wasm backend compile its module; inline styles
 * are needed by the canvas library's positioning.
 */
export function contentSecurityPolicy(connectExtra: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${connectExtra.join(' ')}`.trim(),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
