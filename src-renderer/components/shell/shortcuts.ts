/** Every keyboard action in the app, as the shortcuts sheet (`?`) lists them. */
import { MAXIMISE_SHORTCUT } from '../panels/workspace-shortcut';

export interface ShortcutGroup {
  title: string;
  items: { keys: string; does: string }[];
}

export const SHORTCUTS: readonly ShortcutGroup[] = [
  {
    title: 'Build a model',
    items: [
      { keys: 'Enter (on a palette layer)', does: 'Add it after the selected layer, connected when the shapes allow, and select it' },
      { keys: 'Type in “Search layers”, Enter', does: 'Add the first match the same way' },
      { keys: 'Inspector → Input from', does: 'Connect or reconnect the selected layer' },
      { keys: 'Inspector → Replace with…', does: 'Swap GRU ↔ LSTM ↔ SimpleRNN or Dense ↔ TimeDistributed(Dense), keeping shared params' },
      { keys: 'Delete / Backspace', does: 'Delete the selection (a layer in a chain: offers to reconnect the gap)' },
      { keys: 'Ctrl+D', does: 'Duplicate the selection' },
      { keys: 'Ctrl+A', does: 'Select every layer' },
      { keys: 'Ctrl+C / Ctrl+X / Ctrl+V', does: 'Copy, cut, paste layers' },
      { keys: 'Ctrl+Z / Ctrl+Shift+Z (Ctrl+Y)', does: 'Undo / redo' },
    ],
  },
  {
    title: 'Workspace',
    items: [
      { keys: MAXIMISE_SHORTCUT, does: 'Maximise the Data / Training / Runs workspace, or restore it' },
      { keys: '↑ / ↓ on the workspace’s top edge', does: 'Make it taller or shorter (PageUp/PageDown: bigger steps; Home/End: limits; Enter: maximise)' },
      { keys: 'Tab / Shift+Tab', does: 'Move between controls; ←/→ switch tabs where a tab is focused' },
      { keys: '?', does: 'Show this sheet' },
      { keys: 'Esc', does: 'Close a dialog' },
    ],
  },
];
