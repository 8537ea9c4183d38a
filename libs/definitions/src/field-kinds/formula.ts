import type { FieldKindId } from './kind.js';
import { defineKind } from './kind.js';

/** The result type of a formula decides its API type and filter, like the kind it resembles. */
export const FORMULA_RESULT_KIND: Record<string, FieldKindId> = { number: 'number', text: 'text', boolean: 'boolean', date: 'date' };

/** Computed in SQL from the record's other columns when read: no column, never written. */
export const formula = defineKind({
  id: 'formula',
  storage: null,
  filter: 'text',
  valueType: 'text',
  writable: false,
  indexable: false,
  valueSchema: () => ({}),
  parse: (doc) => ({ formulaResult: FORMULA_RESULT_KIND[doc['x-result'] as string] }),
});
