/**
 * Which field kind changes are allowed, and how: each kind lists the kinds it may change to (`changesTo` in
 * its module under field-kinds/). Anything not listed is refused as unsafe.
 */
import { FIELD_KINDS, type ConversionMethod, type FieldKindId } from './field-kinds.js';

export type { ConversionMethod } from './field-kinds.js';

export function conversionMethod(from: FieldKindId, to: FieldKindId): ConversionMethod | undefined {
  return from === to ? 'metadata' : FIELD_KINDS[from].changesTo[to];
}

export function allowedConversions(from: FieldKindId): FieldKindId[] {
  return Object.keys(FIELD_KINDS[from].changesTo) as FieldKindId[];
}
