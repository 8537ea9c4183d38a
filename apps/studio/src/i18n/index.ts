/**
 * vue-i18n set-up: English and Chinese, the user's choice kept in localStorage, `<html lang>` kept in step.
 * Both catalogues are small, so both ship in the first bundle; a third language would be loaded lazily.
 */
import { watch } from 'vue';
import { createI18n } from 'vue-i18n';
import { readSetting, STORAGE_KEYS, writeSetting } from '../stores/storage';
import en from './locales/en';
import zh from './locales/zh';
import type { MessageSchema } from './messages';

export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];

export const isLocale = (value: unknown): value is Locale => (LOCALES as readonly unknown[]).includes(value);

/** The stored choice, else the browser's language, else English. */
function initialLocale(): Locale {
  const stored = readSetting(STORAGE_KEYS.locale);
  if (isLocale(stored)) return stored;
  return navigator.languages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh' : 'en';
}

const HTML_LANG: Record<Locale, string> = { en: 'en', zh: 'zh-CN' };

export function createAppI18n() {
  const i18n = createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale: initialLocale(),
    fallbackLocale: 'en',
    messages: { en, zh },
    missingWarn: import.meta.env.DEV,
    fallbackWarn: false,
  });
  watch(
    i18n.global.locale,
    (locale) => {
      document.documentElement.lang = HTML_LANG[locale];
    },
    { immediate: true },
  );
  return i18n;
}

export function saveLocale(locale: Locale): void {
  writeSetting(STORAGE_KEYS.locale, locale);
}
