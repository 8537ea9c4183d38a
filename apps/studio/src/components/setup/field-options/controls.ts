/** Option controls by id: the components the kind registry (../field-kinds.ts) names for each option. */
import type { Component } from 'vue';
import type { ControlId } from '../field-kinds';
import ChoiceControl from './ChoiceControl.vue';
import CurrencyControl from './CurrencyControl.vue';
import JsonControl from './JsonControl.vue';
import NumberControl from './NumberControl.vue';
import ObjectControl from './ObjectControl.vue';
import OptionDefaultControl from './OptionDefaultControl.vue';
import OptionsControl from './OptionsControl.vue';
import SwitchControl from './SwitchControl.vue';
import TextControl from './TextControl.vue';

export const OPTION_CONTROLS: Record<ControlId, Component> = {
  number: NumberControl,
  integer: NumberControl,
  switch: SwitchControl,
  text: TextControl,
  choice: ChoiceControl,
  currency: CurrencyControl,
  options: OptionsControl,
  object: ObjectControl,
  json: JsonControl,
  optionDefault: OptionDefaultControl,
};
