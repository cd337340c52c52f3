/** An exported file: a relative path inside the export folder and its bytes. */
export interface ExportFile {
  path: string;
  bytes: Uint8Array;
}

export type ExportFormat = 'tfjs' | 'ts' | 'keras';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['tfjs', 'ts', 'keras'];

/** The one weights shard every export writes (tfjs naming: group1-shard1of1.bin). */
export const WEIGHTS_FILE = 'group1-shard1of1.bin';

export function textFile(path: string, text: string): ExportFile {
  return { path, bytes: new TextEncoder().encode(text) };
}

export function jsonFile(path: string, value: unknown): ExportFile {
  return textFile(path, JSON.stringify(value, null, 2) + '\n');
}
