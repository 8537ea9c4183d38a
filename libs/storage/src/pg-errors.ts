/** PostgreSQL errors raised by record writes, turned into domain errors that name the field concerned. */
import type { ObjectModel } from '@funnelcraft/definitions';
import { DomainError, ErrorCode, validationFailed } from '@funnelcraft/kernel';

interface PgError {
  code?: string;
  constraint?: string;
  message: string;
}

const isPgError = (e: unknown): e is PgError => !!e && typeof e === 'object' && typeof (e as PgError).code === 'string' && /^[0-9A-Z]{5}$/.test((e as PgError).code!);

function fieldOfConstraint(o: ObjectModel, constraint: string | undefined): string {
  if (!constraint) return '';
  const f = o.fields.find((g) => constraint.startsWith(`${o.table}_${g.column}_`));
  return f?.name ?? (constraint.includes('owner_id') ? 'ownerId' : '');
}

export function translateWriteError(o: ObjectModel, e: unknown): unknown {
  if (!isPgError(e)) return e;
  const field = fieldOfConstraint(o, e.constraint);
  switch (e.code) {
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
