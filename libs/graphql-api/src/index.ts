export * from './scalars.js';
export * from './cursor.js';
export * from './batch-loader.js';
export * from './context.js';
export * from './filter-input.js';
export * from './object-types.js';
export * from './build-schema.js';
export * from './projection.js';
export { DateScalar, DateTimeScalar, JSONScalar } from './scalars.js';
