import { describe, expect, it } from 'vitest';
import type { FieldMeta } from '../api/operations';
import './formats';
import { formatValue, widgetFor, type FormatContext } from './registry';

const tags: FieldMeta = {
  name: 'tags',
  kind: 'multi_select',
  label: { en: 'Tags' },
  required: false,
  options: [
    { value: 'vip', label: { en: 'VIP', zh: '重要' } },
    { value: 'eu', label: { en: 'Europe', zh: '欧洲' } },
  ],
};
const ctx = (locale: string, listSeparator?: string): FormatContext => ({
  locale,
  label: (labels, fallback) => labels?.[locale] ?? labels?.['en'] ?? fallback,
  displayFieldOf: () => 'name',
  listSeparator,
});

describe('multi select text', () => {
  it('joins the options with the language’s list separator', () => {
    expect(formatValue(tags, ['vip', 'eu'], ctx('zh', '、'))).toBe('重要、欧洲');
    expect(formatValue(tags, ['vip', 'eu'], ctx('en', ', '))).toBe('VIP, Europe');
  });

  it('falls back to a comma without one (a file, or a screen that passes none)', () => {
    expect(formatValue(tags, ['vip', 'eu'], ctx('zh'))).toBe('重要, 欧洲');
  });
});

describe('a restricted lookup', () => {
  const account: FieldMeta = { name: 'account', kind: 'lookup', label: { en: 'Account' }, required: false, target: 'account' };
  const restricted = (record: Record<string, unknown>) => widgetFor('lookup')!.restricted!(record, account);
  it('is an id the data API sent without its record; an empty or readable lookup is not', () => {
    expect(restricted({ accountId: 'a1', account: null })).toBe(true);
    expect(restricted({ accountId: 'a1', account: { id: 'a1', name: 'Acme' } })).toBe(false);
    expect(restricted({ accountId: null, account: null })).toBe(false);
    expect(widgetFor('user')?.restricted).toBeUndefined();
  });
});
