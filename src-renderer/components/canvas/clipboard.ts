/**
 * Copied layers as text: JSON with a marker and the graph document version, so a paste into another
 * project (or another Layerloom window) works, and garbage or a newer format is refused with a reason.
 */
import { DOCUMENT_VERSION, parseDocument, DocumentError, type Fragment, type GraphDocument } from '@shared/graph/index';

export const FRAGMENT_MARKER = 'layerloom/fragment';

export function serializeFragment(f: Fragment): string {
  return JSON.stringify({ type: FRAGMENT_MARKER, version: DOCUMENT_VERSION, nodes: f.nodes, edges: f.edges });
}

export type ParsedClip = { ok: true; fragment: Fragment } | { ok: false; reason: string };

/** Reads layers from clipboard text: a copied fragment, or a whole graph document (.loom.json model). */
export function parseClipboard(text: string): ParsedClip {
  const t = text.trim();
  if (t === '') return { ok: false, reason: 'The clipboard is empty: copy some layers first.' };
  let value: unknown;
  try {
    value = JSON.parse(t);
  } catch {
    return { ok: false, reason: `The clipboard does not hold Layerloom layers (it holds text that is not JSON: “${preview(t)}”). Nothing was pasted.` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'The clipboard does not hold Layerloom layers (expected a JSON object). Nothing was pasted.' };
  const v = value as { type?: unknown; version?: unknown; nodes?: unknown; edges?: unknown; settings?: unknown };
  const isFragment = v.type === FRAGMENT_MARKER;
  if (!isFragment && !('nodes' in v && 'version' in v))
    return { ok: false, reason: 'The clipboard holds JSON, but not Layerloom layers or a graph document (no "nodes"). Nothing was pasted.' };
  if (typeof v.version === 'number' && v.version > DOCUMENT_VERSION)
    return {
      ok: false,
      reason: `These layers come from a newer Layerloom (graph version ${v.version}; this one reads up to ${DOCUMENT_VERSION}). Update Layerloom to paste them. Nothing was pasted.`,
    };
  try {
    const doc: GraphDocument = parseDocument(
      isFragment ? { version: v.version, nodes: v.nodes, edges: v.edges ?? [], settings: { name: 'clipboard' } } : value,
    );
    if (doc.nodes.length === 0) return { ok: false, reason: 'The copied layers are empty. Nothing was pasted.' };
    return { ok: true, fragment: { nodes: doc.nodes, edges: doc.edges } };
  } catch (e) {
    const msg = e instanceof DocumentError ? e.message : String(e);
    return { ok: false, reason: `The copied layers could not be read. ${msg.replace(/^Invalid graph document/, 'Problems')}` };
  }
}

function preview(t: string): string {
  const one = t.replace(/\s+/g, ' ');
  return one.length > 40 ? `${one.slice(0, 40)}…` : one;
}
