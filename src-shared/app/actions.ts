/**
 * App actions that both the native menu (desktop) and the UI's own toolbar/shortcuts invoke, so each
 * does the same thing from either place. The renderer registers one handler per id.
 */
export const APP_ACTIONS = [
  'project.new',
  'project.open',
  'data.importCsv',
  'project.export',
  'edit.undo',
  'edit.redo',
  'edit.cut',
  'edit.copy',
  'edit.paste',
  'edit.delete',
  'edit.selectAll',
  'view.zoomIn',
  'view.zoomOut',
  'view.fit',
  'view.togglePanels',
  'view.maximiseWorkspace',
  'help.about',
  'help.docs',
] as const;
export type AppAction = (typeof APP_ACTIONS)[number];

export const isAppAction = (x: unknown): x is AppAction => typeof x === 'string' && (APP_ACTIONS as readonly string[]).includes(x);
