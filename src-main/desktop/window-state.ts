/** Remembers the window's size and position in the settings table. */
import type { BrowserWindow, Rectangle } from 'electron';
import { screen } from 'electron';
import type { Store } from '../store/store';

const KEY = 'window.bounds';

export function loadBounds(store: Store): Partial<Rectangle> & { maximized?: boolean } {
  const row = store.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(KEY);
  if (!row) return { width: 1360, height: 860 };
  try {
    const b = JSON.parse(row.value) as Rectangle & { maximized?: boolean };
    const visible = screen.getAllDisplays().some((d) => {
      const a = d.workArea;
      return b.x < a.x + a.width && b.x + b.width > a.x && b.y < a.y + a.height && b.y + b.height > a.y;
    });
    return visible ? b : { width: b.width, height: b.height };
  } catch {
    return { width: 1360, height: 860 };
  }
}

export function trackBounds(win: BrowserWindow, store: Store): void {
  let timer: NodeJS.Timeout | undefined;
  const save = (): void => {
    if (win.isDestroyed()) return;
    const value = JSON.stringify({ ...win.getNormalBounds(), maximized: win.isMaximized() });
    store.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(KEY, value);
  };
  const later = (): void => {
    clearTimeout(timer);
    timer = setTimeout(save, 400);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', () => {
    clearTimeout(timer);
    save();
  });
}
