import { defineKind } from './kind.js';

export const datetime = defineKind({
  id: 'datetime',
  storage: 'timestamptz',
  filter: 'datetime',
  valueType: 'datetime',
  valueSchema: () => ({ type: 'string', format: 'date-time' }),
});
