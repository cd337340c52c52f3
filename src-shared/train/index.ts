/** Training: settings, the shared loop, seeded model building, evaluation, run artifacts and the one pipeline. */
export * from './settings';
export * from './random';
export * from './losses';
export * from './optimizers';
export * from './model';
export * from './evaluate';
export * from './artifacts';
export * from './loop';
export * from './record';
export * from './pipeline';
export * from './recorder';
