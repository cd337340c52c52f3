/** The shortcut that maximises the Data / Training / Runs workspace and restores it. */
export const MAXIMISE_SHORTCUT = 'Ctrl+Shift+M';

/** True for Ctrl+Shift+M (Cmd+Shift+M on macOS). */
export function isMaximiseShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): boolean {
  return (e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'm';
}
