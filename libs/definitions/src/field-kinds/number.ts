import { defineKind, numberSchema } from './kind.js';

export const number = defineKind({
  id: 'number',
  storage: 'numeric',
  filter: 'number',
  valueType: 'number',
  valueSchema: numberSchema,
  canBeAmount: true,
  changesTo: { percent: 'metadata', text: 'cast', long_text: 'cast' },
});
