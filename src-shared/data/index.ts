/** The data core: CSV import and profiling, columnar datasets, preparation of samples for training. */
export * from './spec';
export * from './errors';
export * from './hash';
export * from './values';
export * from './column';
export * from './profile';
export * from './dataset';
export * from './csv';
export * from './limits';
export * from './prepare';
export * from './baselines';
export * from './suggest';
export * from './window-transform';
export * from './date-parts';
export * from './prepare-text';
