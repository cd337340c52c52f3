/**
 * The `.loom.json` project file: `{ format: "layerloom-project", version, name, graph, training, data? }`.
 * Documented in docs/project-format.md. Parsing validates every section (the graph through its own
 * versioned parser) and throws a ProjectFileError naming what is wrong and where.
 */
import { z } from 'zod';
import { capMessage, echo, echoPath, MAX_NESTING, name, textNestingExceeds } from '../api/common';
import { dataPrepSchema, type DataPrep } from '../data/spec';
import { DocumentError, parseDocument, type GraphDocument } from '../graph/document';
import type { Template } from '../templates/types';
import { trainingSettingsSchema, type TrainingSettings } from '../train/settings';

export const PROJECT_FORMAT = 'layerloom-project';
export const PROJECT_VERSION = 1;

export interface ProjectFile {
  format: typeof PROJECT_FORMAT;
  version: number;
  name: string;
  graph: GraphDocument;
  training: TrainingSettings;
  data?: DataPrep;
}

export class ProjectFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectFileError';
  }
}

const envelope = z
  .object({
    format: z.literal(PROJECT_FORMAT),
    version: z.number().int().min(1),
    name,
    graph: z.unknown(),
    training: z.unknown().optional(),
    data: z.unknown().optional(),
    /** Embedded dataset ({ meta, blobs: base64[] }); validated by src-shared/export/project-file.ts on import. */
    dataset: z.unknown().optional(),
  })
  .strict();

function zodMessage(where: string, error: z.ZodError, prefix: string): string {
  const lines = error.issues.slice(0, 8).map((i) => `  ${echoPath([prefix, ...i.path].filter((p) => p !== ''))}: ${capMessage(i.message, 300)}`);
  if (error.issues.length > 8) lines.push(`  … and ${error.issues.length - 8} more`);
  return `${where}:\n${lines.join('\n')}`;
}

/** Parses the text of a `.loom.json` file. `source` (a file name) prefixes the messages. */
export function parseProjectText(text: string, source = 'project file'): ProjectFile {
  // before parsing: deeply nested text would overflow the stack of the recursive code that follows
  if (textNestingExceeds(text))
    throw new ProjectFileError(`${source} is nested more than ${MAX_NESTING} levels deep; a Layerloom project file never is. It is damaged or not a project file.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ProjectFileError(`${source} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return parseProject(json, source);
}

export function parseProject(json: unknown, source = 'project file'): ProjectFile {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new ProjectFileError(`${source} is not a Layerloom project: expected a JSON object with "format": "${PROJECT_FORMAT}".`);
  const o = json as Record<string, unknown>;
  if (o.format !== PROJECT_FORMAT)
    throw new ProjectFileError(`${source} is not a Layerloom project: "format" is ${o.format === undefined ? 'missing' : echo(o.format)}, expected "${PROJECT_FORMAT}".`);
  if (typeof o.version === 'number' && o.version > PROJECT_VERSION)
    throw new ProjectFileError(
      `${source} has project format version ${echo(o.version)}, newer than this Layerloom understands (${PROJECT_VERSION}). Update Layerloom to open it.`,
    );
  const env = envelope.safeParse(json);
  if (!env.success) throw new ProjectFileError(zodMessage(`${source} is invalid`, env.error, ''));
  let graph: GraphDocument;
  try {
    graph = parseDocument(env.data.graph);
  } catch (e) {
    if (e instanceof DocumentError) {
      const lines = e.issues.length ? e.issues.slice(0, 8).map((i) => `  graph.${String(i.path).slice(0, 200)}: ${capMessage(i.message, 300)}`).join('\n') : `  graph: ${e.message}`;
      throw new ProjectFileError(`${source} has an invalid graph:\n${lines}`);
    }
    throw e;
  }
  const tr = trainingSettingsSchema.safeParse(env.data.training ?? {});
  if (!tr.success) throw new ProjectFileError(zodMessage(`${source} has invalid training settings`, tr.error, 'training'));
  let data: DataPrep | undefined;
  if (env.data.data !== undefined) {
    const d = dataPrepSchema.safeParse(env.data.data);
    if (!d.success) throw new ProjectFileError(zodMessage(`${source} has an invalid data section`, d.error, 'data'));
    data = d.data;
  }
  return { format: PROJECT_FORMAT, version: PROJECT_VERSION, name: env.data.name, graph, training: tr.data, ...(data ? { data } : {}) };
}

export function serializeProject(p: ProjectFile): string {
  return JSON.stringify(p, null, 2) + '\n';
}

export function projectFromTemplate(t: Template, name: string = t.name): ProjectFile {
  return { format: PROJECT_FORMAT, version: PROJECT_VERSION, name, graph: t.graph(), training: JSON.parse(JSON.stringify(t.training)) as TrainingSettings };
}
