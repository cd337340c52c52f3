/** `test` with an `app` fixture: a running Layerloom (Electron or web host + Chromium) per test. */
import { test as base, expect } from '@playwright/test';
import { launch, type Launched } from './launch';

export const test = base.extend<{ app: Launched }>({
  app: async ({}, use) => {
    let current = await launch();
    const handle: Launched = {
      get page() {
        return current.page;
      },
      get mode() {
        return current.mode;
      },
      get dataDir() {
        return current.dataDir;
      },
      get url() {
        return current.url;
      },
      get token() {
        return current.token;
      },
      close: () => current.close(),
      restart: async () => {
        current = await current.restart();
        return handle;
      },
    } as Launched;
    await use(handle);
    await current.close();
  },
});

export { expect };
