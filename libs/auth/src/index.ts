export * from './password.js';
export * from './token.js';
export * from './auth-service.js';
export * from './api-token-secret.js';
