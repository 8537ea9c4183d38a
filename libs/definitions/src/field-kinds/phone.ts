import { defineKind, pick, textualChanges } from './kind.js';

export const phone = defineKind({
  id: 'phone',
  storage: 'text',
  filter: 'text',
  valueType: 'text',
  searchable: true,
  valueSchema: (f) => ({ type: 'string', pattern: '^[+0-9 ()./-]{3,32}$', ...pick(f, ['maxLength']) }),
  changesTo: textualChanges('phone'),
});
