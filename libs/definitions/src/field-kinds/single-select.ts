import { defineKind, optionValues, textualChanges } from './kind.js';

export const singleSelect = defineKind({
  id: 'single_select',
  storage: 'text',
  filter: 'text',
  valueType: 'text',
  choice: 'one',
  valueSchema: (f) => ({ type: 'string', enum: optionValues(f) }),
  // Its values become text as they are, or a set of one.
  changesTo: { ...textualChanges('single_select'), multi_select: 'cast' },
});
