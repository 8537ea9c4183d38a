/** The operator and value a filter editor edits, emitted as the condition whenever either changes. */
import { ref, watch } from 'vue';
import type { FieldMeta } from '../../api/operations';
import { widgetFor } from '../registry';
import { ARITY, type Arity, type FilterCondition, type FilterOperatorId } from './operators';

export interface FilterEditorProps {
  field: FieldMeta;
  modelValue: FilterCondition | null;
}

export function useFilterCondition(props: FilterEditorProps, emit: (event: 'update:modelValue', value: FilterCondition) => void) {
  const operators: FilterOperatorId[] = widgetFor(props.field.kind)?.operators ?? ['eq'];
  // The editor starts from its model and is the source of its own state from then on (it is re-created when the field changes).
  const start = props.modelValue && operators.includes(props.modelValue.op) ? props.modelValue : null;
  const op = ref<FilterOperatorId>(start?.op ?? operators[0] ?? 'eq');
  const value = ref<unknown>(start?.value ?? null);
  const arity = (o: FilterOperatorId): Arity => ARITY[o];

  // Switching between operators of different arity starts the value afresh.
  watch(op, (next, previous) => {
    if (arity(next) !== arity(previous)) value.value = arity(next) === 'two' ? [null, null] : arity(next) === 'many' ? [] : null;
  });
  watch([op, value], () => emit('update:modelValue', { op: op.value, value: value.value }), { deep: true, immediate: true });

  return { operators, op, value, arity };
}
