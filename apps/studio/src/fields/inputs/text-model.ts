/** What the text inputs (one line, several lines) share: the value as text ('' while empty, null when cleared) and the field's length limit. */
import { computed, type WritableComputedRef } from 'vue';
import type { FieldMeta } from '../../api/operations';

export function textModel(props: { modelValue: unknown }, emit: (value: string | null) => void): WritableComputedRef<string> {
  return computed({
    get: () => (props.modelValue === null || props.modelValue === undefined ? '' : String(props.modelValue)),
    set: (v: string) => emit(v === '' ? null : v),
  });
}

/** The `maxLength` of the field's definition, when it has one. */
export const maxLengthOf = (field: FieldMeta): number | undefined =>
  typeof field.document?.['maxLength'] === 'number' ? (field.document['maxLength'] as number) : undefined;
