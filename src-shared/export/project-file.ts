/** Project ↔ `.loom.json` text (see src-shared/project/file.ts for the format and its validation). */
import { fileName } from '../compiler/sanitize';
import type { DataPrep } from '../data/spec';
import type { GraphDocument } from '../graph/document';
import { PROJECT_FORMAT, PROJECT_VERSION, serializeProject, type ProjectFile } from '../project/file';
import type { TrainingSettings } from '../train/settings';

export interface ProjectLike {
  name: string;
  document: GraphDocument;
  dataPrep: DataPrep | null;
  training: TrainingSettings;
}

/** The project file text. The data section keeps the preparation but not the local dataset id. */
export function projectFileText(p: ProjectLike): string {
  const file: ProjectFile = { format: PROJECT_FORMAT, version: PROJECT_VERSION, name: p.name, graph: p.document, training: p.training };
  if (p.dataPrep) {
    const { datasetId: _omit, ...data } = p.dataPrep;
    file.data = data as DataPrep;
  }
  return serializeProject(file);
}

/** `<name>.loom.json`, safe as a file name. */
export function projectFileName(name: string): string {
  return `${fileName(name, 'project')}.loom.json`;
}
