/** The condition editor's words (list filters, stage gates, and next rules, reports and roles). */
export default {
  matchBefore: 'Match',
  matchAfter: 'of these conditions',
  matchLabel: 'How the conditions combine',
  any: 'any',
  all: 'all',
  /** Words between conditions, in the editor and in a chip: "not (Stage is any of Proposal or Amount ≥ 10,000)". */
  and: 'and',
  or: 'or',
  notWord: 'not',
  open: '(',
  close: ')',
  not: 'Not (exclude matches)',
  field: 'Field',
  fieldPlaceholder: 'Choose a field',
  addCondition: 'Add condition',
  addGroup: 'Add group',
  removeCondition: 'Remove condition',
  removeGroup: 'Remove group',
  emptyGroup: 'This group has no conditions: add one or remove the group.',
  generated: 'Generated json-logic (read-only)',
  none: 'none',
};
