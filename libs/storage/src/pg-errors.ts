/** PostgreSQL errors raised by record writes, turned into domain errors that name the field concerned. */
import type { ObjectModel } from '@funnelcraft/definitions';
import { DomainError, ErrorCode, validationFailed } from '@funnelcraft/kernel';
import { objectName } from './sql-text.js';

interface PgError {
  code?: string;
  constraint?: string;
  column?: string;
  message: string;
}

const isPgError = (e: unknown): e is PgError =>
  !!e && typeof e === 'object' && typeof (e as PgError).code === 'string' && /^[0-9A-Z]{5}$/.test((e as PgError).code!);

/** The constraint suffixes the DDL plan names per field (ddl-plan.ts: unique index, foreign key). */
const FIELD_CONSTRAINTS = ['key', 'fkey', 'idx'];

/**
 * The field a constraint belongs to. Names are built by `objectName`, which hashes long ones to fit 63 bytes,
 * so they are matched by rebuilding each field's names, not by prefix (a hashed name has no column in it).
 */
function fieldOfConstraint(o: ObjectModel, constraint: string | undefined): string {
  if (!constraint) return '';
  const f = o.fields.find((g) => FIELD_CONSTRAINTS.some((suffix) => objectName(o.table, g.column, suffix) === constraint));
  return f?.name ?? (constraint === objectName(o.table, 'owner_id', 'fkey') ? 'ownerId' : '');
}

/** The field of a column (NOT NULL violations name the column, not a constraint). */
const fieldOfColumn = (o: ObjectModel, column: string | undefined): string => (column ? (o.fields.find((f) => f.column === column)?.name ?? '') : '');

export function translateWriteError(o: ObjectModel, e: unknown): unknown {
  if (!isPgError(e)) return e;
  // program_limit_exceeded on a write: an index entry over btree's limit names its index only in the message.
  const index = e.code === '54000' ? /for index "([^"]+)"/.exec(e.message)?.[1] : undefined;
  const field = fieldOfConstraint(o, e.constraint ?? index) || fieldOfColumn(o, e.column);
  switch (e.code) {
    case '54000':
      if (!index) return e;
      return validationFailed(`${field || 'A value'} is too long for its index`, [
        {
          path: field,
          message: 'is too long to be unique or indexed (at most about 2,700 bytes once compressed); shorten it, or make the field neither unique nor indexed',
          keyword: 'maxIndexedLength',
        },
      ]);
    case '23505':
      return validationFailed(`Another ${o.name} already has this ${field || 'value'}`, [{ path: field, message: 'must be unique', keyword: 'unique' }]);
    case '23503':
      return validationFailed(`${field || 'A lookup'} points to a record that does not exist`, [{ path: field, message: 'no such record', keyword: 'lookup' }]);
    case '23502':
      return validationFailed(`A required value is missing`, [{ path: field, message: 'is required', keyword: 'required' }]);
    case '22003':
    case '22P02':
    case '22007':
    case '22008':
      return new DomainError(ErrorCode.BadInput, `A value does not fit its field: ${e.message}`, [{ path: field, message: e.message }]);
    default:
      return e;
  }
}
