import { defineKind, optionValues, pick } from './kind.js';

/** A set of options in a text[] column: no btree index, no sort order, list filters (contains any/all). */
export const multiSelect = defineKind({
  id: 'multi_select',
  storage: 'text[]',
  filter: 'textList',
  valueType: 'textList',
  indexable: false,
  sortable: false,
  choice: 'many',
  valueSchema: (f) => ({ type: 'array', uniqueItems: true, items: { enum: optionValues(f) }, ...pick(f, ['minItems', 'maxItems']) }),
});
