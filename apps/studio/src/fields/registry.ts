/**
 * The one registry of field widgets, keyed by field kind. Every screen (list cells, forms, filters, kanban
 * card lines, exports) looks a kind up here; none switches on kinds itself. A kind with no widget shows a
 * visible notice instead of guessing. What a kind is on the server (flags: amount, search, sort…) comes from the
 * server (kind-flags.ts); adding a kind is described in libs/definitions/src/field-kinds/README.md.
 */
import type { Component } from 'vue';
import type { FieldMeta, Labels } from '../api/operations';
import type { FilterOperatorId } from './filters/operators';
import { isStored, kindSortable } from './kind-flags';

export type { FilterOperatorId } from './filters/operators';

export interface FormatContext {
  locale: string;
  /** Picks the label for the current language (falls back to English). */
  label: (labels: Labels | undefined, fallback: string) => string;
  /** The display field of an object, for lookups. */
  displayFieldOf: (object: string) => string;
  /** The fields a linked record's name is read from (default: the display field); a person has two (person-name.ts). */
  titleSelectionOf?: (object: string) => string;
  /** The name of a record of an object, read from those fields (a person's in the language's order). */
  titleOf?: (object: string, row: Record<string, unknown>) => string;
  /** Between the items of a list of values (`common.listSeparator`: '、' in Chinese); ', ' when absent. */
  listSeparator?: string;
}

/** A typed GraphQL filter on one field, e.g. `{ gte: 10 }` or `{ in: ["web"] }`. */
export type FieldFilter = Record<string, unknown>;

/** Where a form puts a field; forms show the sections in this order. */
export const FORM_SECTIONS = ['main', 'numbers', 'relations', 'long'] as const;
export type FormSection = (typeof FORM_SECTIONS)[number];

/** Words used for a kind's filter operators (dates say "before" where numbers say "<"). */
export type OperatorWords = 'text' | 'number' | 'date';

/** What FieldInput gives every form input (a kind's `inputProps` add their own). */
export interface FieldInputProps {
  field: FieldMeta;
  modelValue: unknown;
  error?: string;
  disabled?: boolean;
  /** The record is being created: an input may say what the server fills in when the field is left empty. */
  creating?: boolean;
}

export interface FieldWidget {
  kinds: string[];
  /** Plain text of a value: table cells, card lines, exports. */
  format: (value: unknown, field: FieldMeta, ctx: FormatContext) => string;
  /** Rich display (record view, list cells): props `field`, `value`, `compact` (one line), `plain` (no links); `format` is used when absent. */
  display?: Component;
  /** Form input: `modelValue` + `update:modelValue` and the other props of `FieldInputProps`. */
  input?: Component;
  /** Filter editor: props `field`, `modelValue` (the condition it edits: one of `operators` and its value, or null). */
  filter?: Component;
  /** Extra props for the components above (e.g. the HTML input type of an email input). */
  displayProps?: Record<string, unknown>;
  inputProps?: Record<string, unknown>;
  filterProps?: Record<string, unknown>;
  /** GraphQL selection that reads the value (default: the field's name); lists, forms and board cards all use it. */
  selection?: (field: FieldMeta, ctx: Pick<FormatContext, 'displayFieldOf' | 'titleSelectionOf'>) => string;
  /** The loaded record holds a link the user may not follow (a lookup's id without its record): shown as restricted. */
  restricted?: (record: Record<string, unknown>, field: FieldMeta) => boolean;
  /** The input value of a loaded record (default: the value itself). */
  inputValue?: (record: Record<string, unknown>, field: FieldMeta) => unknown;
  /** Operators the filter editor offers, in menu order. */
  operators?: FilterOperatorId[];
  operatorWords?: OperatorWords;
  /** Text of one value inside a filter (default: `format`; a currency filter holds a bare amount). */
  formatFilterValue?: (value: unknown, field: FieldMeta, ctx: FormatContext) => string;
  /** Form section (default `main`). */
  section?: FormSection;
  /** Rank of the kind as a board card line (lower first, after the pipeline's amount); absent: never a line. */
  cardLine?: number;
  /** Whether a list shows it before the user picks columns (default true). */
  listByDefault?: boolean;
}

const widgets = new Map<string, FieldWidget>();

export function defineFieldWidget(widget: FieldWidget): void {
  for (const kind of widget.kinds) widgets.set(kind, widget);
}

/** Adds parts (inputs, filters, displays…) to the widgets already defined for these kinds. */
export function extendFieldWidget(kinds: string[], parts: Partial<Omit<FieldWidget, 'kinds'>>): void {
  for (const kind of kinds) {
    const current = widgets.get(kind);
    if (!current) throw new Error(`extendFieldWidget: no widget for “${kind}” to extend`);
    widgets.set(kind, { ...current, ...parts, kinds: current.kinds });
  }
}

export const widgetFor = (kind: string): FieldWidget | undefined => widgets.get(kind);

export const MISSING_WIDGET = (kind: string) => `⚠ no widget for “${kind}”`;

export function formatValue(field: FieldMeta, value: unknown, ctx: FormatContext): string {
  if (value === null || value === undefined || value === '') return '';
  const widget = widgetFor(field.kind);
  return widget ? widget.format(value, field, ctx) : MISSING_WIDGET(field.kind);
}

/**
 * The name a field goes by in filters, sort orders and inputs. Usually its own name; system fields the studio
 * shows under a friendlier one say otherwise (the owner is `owner` to read, `ownerId` to filter and write).
 */
export const apiKeyOf = (field: FieldMeta): string => {
  const key = field.document?.['x-api-key'];
  return typeof key === 'string' ? key : field.name;
};

export const selectionOf = (field: FieldMeta, ctx: Pick<FormatContext, 'displayFieldOf' | 'titleSelectionOf'>): string =>
  widgetFor(field.kind)?.selection?.(field, ctx) ?? field.name;

export function inputValueOf(record: Record<string, unknown>, field: FieldMeta): unknown {
  const widget = widgetFor(field.kind);
  const value = widget?.inputValue ? widget.inputValue(record, field) : Object.hasOwn(record, field.name) ? record[field.name] : undefined;
  return value === undefined ? null : value;
}

export const sectionOf = (field: FieldMeta): FormSection => widgetFor(field.kind)?.section ?? 'main';

/** Whether lists sort by it: the server's flag for its kind (kind-flags.ts), unless the field says otherwise. */
export const isSortable = (field: FieldMeta): boolean => field.document?.['x-sortable'] !== false && kindSortable(field.kind);

export const cardLineRank = (kind: string): number | undefined => widgetFor(kind)?.cardLine;

export const isFilterable = (field: FieldMeta): boolean => field.document?.['x-filterable'] !== false && !!widgetFor(field.kind)?.filter;

/** The operators a field's filter editor offers, in menu order (none without an editor). */
export const operatorsOf = (field: FieldMeta): FilterOperatorId[] => widgetFor(field.kind)?.operators ?? [];

/** Whether a condition tested on one record in memory (a stage gate) can name the field. */
/** A formula is computed in SQL when read (server flag `stored`): conditions tested on one record in memory (stage gates) cannot name it. */
export const isTestableInMemory = (field: FieldMeta): boolean => isFilterable(field) && isStored(field.kind);

export const listsByDefault = (field: FieldMeta): boolean => widgetFor(field.kind)?.listByDefault ?? true;

export function formatFilterValue(field: FieldMeta, value: unknown, ctx: FormatContext): string {
  const widget = widgetFor(field.kind);
  if (!widget) return MISSING_WIDGET(field.kind);
  return widget.formatFilterValue ? widget.formatFilterValue(value, field, ctx) : formatValue(field, value, ctx);
}
