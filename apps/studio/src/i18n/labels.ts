/** Labels from definitions (`{ "en": "Opportunity", "zh": "商机" }`) in the current language, else English. */
import { useI18n } from 'vue-i18n';
import type { Labels } from '../api/operations';

export function pickLabel(labels: Labels | null | undefined, locale: string, fallback: string): string {
  if (!labels) return fallback;
  return labels[locale] || labels['en'] || Object.values(labels).find((v) => typeof v === 'string' && v !== '') || fallback;
}

/**
 * A label as it reads inside a sentence ("Search opportunities"). English lower-cases its capitalised words
 * ("Sales Leads" → "sales leads") and keeps acronyms and mixed-case names ("CRM", "iPhone") as they are; other
 * languages (Chinese has no case, German capitalises nouns) keep the label as written.
 */
export function inSentence(text: string, locale: string): string {
  if (locale !== 'en') return text;
  return text.replace(/\p{L}+/gu, (word) => (/^\p{Lu}\p{Ll}*$/u.test(word) ? word.toLowerCase() : word));
}

/** `label(object.pluralLabel, object.plural)` in templates; follows language switches. */
export function useLabels() {
  const { locale } = useI18n();
  return { label: (labels: Labels | null | undefined, fallback: string) => pickLabel(labels, locale.value, fallback) };
}
