/**
 * Inputs, filter editors, rich displays, GraphQL selections and form sections of every kind, added to the text
 * formats of formats.ts. Inputs and filter editors are loaded on first use (they bring Element Plus controls);
 * displays are light and load with the registry.
 */
import { defineAsyncComponent, markRaw, type Component } from 'vue';
import type { FieldMeta } from '../api/operations';
import BooleanDisplay from './displays/BooleanDisplay.vue';
import LinkDisplay from './displays/LinkDisplay.vue';
import LongTextDisplay from './displays/LongTextDisplay.vue';
import LookupDisplay from './displays/LookupDisplay.vue';
import TagsDisplay from './displays/TagsDisplay.vue';
import UserDisplay from './displays/UserDisplay.vue';
import { formatDateTime, formatNumber } from '../i18n/formatting';
import type { FilterOperatorId } from './filters/operators';
import { rememberTitle, useLookupSource } from './lookup-source';
import { extendFieldWidget, type FieldWidget, type FormatContext } from './registry';

const lazy = (load: () => Promise<{ default: Component }>) => markRaw(defineAsyncComponent(load));

const inputs = {
  text: lazy(() => import('./inputs/TextInput.vue')),
  longText: lazy(() => import('./inputs/LongTextInput.vue')),
  number: lazy(() => import('./inputs/NumberInput.vue')),
  currency: lazy(() => import('./inputs/CurrencyInput.vue')),
  date: lazy(() => import('./inputs/DateInput.vue')),
  boolean: lazy(() => import('./inputs/BooleanInput.vue')),
  select: lazy(() => import('./inputs/SelectInput.vue')),
  lookup: lazy(() => import('./inputs/LookupInput.vue')),
  user: lazy(() => import('./inputs/UserInput.vue')),
};
const filters = {
  text: lazy(() => import('./filters/TextFilter.vue')),
  number: lazy(() => import('./filters/NumberFilter.vue')),
  date: lazy(() => import('./filters/DateFilter.vue')),
  boolean: lazy(() => import('./filters/BooleanFilter.vue')),
  options: lazy(() => import('./filters/OptionsFilter.vue')),
  link: lazy(() => import('./filters/LinkFilter.vue')),
};
const displays = {
  tags: markRaw(TagsDisplay),
  link: markRaw(LinkDisplay),
  boolean: markRaw(BooleanDisplay),
  lookup: markRaw(LookupDisplay),
  user: markRaw(UserDisplay),
  longText: markRaw(LongTextDisplay),
};

// One set of operators per kind for every condition (list filters, stage gates); each maps to the server's typed
// filter input of the kind and to json-logic (conditions/condition-logic.ts).
const TEXT_OPS: FilterOperatorId[] = ['contains', 'eq', 'neq', 'startsWith', 'in', 'isNull', 'notNull'];
const NUMBER_OPS: FilterOperatorId[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'isNull', 'notNull'];
const DATE_OPS: FilterOperatorId[] = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'between', 'isNull', 'notNull'];
const DATETIME_OPS: FilterOperatorId[] = ['gte', 'gt', 'lt', 'lte', 'between', 'eq', 'neq', 'isNull', 'notNull'];
const LINK_OPS: FilterOperatorId[] = ['in', 'notIn', 'isNull', 'notNull'];

const numberText = (value: unknown, ctx: FormatContext) => (typeof value === 'number' ? formatNumber(ctx.locale, value) : String(value));

const idOf = (v: unknown): string | null =>
  typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : null;
const linkInputValue = (record: Record<string, unknown>, field: FieldMeta) =>
  (record[`${field.name}Id`] as string | null | undefined) ?? idOf(record[field.name]);

/** A lookup read as `{ id <name fields> }` says its own label: remembered, so inputs need not ask for it. */
function lookupInputValue(record: Record<string, unknown>, field: FieldMeta): unknown {
  const linked = record[field.name];
  if (field.target && linked && typeof linked === 'object') {
    const { id, ...rest } = linked as Record<string, unknown>;
    if (typeof id === 'string' && Object.values(rest).some((v) => v !== null && v !== undefined && v !== '')) rememberTitle(field.target, id, rest);
  }
  return linkInputValue(record, field);
}

type WidgetParts = Partial<Omit<FieldWidget, 'kinds'>>;

/** Single-line text: typed as text, filtered as text; `extra` says what a kind adds (an input type, a link). */
const textWidget = (extra: WidgetParts = {}): WidgetParts => ({ input: inputs.text, filter: filters.text, operators: TEXT_OPS, ...extra });
/** Text that is also an address: a keyboard of its own on phones, and a link (`mailto:`, `tel:`, the web) to show. */
const addressWidget = (type: string, scheme: string) => textWidget({ inputProps: { type, inputmode: type }, display: displays.link, displayProps: { scheme } });

extendFieldWidget(['text', 'auto_number', 'formula'], textWidget());
extendFieldWidget(['email'], addressWidget('email', 'mailto'));
extendFieldWidget(['phone'], addressWidget('tel', 'tel'));
extendFieldWidget(['url'], addressWidget('url', 'web'));
extendFieldWidget(['long_text'], {
  input: inputs.longText,
  filter: filters.text,
  operators: ['contains', 'isNull', 'notNull'],
  display: displays.longText,
  section: 'long',
  listByDefault: false,
});
extendFieldWidget(['number'], {
  input: inputs.number,
  filter: filters.number,
  operators: NUMBER_OPS,
  operatorWords: 'number',
  section: 'numbers',
});
extendFieldWidget(['percent'], {
  input: inputs.number,
  inputProps: { suffix: '%' },
  filter: filters.number,
  operators: NUMBER_OPS,
  operatorWords: 'number',
  formatFilterValue: (v, _f, ctx) => `${numberText(v, ctx)}%`,
  section: 'numbers',
});
extendFieldWidget(['currency'], {
  input: inputs.currency,
  filter: filters.number,
  operators: NUMBER_OPS,
  operatorWords: 'number',
  // Currency filters compare the amount.
  formatFilterValue: (v, _f, ctx) => numberText(v, ctx),
  inputValue: (record, f) => {
    const money = record[f.name] as { amount?: number; currency?: string } | null | undefined;
    return money && typeof money.amount === 'number' ? { amount: money.amount, currency: money.currency } : null;
  },
  section: 'numbers',
});
extendFieldWidget(['date'], {
  input: inputs.date,
  filter: filters.date,
  operators: DATE_OPS,
  operatorWords: 'date',
  section: 'numbers',
});
extendFieldWidget(['datetime'], {
  input: inputs.date,
  inputProps: { withTime: true },
  filter: filters.date,
  filterProps: { withTime: true },
  operators: DATETIME_OPS,
  operatorWords: 'date',
  formatFilterValue: (v, _f, ctx) => formatDateTime(ctx.locale, String(v)),
  section: 'numbers',
});
extendFieldWidget(['boolean'], {
  input: inputs.boolean,
  filter: filters.boolean,
  operators: ['isTrue', 'isFalse', 'isNull', 'notNull'],
  display: displays.boolean,
  section: 'relations',
});
extendFieldWidget(['single_select'], {
  input: inputs.select,
  filter: filters.options,
  operators: ['in', 'notIn', 'eq', 'neq', 'isNull', 'notNull'],
  display: displays.tags,
});
extendFieldWidget(['multi_select'], {
  input: inputs.select,
  inputProps: { multiple: true },
  filter: filters.options,
  operators: ['containsAny', 'containsAll', 'isNull', 'notNull'],
  display: displays.tags,
  // A filter holds single options; the text format is for whole lists.
  formatFilterValue: (v, f, ctx) => ctx.label(f.options?.find((o) => o.value === v)?.label, String(v)),
  inputValue: (record, f) => (Array.isArray(record[f.name]) ? [...(record[f.name] as unknown[])] : null),
  section: 'relations',
});
extendFieldWidget(['lookup'], {
  input: inputs.lookup,
  filter: filters.link,
  operators: LINK_OPS,
  display: displays.lookup,
  inputValue: lookupInputValue,
  formatFilterValue: (v, f, ctx) => (typeof v === 'string' ? (useLookupSource().labelOf(f.target ?? '', v, ctx.locale) ?? v) : String(v)),
  section: 'relations',
});
extendFieldWidget(['user'], {
  input: inputs.user,
  filter: filters.link,
  filterProps: { users: true },
  operators: LINK_OPS,
  display: displays.user,
  inputValue: linkInputValue,
  formatFilterValue: (v) => (typeof v === 'string' ? (useLookupSource().userLabel(v) ?? v) : String(v)),
  section: 'relations',
});
