import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { parseThemeChoice, resolveTheme, Theme, THEME_KEY, type DarkQuery } from './theme.svelte';
import { memoryStorage } from '../testing/fake-api';

function fakeQuery(initial: boolean): DarkQuery & { flip(v: boolean): void } {
  const listeners = new Set<() => void>();
  const q = {
    matches: initial,
    addEventListener: (_: 'change', l: () => void) => void listeners.add(l),
    removeEventListener: (_: 'change', l: () => void) => void listeners.delete(l),
    flip(v: boolean) {
      q.matches = v;
      for (const l of listeners) l();
    },
  };
  return q;
}

describe('theme choice', () => {
  it('reads back only the known choices; anything else follows the system', () => {
    expect(parseThemeChoice('dark')).toBe('dark');
    expect(parseThemeChoice('light')).toBe('light');
    expect(parseThemeChoice(null)).toBe('system');
    expect(parseThemeChoice('purple')).toBe('system');
  });

  it('resolves "system" from the system preference and keeps an explicit choice', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('remembers the choice and follows a live system switch while on "system"', () => {
    const storage = memoryStorage();
    const query = fakeQuery(false);
    const applied: string[] = [];
    const t = new Theme(storage, query, (r) => applied.push(r));
    expect(t.resolved).toBe('light');
    query.flip(true);
    flushSync();
    expect(t.resolved).toBe('dark');
    t.set('light');
    expect(t.resolved).toBe('light');
    expect(applied).toEqual(['light', 'dark', 'light']);
    expect(storage.items.get(THEME_KEY)).toBe('light');
    expect(new Theme(storage, query).choice).toBe('light');
    t.dispose();
  });
});
