/**
 * The app's colour theme: the user's choice (system / light / dark), remembered in the app's key-value
 * storage under `layerloom.theme`, and the theme in effect, written to `<html data-theme="light|dark">`
 * (theme.css keys its dark palette on that attribute). Components that paint with colours read from CSS
 * (charts, the canvas) depend on `resolved` and repaint when it changes. Created once with the app's state
(lib/context.ts) and read with `getTheme()`.
 */
import type { KeyValueStore } from '../state/projects.svelte';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type ResolvedTheme = 'light' | 'dark';
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
export const THEME_KEY = 'layerloom.theme';

/** A stored value read back; anything unknown (or nothing) means "follow the system". */
export function parseThemeChoice(raw: string | null | undefined): ThemeChoice {
  return raw === 'light' || raw === 'dark' ? raw : 'system';
}

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): ResolvedTheme {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

/** The smallest slice of `matchMedia('(prefers-color-scheme: dark)')` the theme needs. */
export interface DarkQuery {
  readonly matches: boolean;
  addEventListener(type: 'change', listener: () => void): void;
  removeEventListener(type: 'change', listener: () => void): void;
}

export class Theme {
  choice = $state<ThemeChoice>('system');
  #systemDark = $state(false);
  readonly resolved: ResolvedTheme = $derived(resolveTheme(this.choice, this.#systemDark));

  readonly #storage: KeyValueStore;
  readonly #query: DarkQuery | null;
  readonly #apply: (resolved: ResolvedTheme) => void;
  readonly #onSystem = (): void => {
    this.#systemDark = this.#query?.matches ?? false;
    this.#apply(this.resolved);
  };

  /**
   * `apply` writes the theme in effect where CSS sees it; it runs at once and on every change, before any
   * component re-reads colours (so a chart repainting on `resolved` reads the new palette).
   */
  constructor(storage: KeyValueStore, query: DarkQuery | null, apply: (resolved: ResolvedTheme) => void = () => {}) {
    this.#storage = storage;
    this.#query = query;
    this.#apply = apply;
    this.choice = parseThemeChoice(storage.getItem(THEME_KEY));
    this.#systemDark = query?.matches ?? false;
    query?.addEventListener('change', this.#onSystem);
    apply(this.resolved);
  }

  set(choice: ThemeChoice): void {
    this.choice = choice;
    this.#storage.setItem(THEME_KEY, choice);
    this.#apply(this.resolved);
  }

  dispose(): void {
    this.#query?.removeEventListener('change', this.#onSystem);
  }
}
