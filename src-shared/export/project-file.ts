/**
 * Project ↔ `.loom.json` text (src-shared/project/file.ts has the format and its validation), optionally
 * with the dataset embedded: `dataset: { meta, blobs }`, meta as `serializeDataset` writes it and one
 * base64 string per column blob.
 */
import { datasetMetaSchema, MAX_DATASET_COLUMNS } from '../api/datasets';
import { capMessage, echoPath } from '../api/common';
import { fromBase64, toBase64 } from '../api/wire';
import { fileName } from '../compiler/sanitize';
import type { DatasetMeta } from '../data/dataset';
import type { DataPrep } from '../data/spec';
import type { GraphDocument } from '../graph/document';
import { parseProjectText, PROJECT_FORMAT, PROJECT_VERSION, ProjectFileError, serializeProject, type ProjectFile } from '../project/file';
import type { TrainingSettings } from '../train/settings';

export interface ProjectLike {
  name: string;
  document: GraphDocument;
  dataPrep: DataPrep | null;
  training: TrainingSettings;
}

export interface EmbeddedDataset {
  meta: DatasetMeta;
  blobs: Uint8Array[];
}

/** The project file text. The data section keeps the preparation but not the local dataset id. */
export function projectFileText(p: ProjectLike, dataset?: EmbeddedDataset): string {
  const file: ProjectFile & { dataset?: { meta: DatasetMeta; blobs: string[] } } = {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name: p.name,
    graph: p.document,
    training: p.training,
  };
  if (p.dataPrep) {
    const { datasetId: _omit, ...data } = p.dataPrep;
    file.data = data as DataPrep;
  }
  if (dataset) file.dataset = { meta: dataset.meta, blobs: dataset.blobs.map(toBase64) };
  return serializeProject(file);
}

/**
 * Parses a project file and its embedded dataset, if any. Throws ProjectFileError naming what is wrong;
 * the blob sizes against the meta are checked by the service that stores them.
 */
export function parseProjectFile(text: string, source = 'project file'): { file: ProjectFile; dataset: EmbeddedDataset | null } {
  const file = parseProjectText(text, source);
  const raw = (JSON.parse(text) as { dataset?: unknown }).dataset;
  if (raw === undefined) return { file, dataset: null };
  const o = raw as { meta?: unknown; blobs?: unknown };
  if (typeof raw !== 'object' || raw === null || !Array.isArray(o.blobs))
    throw new ProjectFileError(`${source} has an invalid dataset section: expected { meta, blobs: [base64…] }.`);
  const meta = datasetMetaSchema.safeParse(o.meta);
  if (!meta.success)
    throw new ProjectFileError(
      `${source} has an invalid dataset section:\n${meta.error.issues
        .slice(0, 8)
        .map((i) => `  ${echoPath(['dataset', 'meta', ...i.path])}: ${capMessage(i.message, 300)}`)
        .join('\n')}`,
    );
  if (o.blobs.length !== meta.data.columns.length || o.blobs.length > MAX_DATASET_COLUMNS)
    throw new ProjectFileError(`${source} has an invalid dataset section: ${o.blobs.length} column blobs for ${meta.data.columns.length} columns.`);
  const blobs = o.blobs.map((b, i) => {
    if (typeof b !== 'string') throw new ProjectFileError(`${source}: dataset.blobs[${i}] is not a base64 string.`);
    try {
      return fromBase64(b);
    } catch {
      throw new ProjectFileError(`${source}: dataset.blobs[${i}] is not valid base64.`);
    }
  });
  return { file, dataset: { meta: meta.data as DatasetMeta, blobs } };
}

/** `<name>.loom.json`, safe as a file name. */
export function projectFileName(name: string): string {
  return `${fileName(name, 'project')}.loom.json`;
}
