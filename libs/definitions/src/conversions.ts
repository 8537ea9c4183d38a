/**
 * Which field kind changes are allowed, and how. `metadata`: same column, nothing to do; `cast`: the column
 * changes type and existing values are converted (a conversion that can fail is checked first, naming the
 * rows that would not convert). Anything not listed is refused as unsafe.
 */
import type { FieldKindId } from './field-kinds.js';

export type ConversionMethod = 'metadata' | 'cast';

const TEXTUAL: FieldKindId[] = ['text', 'long_text', 'email', 'phone', 'url'];
const NUMERIC: FieldKindId[] = ['number', 'percent'];

const table = new Map<string, ConversionMethod>();
const allow = (from: FieldKindId[], to: FieldKindId[], method: ConversionMethod) => {
  for (const f of from) for (const t of to) if (f !== t) table.set(`${f}->${t}`, method);
};
allow(TEXTUAL, TEXTUAL, 'metadata');
allow(['single_select'], TEXTUAL, 'metadata');
allow(NUMERIC, NUMERIC, 'metadata');
allow(NUMERIC, ['text', 'long_text'], 'cast');
allow(['text', 'long_text'], NUMERIC, 'cast');
allow(['single_select'], ['multi_select'], 'cast');
allow(['date'], ['datetime'], 'cast');

export function conversionMethod(from: FieldKindId, to: FieldKindId): ConversionMethod | undefined {
  return from === to ? 'metadata' : table.get(`${from}->${to}`);
}

export function allowedConversions(from: FieldKindId): FieldKindId[] {
  return [...table.keys()].filter((k) => k.startsWith(`${from}->`)).map((k) => k.split('->')[1] as FieldKindId);
}
