/** How each abstract storage type of the field-kind registry is written in PostgreSQL. */
import { columnsOf, type FieldModel, type StorageType } from '@funnelcraft/definitions';

export const SQL_TYPE: Record<StorageType, string> = {
  text: 'text',
  numeric: 'numeric',
  date: 'date',
  timestamptz: 'timestamptz',
  boolean: 'boolean',
  uuid: 'uuid',
  'text[]': 'text[]',
};

/** Physical columns of a field with their SQL types: most have one, currency has amount + ISO code, formula none. */
export function fieldColumns(f: FieldModel): { column: string; type: string }[] {
  return columnsOf(f).map((c) => ({ column: c.column, type: SQL_TYPE[c.storage] }));
}
