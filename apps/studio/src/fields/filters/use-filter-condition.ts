/** The operator and value a filter editor edits, kept in step with the typed filter it emits. */
import { ref, watch } from 'vue';
import type { FieldMeta } from '../../api/operations';
import { widgetFor, type FieldFilter } from '../registry';
import { ARITY, fromFieldFilter, toFieldFilter, type Arity, type FilterOperatorId } from './operators';

export interface FilterEditorProps {
  field: FieldMeta;
  modelValue: FieldFilter | null;
}

export function useFilterCondition(props: FilterEditorProps, emit: (event: 'update:modelValue', value: FieldFilter | null) => void) {
  const operators: FilterOperatorId[] = widgetFor(props.field.kind)?.operators ?? ['eq'];
  const start = fromFieldFilter(props.modelValue, operators);
  const op = ref<FilterOperatorId>(start?.op ?? operators[0] ?? 'eq');
  const value = ref<unknown>(start?.value ?? null);
  const arity = (o: FilterOperatorId): Arity => ARITY[o];

  // Switching between operators of different arity starts the value afresh.
  watch(op, (next, previous) => {
    if (arity(next) !== arity(previous)) value.value = arity(next) === 'two' ? [null, null] : arity(next) === 'many' ? [] : null;
  });
  watch([op, value], () => emit('update:modelValue', toFieldFilter({ op: op.value, value: value.value })), { deep: true, immediate: true });

  return { operators, op, value, arity };
}
