/** Exports of trained runs (tfjs model, TypeScript module, Keras script), zip archives, project files. */
export * from './files';
export * from './zip';
export * from './preprocessing';
export * from './tfjs';
export * from './ts-module';
export * from './keras';
export * from './run-export';
export * from './project-file';
