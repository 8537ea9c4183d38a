/**
 * Column mappings the platform entities share with the hand-written SQL path, so both serve the same shapes:
 * timestamps as ISO strings with PostgreSQL's microseconds (the ORM's pg hands them over as text).
 */
import { Type } from '@mikro-orm/core';
import { utcTimestampToIso } from '../db.js';

export class IsoTimestampType extends Type<string | null, string | null> {
  override convertToJSValue(value: string | null): string | null {
    return value === null || value === undefined || value.endsWith('Z') ? value : utcTimestampToIso(value);
  }

  override convertToDatabaseValue(value: string | null): string | null {
    return value;
  }

  override getColumnType(): string {
    return 'timestamptz';
  }

  override compareAsType(): string {
    return 'string';
  }
}

/** Now, in the same ISO form, for columns the ORM writes itself (updated_at). */
export const isoNow = (): string => `${new Date().toISOString().slice(0, -1)}000Z`;
