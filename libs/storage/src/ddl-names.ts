/** Names of what DDL creates for a field (indexes, constraints, sequences), shared by the plan and the kinds' DDL. */
import type { FieldModel, ObjectModel } from '@funnelcraft/definitions';
import { objectName, q } from './sql-text.js';

export const table = (schema: string, o: ObjectModel) => `${q(schema)}.${q(o.table)}`;
export const indexName = (o: ObjectModel, f: FieldModel) => objectName(o.table, f.column, 'idx');
export const uniqueName = (o: ObjectModel, f: FieldModel) => objectName(o.table, f.column, 'key');
export const fkName = (o: ObjectModel, f: FieldModel) => objectName(o.table, f.column, 'fkey');
export const seqName = (o: ObjectModel, f: FieldModel) => objectName(o.table, f.column, 'seq');

/** A foreign key from `column` to platform.users: a user who goes leaves the field empty. */
export function userKey(schema: string, o: ObjectModel, column: string, name: string): string {
  return `ALTER TABLE ${table(schema, o)} ADD CONSTRAINT ${q(name)} FOREIGN KEY (${q(column)}) REFERENCES platform.users (id) ON DELETE SET NULL`;
}
