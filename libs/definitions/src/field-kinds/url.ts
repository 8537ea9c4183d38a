import { defineKind, textSchema } from './kind.js';

/** Two URLs of the same site are the same company for duplicate matching: they compare by host. */
export const url = defineKind({ id: 'url', storage: 'text', filter: 'text', valueType: 'text', valueSchema: textSchema('uri', ['maxLength']), searchable: true, match: 'host' });
