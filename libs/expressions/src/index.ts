export * from './value-types.js';
export * from './sql-params.js';
export * from './sql-compiler.js';
export * from './memory.js';
