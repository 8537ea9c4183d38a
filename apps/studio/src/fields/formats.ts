/**
 * Text formats of every field kind, with how each value is selected in GraphQL and its rank as a board card
 * line: the base of each widget (inputs, filters and displays are added beside them in widgets.ts).
 */
import type { FieldMeta } from '../api/operations';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../i18n/formatting';
import { defineFieldWidget, type FormatContext } from './registry';

const optionLabel = (field: FieldMeta, value: string, ctx: FormatContext) => ctx.label(field.options?.find((o) => o.value === value)?.label, value);

const number = formatNumber;

defineFieldWidget({ kinds: ['text', 'long_text', 'email', 'phone', 'url', 'auto_number'], format: (v) => String(v) });
defineFieldWidget({ kinds: ['number'], cardLine: 6, format: (v, _f, ctx) => (typeof v === 'number' ? number(ctx.locale, v) : String(v)) });
defineFieldWidget({ kinds: ['percent'], cardLine: 7, format: (v, _f, ctx) => (typeof v === 'number' ? `${number(ctx.locale, v)}%` : String(v)) });
defineFieldWidget({
  kinds: ['currency'],
  cardLine: 5,
  selection: (f) => `${f.name} { amount currency }`,
  format: (v, _f, ctx) => {
    const money = v as { amount: number; currency: string };
    return typeof money?.amount === 'number' ? formatMoney(ctx.locale, money.amount, money.currency) : '';
  },
});
defineFieldWidget({ kinds: ['date'], cardLine: 2, format: (v, _f, ctx) => formatDate(ctx.locale, String(v)) });
defineFieldWidget({
  kinds: ['datetime'],
  cardLine: 8,
  format: (v, _f, ctx) => formatDateTime(ctx.locale, String(v)),
});
defineFieldWidget({ kinds: ['boolean'], format: (v, _f, ctx) => (v ? ctx.label({ en: 'Yes', zh: '是' }, 'Yes') : ctx.label({ en: 'No', zh: '否' }, 'No')) });
defineFieldWidget({ kinds: ['single_select'], cardLine: 3, format: (v, f, ctx) => optionLabel(f, String(v), ctx) });
defineFieldWidget({
  kinds: ['multi_select'],
  format: (v, f, ctx) => (Array.isArray(v) ? v.map((x) => optionLabel(f, String(x), ctx)).join(ctx.listSeparator ?? ', ') : ''),
});
defineFieldWidget({
  kinds: ['lookup'],
  cardLine: 1,
  selection: (f, ctx) => `${f.name}Id ${f.name} { id ${ctx.titleSelectionOf?.(f.target ?? '') ?? ctx.displayFieldOf(f.target ?? '')} }`,
  // The data API answers a lookup to a record the user may not read with its id (`<lookup>Id`) and no record.
  restricted: (record, f) => typeof record[`${f.name}Id`] === 'string' && !record[f.name],
  format: (v, f, ctx) => {
    if (typeof v !== 'object' || v === null) return String(v);
    const record = v as Record<string, unknown>;
    return ctx.titleOf?.(f.target ?? '', record) || String(record[ctx.displayFieldOf(f.target ?? '')] ?? record['id'] ?? '');
  },
});
defineFieldWidget({
  kinds: ['user'],
  cardLine: 4,
  selection: (f) => `${f.name}Id ${f.name} { id name email }`,
  format: (v) =>
    typeof v === 'object' && v !== null ? String((v as { name?: string; email?: string }).name ?? (v as { email?: string }).email ?? '') : String(v),
});
defineFieldWidget({ kinds: ['formula'], format: (v) => String(v) });
