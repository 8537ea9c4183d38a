import { defineKind, textSchema, textualChanges } from './kind.js';

export const longText = defineKind({
  id: 'long_text',
  storage: 'text',
  filter: 'text',
  valueType: 'text',
  valueSchema: textSchema(),
  indexable: false,
  searchable: true,
  changesTo: { ...textualChanges('long_text'), number: 'cast', percent: 'cast' },
});
