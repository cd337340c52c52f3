/** One entry point for exporting a trained run in any set of formats. tfjs is passed in. */
import type { GraphDocument } from '../graph/document';
import type { TfModule } from '../layers/types';
import { fileName } from '../compiler/sanitize';
import { EXPORT_FORMATS, type ExportFile, type ExportFormat } from './files';
import { generateKerasScript, type KerasInput } from './keras';
import type { ExportPreprocessing } from './preprocessing';
import { encodeModelWeights, restoreModel, tfjsExport, type StoredWeights } from './tfjs';
import { generateTsModule } from './ts-module';
import { studyFiles } from '../experiments/python-export';
import type { TrainingSettings } from '../train/settings';

export interface RunExportInput {
  graph: GraphDocument;
  /** The run's stored weights (any order the names or shapes identify). */
  weights: StoredWeights;
  pre: ExportPreprocessing;
  /** Project / run title for comments, READMEs and package names. */
  title: string;
  formats: readonly ExportFormat[];
  training?: KerasInput['training'];
  /** The project's experiments (specs as stored) and the run's settings: each becomes an Optuna study next to model.py. */
  experiments?: { specs: readonly { spec: unknown }[]; settings: TrainingSettings };
}

/** Folder per format inside an export. */
export const FORMAT_DIRS: Record<ExportFormat, string> = { tfjs: 'tfjs', ts: 'typescript', keras: 'keras' };

/**
 * Rebuilds the run's model with its weights and writes the requested formats, each in its folder
 * (`tfjs/`, `typescript/`, `keras/`). Throws ExportError when the weights do not fit the graph.
 */
export async function exportRun(tf: TfModule, input: RunExportInput): Promise<ExportFile[]> {
  const model = restoreModel(tf, input.graph, input.weights);
  try {
    const weights = await encodeModelWeights(tf, model);
    const files: ExportFile[] = [];
    const formats = EXPORT_FORMATS.filter((f) => input.formats.includes(f));
    for (const f of formats) {
      if (f === 'tfjs') files.push(...(await tfjsExport(tf, model, input.pre, FORMAT_DIRS.tfjs)));
      else if (f === 'ts')
        files.push(...generateTsModule({ graph: input.graph, weights, pre: input.pre, title: input.title, tfjsVersion: tf.version_core }, FORMAT_DIRS.ts));
      else {
        files.push(...generateKerasScript({ graph: input.graph, weights, pre: input.pre, title: input.title, training: input.training }, FORMAT_DIRS.keras));
        if (input.experiments) files.push(...studyFiles(input.experiments.specs, input.graph, input.experiments.settings, FORMAT_DIRS.keras));
      }
    }
    return files;
  } finally {
    model.dispose();
  }
}

/** `<title>-export.zip`, safe as a file name. */
export function exportArchiveName(title: string): string {
  return `${fileName(title, 'model')}-export.zip`;
}
