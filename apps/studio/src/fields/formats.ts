/** Text formats of every field kind (the base of each widget; inputs and filters are added beside them). */
import type { FieldMeta } from '../api/operations';
import { defineFieldWidget, type FormatContext } from './registry';

const optionLabel = (field: FieldMeta, value: string, ctx: FormatContext) =>
  ctx.label(field.options?.find((o) => o.value === value)?.label, value);

const number = (locale: string, value: number, options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale === 'zh' ? 'zh-CN' : 'en-US', options).format(value);

defineFieldWidget({ kinds: ['text', 'long_text', 'email', 'phone', 'url', 'auto_number'], format: (v) => String(v) });
defineFieldWidget({ kinds: ['number'], format: (v, _f, ctx) => (typeof v === 'number' ? number(ctx.locale, v) : String(v)) });
defineFieldWidget({ kinds: ['percent'], format: (v, _f, ctx) => (typeof v === 'number' ? `${number(ctx.locale, v)}%` : String(v)) });
defineFieldWidget({
  kinds: ['currency'],
  format: (v, _f, ctx) => {
    const money = v as { amount: number; currency: string };
    return typeof money?.amount === 'number' ? number(ctx.locale, money.amount, { style: 'currency', currency: money.currency || 'USD' }) : '';
  },
});
defineFieldWidget({ kinds: ['date'], format: (v) => String(v) });
defineFieldWidget({
  kinds: ['datetime'],
  format: (v, _f, ctx) => new Date(String(v)).toLocaleString(ctx.locale === 'zh' ? 'zh-CN' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' }),
});
defineFieldWidget({ kinds: ['boolean'], format: (v, _f, ctx) => (v ? ctx.label({ en: 'Yes', zh: '是' }, 'Yes') : ctx.label({ en: 'No', zh: '否' }, 'No')) });
defineFieldWidget({ kinds: ['single_select'], format: (v, f, ctx) => optionLabel(f, String(v), ctx) });
defineFieldWidget({ kinds: ['multi_select'], format: (v, f, ctx) => (Array.isArray(v) ? v.map((x) => optionLabel(f, String(x), ctx)).join(ctx.listSeparator ?? ', ') : '') });
defineFieldWidget({
  kinds: ['lookup'],
  format: (v, f, ctx) => {
    if (typeof v !== 'object' || v === null) return String(v);
    const record = v as Record<string, unknown>;
    return String(record[ctx.displayFieldOf(f.target ?? '')] ?? record['id'] ?? '');
  },
});
defineFieldWidget({ kinds: ['user'], format: (v) => (typeof v === 'object' && v !== null ? String((v as { name?: string; email?: string }).name ?? (v as { email?: string }).email ?? '') : String(v)) });
defineFieldWidget({ kinds: ['formula'], format: (v) => String(v) });
