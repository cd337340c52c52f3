/**
 * The one API contract between the UI and the services. Add a method to an area file first,
 * then its handler in src-main/services; both transports (Electron IPC, loopback HTTP) and the
 * UI client are derived from this object.
 */
import type { MethodArgs, MethodResult, ParsedArgs } from './define';
import { appMethods } from './app';
import { projectMethods } from './projects';
import { datasetMethods } from './datasets';
import { runMethods } from './runs';
import { runAnalysisMethods } from './run-analysis';
import { exportMethods } from './exports';
import { experimentMethods } from './experiments';

export const contract = {
  ...appMethods,
  ...projectMethods,
  ...datasetMethods,
  ...runMethods,
  ...runAnalysisMethods,
  ...exportMethods,
  ...experimentMethods,
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type Args<M extends MethodName> = MethodArgs<Contract[M]>;
export type Parsed<M extends MethodName> = ParsedArgs<Contract[M]>;
export type Result<M extends MethodName> = MethodResult<Contract[M]>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** What the UI holds: one call per method and typed events. Implemented by each transport. */
export interface ApiClient {
  call<M extends MethodName>(method: M, args: Args<M>): Promise<Result<M>>;
  on<E extends import('./events').EventName>(
    event: E,
    handler: (payload: import('./events').ApiEvents[E]) => void,
  ): () => void;
}
