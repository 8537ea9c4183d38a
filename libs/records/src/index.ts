export * from './context.js';
export * from './permissions.js';
export * from './record-validation.js';
export * from './record-columns.js';
export * from './records-service.js';
export * from './stage-moves.js';
export * from './board-service.js';
export * from './conversion-service.js';
