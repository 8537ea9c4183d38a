import { defineKind, textSchema, textualChanges } from './kind.js';

export const text = defineKind({
  id: 'text',
  storage: 'text',
  filter: 'text',
  valueType: 'text',
  valueSchema: textSchema(),
  searchable: true,
  canBeTitle: true,
  changesTo: { ...textualChanges('text'), number: 'cast', percent: 'cast' },
});
