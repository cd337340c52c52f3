import { describe, expect, it } from 'vitest';
import { FakeApi } from '../testing/fake-api';
import { project, uid, windowModel } from '../testing/fixtures';
import { Toasts } from './toasts.svelte';
import { Editor } from './editor.svelte';

describe('editor state: loading a project held in deep $state', () => {
  it('keeps a plain document that can be posted to the training worker (structured clone)', () => {
    const held = $state({ current: project({ id: uid(1), document: windowModel() }) });
    const editor = new Editor(new FakeApi(), new Toasts());
    editor.load(held.current);
    expect(() => structuredClone(editor.doc)).not.toThrow();
  });
});
