/**
 * The few places where a value must be written into SQL text rather than bound (DDL defaults cannot take
 * parameters). Values are typed and escaped here, nowhere else.
 */
import { createHash } from 'node:crypto';
import { badInput, quoteIdent } from '@funnelcraft/kernel';

export function quoteLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw badInput(`Cannot store non-finite number ${value}`);
    return String(value);
  }
  if (typeof value === 'string') {
    if (value.includes('\0')) throw badInput('Text may not contain NUL characters');
    return `'${value.replace(/'/g, "''")}'`;
  }
  if (Array.isArray(value)) return `ARRAY[${value.map(quoteLiteral).join(', ')}]::text[]`;
  throw badInput(`Cannot write ${JSON.stringify(value)} as a SQL literal`);
}

/** Index, constraint and sequence names: readable when short, hashed to fit 63 bytes when not. */
export function objectName(...parts: string[]): string {
  const name = parts.join('_');
  if (name.length <= 63) return name;
  const hash = createHash('sha1').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, 54)}_${hash}`;
}

export const q = quoteIdent;
