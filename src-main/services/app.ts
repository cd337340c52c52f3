import type { Handlers } from '../../src-shared/api/dispatch';
import type { ServiceDeps } from './deps';

export function appHandlers(deps: ServiceDeps): Pick<Handlers, 'app.info'> {
  return {
    'app.info': () => ({
      name: 'Layerloom',
      version: deps.version,
      host: deps.host,
      dataDir: deps.dataDir,
      databaseFile: deps.store.file,
    }),
  };
}
