/**
 * The height of the Data / Training / Runs workspace under the canvas, and whether it is maximised (then
 * it takes the whole area under the top bar). Remembered per project in the app's key-value storage
 * (localStorage in the app), under `layerloom.workspace.<project id>`.
 */
import type { KeyValueStore } from './projects.svelte';

/** The workspace never gets smaller than its tab bar plus a few lines. */
export const WORKSPACE_MIN = 140;
/** The canvas above keeps at least this much when the workspace is not maximised. */
export const CANVAS_MIN = 160;
/** Until the user picks a height: this share of the area under the top bar, but at least WORKSPACE_DEFAULT px. */
export const WORKSPACE_DEFAULT = 260;
export const DEFAULT_SHARE = 0.38;
/** One arrow-key press; PageUp/PageDown move by a larger step. */
export const KEY_STEP = 24;
export const PAGE_STEP = 120;

const KEY_PREFIX = 'layerloom.workspace.';

interface Saved {
  height: number | null;
  maximised: boolean;
}

export class WorkspaceSize {
  /** The chosen height in px (clamped to the room there is whenever that is known); null until one is chosen. */
  height = $state<number | null>(null);
  maximised = $state(false);
  /** The height of the area under the top bar (canvas + workspace), measured by the layout. */
  available = $state(0);

  readonly #storage: KeyValueStore;
  #projectId: string | null = null;

  constructor(storage: KeyValueStore) {
    this.#storage = storage;
  }

  /** The largest height that still leaves the canvas its minimum. */
  get max(): number {
    return this.available > 0 ? Math.max(WORKSPACE_MIN, this.available - CANVAS_MIN) : Number.MAX_SAFE_INTEGER;
  }

  /** The height to lay out with: the chosen one clamped to the room there is. */
  get shown(): number {
    const h = this.height ?? Math.max(WORKSPACE_DEFAULT, Math.round(this.available * DEFAULT_SHARE));
    return clamp(h, WORKSPACE_MIN, this.max);
  }

  /** Reads the size remembered for a project (the default where none, or where the stored value is damaged). */
  load(projectId: string): void {
    this.#projectId = projectId;
    const saved = parse(this.#storage.getItem(KEY_PREFIX + projectId));
    this.height = saved?.height ?? null;
    this.maximised = saved?.maximised ?? false;
  }

  setHeight(px: number): void {
    if (!Number.isFinite(px)) return;
    this.height = Math.round(clamp(px, WORKSPACE_MIN, this.max));
    this.maximised = false;
    this.#save();
  }

  /** Arrow keys and PageUp/PageDown: grow (positive) or shrink by `delta` px from what is shown. */
  nudge(delta: number): void {
    this.setHeight(this.shown + delta);
  }

  toggleMaximised(): void {
    this.maximised = !this.maximised;
    this.#save();
  }

  /** The separator's keys (ARIA window-splitter pattern); returns false for keys it does not use. */
  key(key: string): boolean {
    switch (key) {
      case 'ArrowUp':
        this.nudge(KEY_STEP);
        return true;
      case 'ArrowDown':
        this.nudge(-KEY_STEP);
        return true;
      case 'PageUp':
        this.nudge(PAGE_STEP);
        return true;
      case 'PageDown':
        this.nudge(-PAGE_STEP);
        return true;
      case 'Home':
        this.setHeight(WORKSPACE_MIN);
        return true;
      case 'End':
        this.setHeight(this.max);
        return true;
      case 'Enter':
        this.toggleMaximised();
        return true;
      default:
        return false;
    }
  }

  #save(): void {
    if (!this.#projectId) return;
    const saved: Saved = { height: this.height, maximised: this.maximised };
    try {
      this.#storage.setItem(KEY_PREFIX + this.#projectId, JSON.stringify(saved));
    } catch {
      // Storage full or disabled: the size still applies for this session.
    }
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), Math.max(lo, hi));
}

function parse(text: string | null): Saved | null {
  if (!text) return null;
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null) return null;
    const { height, maximised } = v as Record<string, unknown>;
    const h = typeof height === 'number' && Number.isFinite(height) && height > 0 ? Math.max(WORKSPACE_MIN, Math.round(height)) : null;
    if (h === null && height !== null) return null;
    return { height: h, maximised: maximised === true };
  } catch {
    return null;
  }
}
