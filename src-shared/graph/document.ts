/**
 * The graph document: a versioned JSON document (nodes, edges, model settings). `parseDocument` validates
 * and migrates older versions; it either returns a complete document or throws a DocumentError naming
 * what is wrong and where — never a half-loaded graph.
 */
import { z } from 'zod';
import { echo, name } from '../api/common';
import { getLayer, layerKinds } from '../layers/registry';
import { migrations } from './migrations';

/** 3: nodes store every param explicitly; 4: GRU resetAfter; 5: Embedding maskZero (see migrations.ts). */
export const DOCUMENT_VERSION = 5;

const id = z.string().min(1).max(200);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const nodeSchema = z
  .object({
    id,
    kind: z.string().min(1).max(100),
    label: name,
    params: z.record(z.string(), z.unknown()),
    position: z.object({ x: finite, y: finite }).strict(),
  })
  .strict();

export const edgeSchema = z
  .object({
    id,
    source: id,
    target: id,
    /** Input slot on merge layers (Concatenate/Add): inputs are ordered by port. */
    targetPort: z.number().int().min(0).max(1000).optional(),
  })
  .strict();

export const settingsSchema = z
  .object({
    /** Model name (used for the tfjs model and generated code). */
    name: name.default('model'),
    /** Node ids whose outputs are the model outputs; absent = every sink fed by an Input. */
    outputs: z.array(id).optional(),
  })
  .strict();

export const documentSchema = z
  .object({
    version: z.literal(DOCUMENT_VERSION),
    nodes: z.array(nodeSchema).max(100_000),
    edges: z.array(edgeSchema).max(400_000),
    settings: settingsSchema.default({ name: 'model' }),
  })
  .strict()
  .superRefine((doc, ctx) => {
    const ids = new Set<string>();
    doc.nodes.forEach((n, i) => {
      if (ids.has(n.id)) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'id'], message: `duplicate node id "${n.id}"` });
      ids.add(n.id);
      if (!getLayer(n.kind))
        ctx.addIssue({ code: 'custom', path: ['nodes', i, 'kind'], message: `unknown layer kind "${n.kind}" (known: ${layerKinds().join(', ')})` });
    });
    const edgeIds = new Set<string>();
    const pairs = new Set<string>();
    doc.edges.forEach((e, i) => {
      if (edgeIds.has(e.id)) ctx.addIssue({ code: 'custom', path: ['edges', i, 'id'], message: `duplicate edge id "${e.id}"` });
      edgeIds.add(e.id);
      if (!ids.has(e.source)) ctx.addIssue({ code: 'custom', path: ['edges', i, 'source'], message: `no node with id "${e.source}"` });
      if (!ids.has(e.target)) ctx.addIssue({ code: 'custom', path: ['edges', i, 'target'], message: `no node with id "${e.target}"` });
      const key = `${e.source}\u0000${e.target}\u0000${e.targetPort ?? ''}`;
      if (pairs.has(key)) ctx.addIssue({ code: 'custom', path: ['edges', i], message: `duplicate edge ${e.source} → ${e.target}` });
      pairs.add(key);
    });
    doc.settings.outputs?.forEach((o, i) => {
      if (!ids.has(o)) ctx.addIssue({ code: 'custom', path: ['settings', 'outputs', i], message: `no node with id "${o}"` });
    });
  });

export type GraphNode = z.infer<typeof nodeSchema>;
export type GraphEdge = z.infer<typeof edgeSchema>;
export type ModelSettings = z.infer<typeof settingsSchema>;
export type GraphDocument = z.infer<typeof documentSchema>;

export class DocumentError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'DocumentError';
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out || '(root)';
}

/** Zod issues → DocumentError with "where: what" lines. */
export function issuesError(what: string, error: z.ZodError, prefix = ''): DocumentError {
  const issues = error.issues.map((i) => ({ path: formatPath([...(prefix ? [prefix] : []), ...i.path]), message: i.message }));
  const shown = issues.slice(0, 8).map((i) => `  ${i.path}: ${i.message}`);
  if (issues.length > 8) shown.push(`  … and ${issues.length - 8} more`);
  return new DocumentError(`${what}:\n${shown.join('\n')}`, issues);
}

/** Parses (and migrates) an unknown value into a GraphDocument, or throws a DocumentError. */
export function parseDocument(input: unknown): GraphDocument {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new DocumentError('Invalid graph document: expected a JSON object with "version", "nodes" and "edges".');
  const v = (input as { version?: unknown }).version;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new DocumentError(`Invalid graph document: "version" must be a positive whole number, got ${v === undefined ? 'nothing' : echo(v)}.`);
  if (v > DOCUMENT_VERSION)
    throw new DocumentError(
      `This graph document has version ${v}, newer than this version of Layerloom understands (${DOCUMENT_VERSION}). Update Layerloom to open it.`,
    );
  let doc: unknown = input;
  for (let from = v; from < DOCUMENT_VERSION; from++) {
    const m = migrations[from];
    if (!m) throw new DocumentError(`No migration from graph document version ${from}.`);
    try {
      doc = m(doc);
    } catch (e) {
      throw new DocumentError(`Could not migrate the graph document from version ${from}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const r = documentSchema.safeParse(doc);
  if (!r.success) throw issuesError('Invalid graph document', r.error);
  return r.data;
}

/** Non-throwing variant. */
export function safeParseDocument(input: unknown): { ok: true; doc: GraphDocument } | { ok: false; error: DocumentError } {
  try {
    return { ok: true, doc: parseDocument(input) };
  } catch (e) {
    return { ok: false, error: e instanceof DocumentError ? e : new DocumentError(String(e)) };
  }
}

/** Canonical JSON text of a document (stable key order as built by the schema). */
export function serializeDocument(doc: GraphDocument): string {
  return JSON.stringify(doc, null, 2);
}

export function emptyDocument(name = 'model'): GraphDocument {
  return { version: DOCUMENT_VERSION, nodes: [], edges: [], settings: { name } };
}
