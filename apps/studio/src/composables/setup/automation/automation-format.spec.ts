import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import en from '../../../i18n/locales/en';
import zh from '../../../i18n/locales/zh';
import { durationText } from './automation-format';

const t = (locale: 'en' | 'zh') => {
  const i18n = createI18n({ legacy: false, locale, messages: { en, zh } });
  return (key: string, named: Record<string, unknown> = {}) => i18n.global.t(key, named);
};

describe('automation format', () => {
  it('says how long an action took, in milliseconds under a second', () => {
    expect(durationText(t('en'), '2026-12-04T10:00:00.000Z', '2026-12-04T10:00:00.042Z')).toBe('42 ms');
    expect(durationText(t('en'), '2026-12-04T10:00:00.000Z', '2026-12-04T10:00:02.500Z')).toBe('2.5 s');
    expect(durationText(t('zh'), '2026-12-04T10:00:00.000Z', '2026-12-04T10:00:00.042Z')).toBe('42 毫秒');
    expect(durationText(t('en'), null, '2026-12-04T10:00:00.042Z')).toBe('');
  });

  it('has every English message in Chinese, none left in English', () => {
    const leaves = (node: unknown, path = ''): [string, string][] =>
      node && typeof node === 'object' ? Object.entries(node).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k)) : [[path, String(node)]];
    const english = new Map(leaves(en.automation));
    const chinese = new Map(leaves(zh.automation));
    expect([...english.keys()].filter((k) => !chinese.has(k))).toEqual([]);
    expect([...chinese].filter(([k, v]) => english.get(k) === v && /[a-z]{3}/i.test(v))).toEqual([]);
  });
});
