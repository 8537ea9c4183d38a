import { defineKind, numberSchema } from './kind.js';

export const percent = defineKind({
  id: 'percent',
  storage: 'numeric',
  filter: 'number',
  valueType: 'number',
  valueSchema: numberSchema,
  canBeAmount: true,
  changesTo: { number: 'metadata', text: 'cast', long_text: 'cast' },
});
