/** The field widget registry with every kind registered; import this, not registry.ts, from screens. */
import './formats';
import './widgets';

export * from './registry';
export * from './kind-flags';
export { useFormatContext } from './context';
export { default as FieldValue } from './FieldValue.vue';
export { default as FieldInput } from './FieldInput.vue';
export { default as FieldFilterEditor } from './FieldFilterEditor.vue';
export { optionColor } from './option-colors';
export { rememberLabel, typeName, useLookupSource, type LookupChoice } from './lookup-source';
export { ARITY, conditionComplete, fromFieldFilter, toFieldFilter, type FilterCondition } from './filters/operators';
export { useOperatorLabel } from './filters/operator-label';
