import { platformPattern } from '../pattern-engine.js';
import { defineKind, pick, textualChanges } from './kind.js';

const PHONE_PATTERN = platformPattern('^[+0-9 ()./-]{3,32}$');

export const phone = defineKind({
  id: 'phone',
  storage: 'text',
  filter: 'text',
  valueType: 'text',
  searchable: true,
  valueSchema: (f) => ({ type: 'string', pattern: PHONE_PATTERN, ...pick(f, ['maxLength']) }),
  changesTo: textualChanges('phone'),
});
