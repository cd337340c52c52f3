/** `canConnect` for the canvas's isValidConnection: arity, duplicates, cycles and rank rules from the registry. */
import { getLayer } from '../layers/registry';
import { fmtShape, rankWord } from '../layers/shape';
import { analyze, describe, type Analysis } from './analyze';
import { wouldCycle } from './commands';
import type { GraphDocument } from './document';

export type ConnectCheck = { ok: true } | { ok: false; reason: string };

/**
 * Whether an edge source → target (port) may be drawn. Pass a cached `analysis` of `doc` when checking
 * many candidates during a drag.
 */
export function canConnect(doc: GraphDocument, source: string, target: string, targetPort?: number, analysis?: Analysis): ConnectCheck {
  try {
    const s = doc.nodes.find((n) => n.id === source);
    const t = doc.nodes.find((n) => n.id === target);
    if (!s || !t) return { ok: false, reason: 'That node no longer exists.' };
    const sd = getLayer(s.kind), td = getLayer(t.kind);
    if (!sd || !td) return { ok: false, reason: 'Unknown layer kind.' };
    if (s.id === t.id) return { ok: false, reason: 'A layer cannot feed itself.' };
    if (td.arity.max === 0) return { ok: false, reason: `${describe(t, td)} is an Input; it cannot receive connections.` };
    const existing = doc.edges.filter((e) => e.target === target);
    if (existing.some((e) => e.source === source && (td.arity.max === 1 || e.targetPort === targetPort)))
      return { ok: false, reason: `${describe(s, sd)} is already connected to ${describe(t, td)}.` };
    if (existing.length >= td.arity.max)
      return {
        ok: false,
        reason: `${describe(t, td)} takes one input and already has one. Remove that connection first, or merge the branches with a Concatenate or Add.`,
      };
    if (targetPort !== undefined && existing.some((e) => e.targetPort === targetPort))
      return { ok: false, reason: `Port ${targetPort} of ${describe(t, td)} is already connected.` };
    if (wouldCycle(doc, source, target)) return { ok: false, reason: `That would create a cycle: ${describe(t, td)} already feeds ${describe(s, sd)}.` };
    const shape = (analysis ?? analyze(doc)).nodes.get(source)?.outputShape;
    const rank = td.inputRank;
    if (shape && rank && (shape.length < rank.min || shape.length > rank.max)) {
      const want = rank.min === rank.max ? rankWord(rank.min) : `rank ${rank.min}–${rank.max}`;
      return { ok: false, reason: `${describe(t, td)} expects ${want}, but ${describe(s, sd)} outputs ${fmtShape(shape)}.` };
    }
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: `Cannot check this connection (${e instanceof Error ? e.message : String(e)}).` };
  }
}
