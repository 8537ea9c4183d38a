/** Opaque cursors: the sort values of a row, then its id (keyset pagination). */
import { badInput } from '@funnelcraft/kernel';

export const encodeCursor = (key: unknown[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');

export function decodeCursor(cursor: string): unknown[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key)) return key;
  } catch {
    // fall through to the error below
  }
  throw badInput('Invalid cursor; use a cursor returned by the same query', [{ path: 'after', message: 'invalid cursor' }]);
}
