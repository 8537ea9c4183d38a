import { defineKind, textSchema, textualChanges } from './kind.js';

export const email = defineKind({
  id: 'email',
  storage: 'text',
  filter: 'text',
  valueType: 'text',
  valueSchema: textSchema('email', ['maxLength']),
  searchable: true,
  changesTo: textualChanges('email'),
});
