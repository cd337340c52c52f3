/** The native menu. Items send app actions to the window, which runs the same code as its own buttons. */
import { Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { AppAction } from '../../src-shared/app/actions';

export function buildMenu(getWindow: () => BrowserWindow | null, docsUrl: string): Menu {
  const send = (action: AppAction) => () => getWindow()?.webContents.send('layerloom:menu', action);
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Project', accelerator: 'CmdOrCtrl+N', click: send('project.new') },
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: send('project.open') },
        { label: 'Import CSV…', accelerator: 'CmdOrCtrl+I', click: send('data.importCsv') },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: send('project.export') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: send('edit.undo') },
        { label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z', click: send('edit.redo') },
        { type: 'separator' },
        { label: 'Cut', accelerator: 'CmdOrCtrl+X', click: send('edit.cut') },
        { label: 'Copy', accelerator: 'CmdOrCtrl+C', click: send('edit.copy') },
        { label: 'Paste', accelerator: 'CmdOrCtrl+V', click: send('edit.paste') },
        { label: 'Delete', click: send('edit.delete') },
        { label: 'Select All', accelerator: 'CmdOrCtrl+A', click: send('edit.selectAll') },
      ],
    },
    {
      label: 'View',
      submenu: [
        { label: 'Zoom In', accelerator: 'CmdOrCtrl+=', click: send('view.zoomIn') },
        { label: 'Zoom Out', accelerator: 'CmdOrCtrl+-', click: send('view.zoomOut') },
        { label: 'Fit View', accelerator: 'CmdOrCtrl+0', click: send('view.fit') },
        { label: 'Toggle Panels', accelerator: 'CmdOrCtrl+B', click: send('view.togglePanels') },
        { label: 'Maximise Workspace', accelerator: 'CmdOrCtrl+Shift+M', click: send('view.maximiseWorkspace') },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Help',
      submenu: [
        { label: 'About Layerloom', click: send('help.about') },
        { label: 'Documentation', click: () => void shell.openExternal(docsUrl) },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
