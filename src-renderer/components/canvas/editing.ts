/**
 * Editing operations shared by the canvas, the palette, keyboard shortcuts and the app menu. Each one is
 * a graph command run through the editor (so it can be undone); refusals are shown as messages.
 */
import {
  addAfter,
  addNode,
  batch,
  bridgeFor,
  copyFragment,
  disconnect,
  freshLabel,
  freshNodeIds,
  moveNodes,
  pasteFragment,
  removeNodes,
  type Command,
  type Fragment,
} from '@shared/graph/index';
import { getLayer } from '@shared/layers/registry';
import type { AppAction } from '@shared/app/actions';
import type { Editor } from '../../lib/state/editor.svelte';
import type { Toasts } from '../../lib/state/toasts.svelte';
import { flowBridge } from './flow-bridge';
import { parseClipboard, serializeFragment } from './clipboard';
import { autoLayout, NODE_HEIGHT, NODE_WIDTH, snap } from './layout';
import { bridgeOffer } from './bridge-offer.svelte';

/** The state an edit works on (the app's, from context; a test's own). */
export interface EditScope {
  editor: Editor;
  toasts: Toasts;
}

function run({ editor, toasts }: EditScope, cmd: Command): boolean {
  const err = editor.execute(cmd);
  editor.seal();
  if (err) toasts.error(err);
  return err === null;
}

/** Adds a layer of `kind` with its default params; `at` is its top-left in flow coordinates (default: centre of the view). */
export function addLayer(s: EditScope, kind: string, at?: { x: number; y: number }): string | null {
  const { editor, toasts } = s;
  const def = getLayer(kind);
  if (!def) {
    toasts.error(`Unknown layer kind "${kind}".`);
    return null;
  }
  const doc = editor.doc;
  let pos = at;
  if (!pos) {
    const c = flowBridge.get()?.centre() ?? { x: 0, y: 0 };
    pos = { x: c.x - NODE_WIDTH / 2, y: c.y - NODE_HEIGHT / 2 };
    // Several adds at the centre: step down so they do not cover each other.
    while (doc.nodes.some((n) => Math.abs(n.position.x - snap(pos!.x)) < 8 && Math.abs(n.position.y - snap(pos!.y)) < 8))
      pos = { x: pos.x + 32, y: pos.y + 32 };
  }
  const id = freshNodeIds(doc)[0]!;
  const ok = run(s, addNode({ id, kind, label: freshLabel(doc, kind), params: {}, position: { x: snap(pos.x), y: snap(pos.y) } }));
  if (!ok) return null;
  editor.setSelection([id]);
  return id;
}

/**
 * Adds a layer of `kind` after the selected one (from the palette or the layer search with Enter): to its
 * right, connected from it when the shapes allow, and selected, so pressing Enter again continues the
 * chain. With nothing selected (or several layers), it lands at the centre of the view, unconnected.
 */
export function addLayerAfterSelection(s: EditScope, kind: string): string | null {
  const { editor, toasts } = s;
  const sel = editor.selection.length === 1 ? editor.doc.nodes.find((n) => n.id === editor.selection[0]) : undefined;
  if (!sel) return addLayer(s, kind);
  if (!getLayer(kind)) {
    toasts.error(`Unknown layer kind "${kind}".`);
    return null;
  }
  const doc = editor.doc;
  const size = flowBridge.get()?.nodeSize(sel.id) ?? { width: NODE_WIDTH, height: NODE_HEIGHT };
  let pos = { x: snap(sel.position.x + size.width + 64), y: snap(sel.position.y) };
  // Something already there (a branch): step down until the spot is free.
  while (doc.nodes.some((n) => Math.abs(n.position.x - pos.x) < NODE_WIDTH && Math.abs(n.position.y - pos.y) < NODE_HEIGHT))
    pos = { x: pos.x, y: pos.y + snap(NODE_HEIGHT + 32) };
  const id = freshNodeIds(doc)[0]!;
  const { command, reason } = addAfter(doc, sel.id, { id, kind, label: freshLabel(doc, kind), params: {}, position: pos });
  if (!run(s, command)) return null;
  editor.setSelection([id]);
  if (reason) toasts.show(`Added ${kind} without a connection: ${reason}`, 'info', 6000);
  flowBridge.get()?.reveal({ ...pos, width: NODE_WIDTH, height: NODE_HEIGHT });
  return id;
}

/** Deletes the selected layers and the selected connections (one undo step). A single layer in a chain: offers to reconnect the gap first. */
export function deleteSelection(s: EditScope): void {
  const { editor } = s;
  const nodes = editor.selection;
  if (nodes.length === 1 && (flowBridge.get()?.selectedEdges() ?? []).length === 0 && bridgeFor(editor.doc, nodes[0]!)) {
    bridgeOffer.nodeId = nodes[0]!;
    return;
  }
  const gone = new Set(nodes);
  const edges = (flowBridge.get()?.selectedEdges() ?? []).filter((id) => {
    const e = editor.doc.edges.find((x) => x.id === id);
    return e && !gone.has(e.source) && !gone.has(e.target);
  });
  const cmds: Command[] = [...edges.map((id) => disconnect(id)), ...(nodes.length ? [removeNodes(nodes)] : [])];
  if (cmds.length === 0) return;
  run(s, cmds.length === 1 ? cmds[0]! : batch('Delete', cmds));
}

// The last copied layers, for when the system clipboard cannot be read (no permission).
let memory: { text: string; fragment: Fragment } | null = null;
let pasteCount = 0;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
}

export async function copySelection(s: EditScope): Promise<boolean> {
  const { editor, toasts } = s;
  if (editor.selection.length === 0) {
    toasts.show('Select layers to copy first.');
    return false;
  }
  const fragment = copyFragment(editor.doc, editor.selection);
  const text = serializeFragment(fragment);
  memory = { text, fragment };
  pasteCount = 0;
  try {
    await withTimeout(navigator.clipboard.writeText(text), 1000);
  } catch {
    // The in-app copy still works (also across projects in this window).
  }
  toasts.show(`Copied ${fragment.nodes.length} layer${fragment.nodes.length === 1 ? '' : 's'}.`, 'info', 2000);
  return true;
}

export async function cutSelection(s: EditScope): Promise<void> {
  const { editor } = s;
  const ids = editor.selection;
  if (!(await copySelection(s))) return;
  pasteCount = -1; // a paste after a cut lands where the layers were
  run(s, removeNodes(ids));
}

/** Pastes layers from the clipboard (or the last copy in this window). Bad clipboard content changes nothing. */
export async function paste(s: EditScope, textOverride?: string): Promise<void> {
  const { editor, toasts } = s;
  let text: string | null = textOverride ?? null;
  if (text === null) {
    try {
      text = await withTimeout(navigator.clipboard.readText(), 1000);
    } catch {
      text = null;
    }
  }
  let fragment: Fragment;
  if ((text === null || text.trim() === '') && memory) fragment = memory.fragment;
  else if (text !== null && memory && text === memory.text) fragment = memory.fragment;
  else {
    const parsed = parseClipboard(text ?? '');
    if (!parsed.ok) {
      toasts.error(parsed.reason);
      return;
    }
    fragment = parsed.fragment;
  }
  pasteCount++;
  const cmd = pasteFragment(fragment, { x: 40 * pasteCount, y: 40 * pasteCount });
  if (run(s, cmd)) editor.setSelection(cmd.createdIds);
}

/** Duplicates the selected layers (with the connections between them) next to the originals. */
export function duplicateSelection(s: EditScope): void {
  const { editor } = s;
  if (editor.selection.length === 0) return;
  const cmd = pasteFragment(copyFragment(editor.doc, editor.selection), { x: 48, y: 48 });
  if (run(s, cmd)) editor.setSelection(cmd.createdIds);
}

export function selectAll(s: EditScope): void {
  const { editor } = s;
  editor.setSelection(editor.doc.nodes.map((n) => n.id));
}

/** Lays the model out left to right with dagre (one undo step), then fits the view. */
export function tidyLayout(s: EditScope): void {
  const { editor } = s;
  if (editor.doc.nodes.length === 0) return;
  const bridge = flowBridge.get();
  const positions = autoLayout(editor.doc, (id) => bridge?.nodeSize(id));
  if (run(s, moveNodes(positions))) setTimeout(() => flowBridge.get()?.fitView(), 0);
}

export type EditAction = AppAction | 'edit.duplicate' | 'view.layout';

const NATIVE_COMMANDS: Partial<Record<EditAction, string>> = {
  'edit.undo': 'undo',
  'edit.redo': 'redo',
  'edit.cut': 'cut',
  'edit.copy': 'copy',
  'edit.paste': 'paste',
  'edit.delete': 'delete',
  'edit.selectAll': 'selectAll',
};

/** Runs an edit.* or view.* action; returns false for actions it does not handle. */
export function runEditAction(s: EditScope, action: EditAction): boolean {
  const { editor } = s;
  // From the native menu while typing in a field: the field's own undo/copy/paste, not the graph's.
  const native = NATIVE_COMMANDS[action];
  if (native && isTextTarget(document.activeElement)) {
    document.execCommand(native);
    return true;
  }
  const bridge = flowBridge.get();
  switch (action) {
    case 'edit.undo':
      editor.undo();
      return true;
    case 'edit.redo':
      editor.redo();
      return true;
    case 'edit.copy':
      void copySelection(s);
      return true;
    case 'edit.cut':
      void cutSelection(s);
      return true;
    case 'edit.paste':
      void paste(s);
      return true;
    case 'edit.delete':
      deleteSelection(s);
      return true;
    case 'edit.selectAll':
      selectAll(s);
      return true;
    case 'edit.duplicate':
      duplicateSelection(s);
      return true;
    case 'view.fit':
      bridge?.fitView();
      return true;
    case 'view.zoomIn':
      bridge?.zoomIn();
      return true;
    case 'view.zoomOut':
      bridge?.zoomOut();
      return true;
    case 'view.layout':
      tidyLayout(s);
      return true;
    default:
      return false;
  }
}

/** True for elements where keys type text (shortcuts must leave them alone). */
export function isTextTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return true;
  if (t instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(t.type);
  return false;
}

/** The edit action for a key press on the app (not in a text field), or null. */
export function shortcutAction(e: KeyboardEvent): EditAction | null {
  if (isTextTarget(e.target)) return null;
  const mod = e.ctrlKey || e.metaKey;
  const k = e.key.toLowerCase();
  if (mod && !e.altKey) {
    if (k === 'z') return e.shiftKey ? 'edit.redo' : 'edit.undo';
    if (k === 'y' && !e.shiftKey) return 'edit.redo';
    if (e.shiftKey) return null;
    if (k === 'c') return 'edit.copy';
    if (k === 'x') return 'edit.cut';
    if (k === 'v') return 'edit.paste';
    if (k === 'd') return 'edit.duplicate';
    if (k === 'a') return 'edit.selectAll';
    return null;
  }
  if (!mod && !e.altKey && (e.key === 'Delete' || e.key === 'Backspace')) {
    // Not from inside a dialog or menu.
    if (e.target instanceof HTMLElement && e.target.closest('dialog, [role="menu"]')) return null;
    return 'edit.delete';
  }
  return null;
}
