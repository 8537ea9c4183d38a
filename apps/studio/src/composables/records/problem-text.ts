/** A validation problem as a short sentence in the current language (the server's words when we have none). */
import { useI18n } from 'vue-i18n';
import type { Problem } from './validation';

const NEEDS_LIMIT = new Set(['maxLength', 'minLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems']);
const PLAIN = new Set(['required', 'gateRequired', 'pattern', 'enum', 'type', 'uniqueItems', 'condition']);
const FORMAT_KEYS: Record<string, string> = { email: 'email', uri: 'uri', date: 'date', 'date-time': 'dateTime', uuid: 'uuid' };

export function useProblemText() {
  const { t } = useI18n();
  return (p: Problem): string => {
    if (PLAIN.has(p.keyword)) {
      // A gate's own message says best what is missing.
      if (p.keyword === 'condition' && p.message) return p.message;
      return t(`records.validation.${p.keyword}` as 'records.validation.required');
    }
    if (NEEDS_LIMIT.has(p.keyword) && p.params['limit'] !== undefined) {
      return t(`records.validation.${p.keyword}` as 'records.validation.maxLength', { limit: String(p.params['limit']) });
    }
    if (p.keyword === 'format' && typeof p.params['format'] === 'string') {
      const key = FORMAT_KEYS[p.params['format']];
      const name = key ? t(`records.validation.formats.${key}` as 'records.validation.formats.email') : p.params['format'];
      return t('records.validation.format', { format: name });
    }
    return p.message || t('records.validation.invalid');
  };
}
