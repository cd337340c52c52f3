import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../testing/fake-api';
import { CANVAS_MIN, DEFAULT_SHARE, KEY_STEP, PAGE_STEP, WORKSPACE_DEFAULT as FLOOR, WORKSPACE_MIN, WorkspaceSize } from './workspace-size.svelte';

function setup(available = 800) {
  const storage = memoryStorage();
  const ws = new WorkspaceSize(storage);
  ws.available = available;
  return { storage, ws };
}

const WORKSPACE_DEFAULT = Math.max(FLOOR, Math.round(800 * DEFAULT_SHARE));

describe('workspace size', () => {
  it('starts at a share of the room under the top bar, not maximised, until a height is chosen', () => {
    const { ws } = setup();
    ws.load('p1');
    expect(ws.shown).toBe(WORKSPACE_DEFAULT);
    expect(ws.maximised).toBe(false);
    ws.available = 1400;
    expect(ws.shown).toBe(Math.round(1400 * DEFAULT_SHARE));
    ws.available = 600;
    expect(ws.shown).toBe(FLOOR);
  });

  it('never leaves the canvas less than its minimum, nor shrinks below its own', () => {
    const { ws } = setup(800);
    ws.load('p1');
    ws.setHeight(5000);
    expect(ws.shown).toBe(800 - CANVAS_MIN);
    ws.setHeight(3);
    expect(ws.shown).toBe(WORKSPACE_MIN);
    ws.setHeight(Number.NaN);
    expect(ws.shown).toBe(WORKSPACE_MIN);
  });

  it('a chosen height that no longer fits a smaller window is shown clamped, and comes back when it fits', () => {
    const { ws } = setup(1200);
    ws.load('p1');
    ws.setHeight(900);
    ws.available = 600;
    expect(ws.shown).toBe(600 - CANVAS_MIN);
    ws.available = 1200;
    expect(ws.shown).toBe(900);
  });

  it('moves with the separator keys: arrows, pages, Home/End, Enter maximises', () => {
    const { ws } = setup(800);
    ws.load('p1');
    expect(ws.key('ArrowUp')).toBe(true);
    expect(ws.shown).toBe(WORKSPACE_DEFAULT + KEY_STEP);
    ws.key('ArrowDown');
    ws.key('ArrowDown');
    expect(ws.shown).toBe(WORKSPACE_DEFAULT - KEY_STEP);
    ws.key('PageUp');
    expect(ws.shown).toBe(WORKSPACE_DEFAULT - KEY_STEP + PAGE_STEP);
    ws.key('Home');
    expect(ws.shown).toBe(WORKSPACE_MIN);
    ws.key('End');
    expect(ws.shown).toBe(800 - CANVAS_MIN);
    ws.key('Enter');
    expect(ws.maximised).toBe(true);
    expect(ws.key('a')).toBe(false);
  });

  it('resizing a maximised workspace restores it to that size', () => {
    const { ws } = setup();
    ws.load('p1');
    ws.toggleMaximised();
    ws.nudge(KEY_STEP);
    expect(ws.maximised).toBe(false);
    expect(ws.shown).toBe(WORKSPACE_DEFAULT + KEY_STEP);
  });

  it('remembers the size and maximised state per project', () => {
    const { ws, storage } = setup();
    ws.load('p1');
    ws.setHeight(420);
    ws.load('p2');
    expect(ws.shown).toBe(WORKSPACE_DEFAULT);
    ws.toggleMaximised();
    const again = new WorkspaceSize(storage);
    again.available = 800;
    again.load('p1');
    expect(again.shown).toBe(420);
    expect(again.maximised).toBe(false);
    again.load('p2');
    expect(again.maximised).toBe(true);
  });

  it('ignores a damaged stored value', () => {
    const { ws, storage } = setup();
    storage.setItem('layerloom.workspace.p1', '{"height":"tall"}');
    storage.setItem('layerloom.workspace.p2', 'not json');
    ws.load('p1');
    expect(ws.shown).toBe(WORKSPACE_DEFAULT);
    ws.load('p2');
    expect(ws.shown).toBe(WORKSPACE_DEFAULT);
  });
});
