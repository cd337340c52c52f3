/**
 * Terminal-safe text. Names, CSV headers, column names and error messages can come from hostile files;
 * printed raw, ESC sequences would clear the screen, retitle the window or hide text, and BEL rings.
 * Every line the CLI prints passes through `printable` (main() wraps the CLI's io with it).
 */

// C0 controls except tab and newline, DEL, C1 controls, and the bidirectional overrides/isolates
// (which can make printed text read differently from what it is).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_INLINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

// \uXXXX: readable, and still valid inside the JSON strings of --json output
const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * `text` with control characters shown as escapes (ESC → "\u001b", BEL → "\u0007"). Tab and newline stay
 * unless `inline` (for one value inside a line, e.g. a table cell or a quoted name).
 */
export function printable(text: string, inline = false): string {
  return text.replace(inline ? UNSAFE_INLINE : UNSAFE, escape);
}

/** The io with every line made printable. */
export function printableIO<T extends { out: (t: string) => void; err: (t: string) => void }>(io: T): T {
  return { ...io, out: (t: string) => io.out(printable(t)), err: (t: string) => io.err(printable(t)) };
}
