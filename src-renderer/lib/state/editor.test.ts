import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@shared/api/errors';
import { addNode, emptyDocument, type GraphDocument } from '@shared/graph/index';
import { FakeApi, fakeProjectStore } from '../testing/fake-api';
import { project, uid, windowModel } from '../testing/fixtures';
import { Toasts } from './toasts.svelte';
import { Editor } from './editor.svelte';

const ID = uid(1);
const dense = (id: string) => addNode({ id, kind: 'Dense', label: id, params: {}, position: { x: 0, y: 0 } });

function setup() {
  const api = new FakeApi();
  const store = fakeProjectStore(api, [project({ id: ID, document: windowModel() })]);
  const toasts = new Toasts();
  const editor = new Editor(api, toasts);
  editor.load(store.get(ID)!);
  return { api, store, toasts, editor };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('editor state', () => {
  it('loads a project’s model, nothing to undo, saved', () => {
    const { editor } = setup();
    expect(editor.projectId).toBe(ID);
    expect(editor.doc.nodes.map((n) => n.kind)).toEqual(['Input', 'Flatten', 'Dense']);
    expect([editor.canUndo, editor.canRedo, editor.saveState, editor.dirty]).toEqual([false, false, 'saved', false]);
  });

  it('an edit changes the model and its analysis; undo and redo are exact', () => {
    const { editor } = setup();
    const before: GraphDocument = editor.doc;
    expect(editor.execute(dense('extra'))).toBeNull();
    expect(editor.doc.nodes).toHaveLength(4);
    expect(editor.analysis.nodes.has('extra')).toBe(true);
    expect([editor.canUndo, editor.canRedo, editor.saveState]).toEqual([true, false, 'unsaved']);
    editor.undo();
    expect(editor.doc).toEqual(before);
    expect([editor.canUndo, editor.canRedo]).toEqual([false, true]);
    editor.redo();
    expect(editor.doc.nodes.map((n) => n.id)).toContain('extra');
    expect([editor.canUndo, editor.canRedo]).toEqual([true, false]);
  });

  it('a refused command leaves the model unchanged and says why', () => {
    const { editor } = setup();
    const before = editor.doc;
    const id = before.nodes[0]!.id;
    expect(editor.execute(dense(id))).toMatch(new RegExp(id));
    expect(editor.doc).toBe(before);
    expect(editor.saveState).toBe('saved');
  });

  it('autosaves a pause after the last edit through projects.save, the save state visible throughout', async () => {
    const { editor, api, store } = setup();
    // The store answers once the test opens the gate, so the "saving" state can be seen.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const save = () => api.callsTo('projects.save');
    api.handle('projects.save', async (args) => {
      await gate;
      const p = { ...store.get(args.id)!, document: args.document ?? store.get(args.id)!.document };
      store.set(args.id, p);
      return { id: p.id, name: p.name, createdAt: p.createdAt, updatedAt: p.updatedAt };
    });
    editor.execute(dense('a1'));
    editor.execute(dense('a2'));
    await vi.advanceTimersByTimeAsync(599);
    expect(save()).toHaveLength(0); // still typing
    expect(editor.saveState).toBe('unsaved');
    await vi.advanceTimersByTimeAsync(1);
    expect(save()).toHaveLength(1);
    expect(editor.saveState).toBe('saving');
    expect(editor.dirty).toBe(true);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(editor.saveState).toBe('saved');
    expect(editor.dirty).toBe(false);
    const sent = save()[0]!;
    expect(sent.id).toBe(ID);
    expect((sent.document as GraphDocument).nodes.map((n) => n.id)).toEqual(editor.doc.nodes.map((n) => n.id));
    expect((store.get(ID)!.document as GraphDocument).nodes).toHaveLength(5);
  });

  it('a failed save is shown once and retried until it succeeds; the model is kept', async () => {
    const { editor, api, toasts } = setup();
    let fail = true;
    api.handle('projects.save', ({ id }) => {
      if (fail) throw new ApiError('internal', 'disk full.');
      return { id, name: 'One', createdAt: '', updatedAt: '' };
    });
    editor.execute(dense('a1'));
    await vi.advanceTimersByTimeAsync(600);
    expect(editor.saveState).toBe('error');
    expect(editor.saveError).toBe('disk full.');
    expect(toasts.items.filter((t) => t.kind === 'error').map((t) => t.text)).toEqual([
      'Not saved: disk full. Your model is kept here; saving is retried every few seconds.',
    ]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(api.callsTo('projects.save')).toHaveLength(2);
    expect(toasts.items.filter((t) => t.kind === 'error')).toHaveLength(1); // not repeated
    fail = false;
    await vi.advanceTimersByTimeAsync(5000);
    expect(editor.saveState).toBe('saved');
    expect(editor.saveError).toBe('');
    expect(editor.doc.nodes.map((n) => n.id)).toContain('a1');
  });

  it('selection and viewport are saved as the view, without the document', async () => {
    const { editor, api } = setup();
    editor.setSelection([editor.doc.nodes[0]!.id]);
    editor.setViewport({ x: 1, y: 2, zoom: 1.5 });
    await vi.advanceTimersByTimeAsync(600);
    expect(api.callsTo('projects.save')).toEqual([{ id: ID, view: { selection: [editor.doc.nodes[0]!.id], viewport: { x: 1, y: 2, zoom: 1.5 } } }]);
    expect(editor.saveState).toBe('saved');
  });

  it('a stored model that cannot be read is reported, and an empty one shown', () => {
    const { editor, toasts } = setup();
    editor.load(project({ id: uid(2), name: 'Broken', document: { version: 'x' } }));
    expect(editor.doc).toEqual(emptyDocument('Broken'));
    expect(toasts.items[0]?.text).toMatch(/^This project's model could not be read: /);
  });
});
