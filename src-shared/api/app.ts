/** App-level methods: version, where data lives, host kind. */
import { method } from './define';
import { noArgs } from './common';

export interface AppInfo {
  name: 'Layerloom';
  version: string;
  host: 'desktop' | 'web';
  dataDir: string;
  databaseFile: string;
}

export const appMethods = {
  'app.info': method<AppInfo>()(noArgs, 'Version, host kind and data location'),
} as const;
