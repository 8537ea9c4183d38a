/** How each abstract storage type of the field-kind registry is written in PostgreSQL. */
import type { FieldModel, StorageType } from '@funnelcraft/definitions';

export const SQL_TYPE: Record<StorageType, string> = {
  text: 'text',
  numeric: 'numeric',
  date: 'date',
  timestamptz: 'timestamptz',
  boolean: 'boolean',
  uuid: 'uuid',
  'text[]': 'text[]',
};

/** Physical columns of a field: most have one, currency has amount + ISO code, formula none. */
export function fieldColumns(f: FieldModel): { column: string; type: string }[] {
  if (!f.kind.storage) return [];
  const main = { column: f.column, type: SQL_TYPE[f.kind.storage] };
  return f.kind.id === 'currency' ? [main, { column: `${f.column}_currency`, type: 'text' }] : [main];
}
