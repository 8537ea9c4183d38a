import { defineKind } from './kind.js';

export const date = defineKind({
  id: 'date',
  storage: 'date',
  filter: 'date',
  valueType: 'date',
  valueSchema: () => ({ type: 'string', format: 'date' }),
  changesTo: { datetime: 'cast' },
});
