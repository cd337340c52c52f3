// Types for scripts/security-gate.mjs (imported by its unit test).
export interface Finding {
  check: string;
  file: string;
  line: number;
  column?: number;
  [extra: string]: unknown;
}
export interface Review {
  check: string;
  file: string;
  fingerprint: string;
  why?: string;
}
export type OpenFinding = Finding & { fingerprint: string | null; code: string };
export function flaggedCode(source: string, line: number, column?: number): string;
export function fingerprint(code: string): string;
export function openFindings(findings: readonly Finding[], reviewed: readonly Review[], readSource: (file: string) => string | null): OpenFinding[];
