/** API-shaped record input → column values (currency splits into amount and ISO code). */
import type { ObjectModel } from '@funnelcraft/definitions';
import type { ColumnValues } from '@funnelcraft/storage';
import type { RecordInput } from './record-validation.js';

export function toColumns(o: ObjectModel, input: RecordInput, tenantCurrency: string): ColumnValues {
  const out: ColumnValues = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (key === 'ownerId') {
      out['owner_id'] = value;
      continue;
    }
    const f = o.fieldsByName.get(key);
    if (!f || !f.kind.storage) continue;
    if (f.kind.id === 'currency') {
      const money = value as { amount: number; currency?: string } | null;
      out[f.column] = money?.amount ?? null;
      out[`${f.column}_currency`] = money ? money.currency ?? f.currency ?? tenantCurrency : null;
    } else {
      out[f.column] = value;
    }
  }
  return out;
}

/** Fills absent fields that have a default, so bulk inserts (one column list for all rows) keep them. */
export function withDefaults(o: ObjectModel, input: RecordInput): RecordInput {
  const out = { ...input };
  for (const f of o.fields) {
    if (f.defaultValue !== undefined && f.defaultValue !== null && out[f.name] === undefined && f.kind.writable) out[f.name] = f.defaultValue;
  }
  return out;
}
