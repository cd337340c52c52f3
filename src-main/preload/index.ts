/**
 * The sandboxed preload. It exposes exactly the contract's methods (one function each), the contract's
 * events and the menu actions — nothing else of Electron or Node reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { METHOD_NAMES } from '../../src-shared/api/contract';
import { EVENT_NAMES } from '../../src-shared/api/events';
import { isAppAction } from '../../src-shared/app/actions';

const methods: Record<string, (args: unknown) => Promise<unknown>> = {};
for (const m of METHOD_NAMES) methods[m] = (args: unknown) => ipcRenderer.invoke('layerloom:api', m, args);

contextBridge.exposeInMainWorld('layerloom', {
  methods,
  on(event: string, handler: (payload: unknown) => void): () => void {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`Unknown event ${event}`);
    const listener = (_e: IpcRendererEvent, msg: { event: string; payload: unknown }) => {
      if (msg.event === event) handler(msg.payload);
    };
    ipcRenderer.on('layerloom:event', listener);
    return () => ipcRenderer.removeListener('layerloom:event', listener);
  },
  onMenuAction(handler: (action: string) => void): () => void {
    const listener = (_e: IpcRendererEvent, action: unknown) => {
      if (isAppAction(action)) handler(action);
    };
    ipcRenderer.on('layerloom:menu', listener);
    return () => ipcRenderer.removeListener('layerloom:menu', listener);
  },
});
