export * from './errors.js';
export * from './identifiers.js';
export * from './context.js';
export * from './hash.js';
export * from './ids.js';
export * from './lru.js';
export * from './currencies.js';
export * from './bare-json.js';
