/** Operator names in the current language, in the words the field's kind uses. */
import { useI18n } from 'vue-i18n';
import type { FieldMeta } from '../../api/operations';
import { widgetFor } from '../registry';
import type { FilterOperatorId } from './operators';

export function useOperatorLabel() {
  const { t, te } = useI18n();
  return (field: FieldMeta, op: FilterOperatorId): string => {
    const words = widgetFor(field.kind)?.operatorWords ?? 'text';
    const key = `records.ops.${words}.${op}`;
    return te(key) ? t(key as 'records.ops.text.eq') : t(`records.ops.text.${op}` as 'records.ops.text.eq');
  };
}
