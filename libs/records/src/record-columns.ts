/** API-shaped record input → column values (currency splits into amount and ISO code). */
import { columnsOf, type ObjectModel } from '@funnelcraft/definitions';
import { bareRecord } from '@funnelcraft/kernel';
import { kindSql, type ColumnValues } from '@funnelcraft/storage';
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
    if (!f) continue;
    const values = kindSql(f).write(f, value, tenantCurrency);
    columnsOf(f).forEach((c, i) => (out[c.column] = values[i]));
  }
  return out;
}

/** Fills absent fields that have a default, so bulk inserts (one column list for all rows) keep them. */
export function withDefaults(o: ObjectModel, input: RecordInput): RecordInput {
  // Prototype-less, so `out.toString` of a field named toString is undefined until it is set.
  const out: RecordInput = Object.assign(bareRecord(), input);
  for (const f of o.fields) {
    if (f.defaultValue !== undefined && f.defaultValue !== null && out[f.name] === undefined && f.kind.writable) out[f.name] = f.defaultValue;
  }
  return out;
}
