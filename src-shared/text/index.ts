export * from './spec';
export * from './tokenize';
export * from './vocabulary';
export * from './summary';
