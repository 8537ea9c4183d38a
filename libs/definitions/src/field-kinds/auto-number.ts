import { canonicalJson } from '@funnelcraft/kernel';
import type { StorageAspect } from './kind.js';
import { defineKind } from './kind.js';

/** `x-format` "PRJ-{0000}" → prefix "PRJ-", width 4 (default: no prefix, 5 digits). */
export function parseAutoNumber(format: string | undefined): { prefix: string; width: number } {
  const m = /^(.*)\{(0+)\}$/.exec(format ?? '{00000}');
  return { prefix: m?.[1] ?? '', width: m?.[2]?.length ?? 5 };
}

/** Text filled from a per-field sequence by the column default; never written by clients. */
export const autoNumber = defineKind({
  id: 'auto_number',
  storage: 'text',
  filter: 'text',
  valueType: 'text',
  writable: false,
  valueSchema: () => ({}),
  searchable: true,
  canBeTitle: true,
  parse: (doc) => ({ autoNumber: parseAutoNumber(doc['x-format'] as string | undefined) }),
  aspects: (from, to): StorageAspect[] => (canonicalJson(from.autoNumber) !== canonicalJson(to.autoNumber) ? ['auto_number'] : []),
});
