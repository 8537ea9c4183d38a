/** Value editors of the condition builder, by value type (condition-logic.ts decides a rule's type). */
import type { Component } from 'vue';
import type { ValueType } from '../../../composables/setup/condition-logic';
import ValueBoolean from './ValueBoolean.vue';
import ValueDate from './ValueDate.vue';
import ValueNumber from './ValueNumber.vue';
import ValueOption from './ValueOption.vue';
import ValueText from './ValueText.vue';

export const VALUE_EDITORS: Record<Exclude<ValueType, 'none'>, Component> = {
  text: ValueText,
  number: ValueNumber,
  date: ValueDate,
  datetime: ValueDate,
  boolean: ValueBoolean,
  option: ValueOption,
};
