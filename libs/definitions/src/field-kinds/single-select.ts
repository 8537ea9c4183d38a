import { defineKind, optionValues } from './kind.js';

export const singleSelect = defineKind({
  id: 'single_select', storage: 'text', filter: 'text', valueType: 'text', choice: 'one',
  valueSchema: (f) => ({ type: 'string', enum: optionValues(f) }),
});
