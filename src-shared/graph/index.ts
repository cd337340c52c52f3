/** Public entry of the graph package (document, commands, history, analysis, connection checks, summary). */
export * from './document';
export * from './analyze';
export * from './commands';
export * from './history';
export * from './connect';
export * from './summary';
export * from './ids';
export * from './builder';
export * from './data-inputs';
export * from './model-text';
export * from './chain-edits';
