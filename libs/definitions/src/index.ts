export * from './field-kinds.js';
export * from './model.js';
export * from './naming.js';
export * from './meta-schema.js';
export * from './validate.js';
export * from './conversions.js';
export * from './diff.js';
export * from './pipeline-model.js';
