/** All handlers, one object keyed by contract method. TypeScript checks that none is missing. */
import type { Handlers } from '../../src-shared/api/dispatch';
import type { ServiceDeps } from './deps';
import { appHandlers } from './app';
import { projectHandlers } from './projects';
import { datasetHandlers } from './datasets';
import { runHandlers } from './runs';
import { runAnalysisHandlers } from './run-analysis';
import { exportHandlers } from './exports';
import { experimentHandlers } from './experiments';

export type { ServiceDeps } from './deps';

export function createHandlers(deps: ServiceDeps): Handlers {
  return {
    ...appHandlers(deps),
    ...projectHandlers(deps),
    ...datasetHandlers(deps),
    ...runHandlers(deps),
    ...runAnalysisHandlers(deps),
    ...exportHandlers(deps),
    ...experimentHandlers(deps),
  };
}
