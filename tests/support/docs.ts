/** Object definition documents for tests. */
import { readdirSync, readFileSync } from 'node:fs';

type Field = Record<string, unknown> & { 'x-kind': string };

export function objectDoc(name: string, properties: Record<string, Field>, extra: Record<string, unknown> = {}) {
  return { type: 'object', 'x-object': name, properties, ...extra };
}

const SALES = new URL('../../schemas/examples/sales/', import.meta.url);
export function salesModel(): Record<string, unknown>[] {
  return readdirSync(SALES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, SALES), 'utf8')) as Record<string, unknown>);
}
