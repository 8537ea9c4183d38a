import { CURRENCY_CODES } from '@funnelcraft/kernel';
import { defineKind, pick } from './kind.js';

/** An amount and its ISO 4217 code, in two columns: `<column>` (numeric) and `<column>_currency`. Filters compare the amount. */
export const currency = defineKind({
  id: 'currency',
  storage: 'numeric',
  extraColumns: [{ suffix: '_currency', storage: 'text' }],
  filter: 'number',
  valueType: 'number',
  canBeAmount: true,
  valueSchema: (f) => ({
    type: 'object',
    required: ['amount'],
    additionalProperties: false,
    properties: {
      amount: { type: 'number', ...pick(f, ['minimum', 'maximum']) },
      currency: { type: 'string', enum: CURRENCY_CODES },
    },
  }),
});
