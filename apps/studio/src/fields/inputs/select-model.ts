/** The v-model of an Element Plus select over ids or option values: one ('' while empty) or several (`multiple`); emits null when cleared. */
import { computed, type WritableComputedRef } from 'vue';

export function selectModel(
  props: { modelValue: unknown; multiple?: boolean },
  emit: (value: string | string[] | null) => void,
): WritableComputedRef<string | string[], string | string[] | undefined> {
  return computed({
    get: () =>
      props.multiple ? (Array.isArray(props.modelValue) ? (props.modelValue as string[]) : []) : typeof props.modelValue === 'string' ? props.modelValue : '',
    set: (v) => emit(props.multiple ? (Array.isArray(v) && v.length ? v : null) : typeof v === 'string' && v !== '' ? v : null),
  });
}
