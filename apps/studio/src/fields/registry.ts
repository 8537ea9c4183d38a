/**
 * The one registry of field widgets, keyed by field kind. Every screen (list cells, forms, filters, kanban
 * card lines, exports) looks a kind up here; none switches on kinds itself. A kind with no widget shows a
 * visible notice instead of guessing.
 */
import type { Component } from 'vue';
import type { FieldMeta, Labels } from '../api/operations';

export interface FormatContext {
  locale: string;
  /** Picks the label for the current language (falls back to English). */
  label: (labels: Labels | undefined, fallback: string) => string;
  /** The display field of an object, for lookups. */
  displayFieldOf: (object: string) => string;
}

export interface FieldWidget {
  kinds: string[];
  /** Plain text of a value: table cells, card lines, exports. */
  format: (value: unknown, field: FieldMeta, ctx: FormatContext) => string;
  /** Rich display (record view); `format` is used when absent. */
  display?: Component;
  /** Form input: `modelValue` + `update:modelValue`, props `field` and `error`. */
  input?: Component;
  /** Filter editor: emits a typed GraphQL filter for the field (e.g. `{ gte: 10 }`), or null. */
  filter?: Component;
}

const widgets = new Map<string, FieldWidget>();

export function defineFieldWidget(widget: FieldWidget): void {
  for (const kind of widget.kinds) widgets.set(kind, widget);
}

export const widgetFor = (kind: string): FieldWidget | undefined => widgets.get(kind);

export const MISSING_WIDGET = (kind: string) => `⚠ no widget for “${kind}”`;

export function formatValue(field: FieldMeta, value: unknown, ctx: FormatContext): string {
  if (value === null || value === undefined || value === '') return '';
  const widget = widgetFor(field.kind);
  return widget ? widget.format(value, field, ctx) : MISSING_WIDGET(field.kind);
}
