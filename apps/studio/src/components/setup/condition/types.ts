import type { ConditionField } from '../../../composables/setup/condition-logic';

/** A field as the condition builder offers it: API name, kind, label and labelled options. */
export interface BuilderField extends ConditionField {
  label: string;
  options: { value: string; label: string }[];
}

/** What a value editor receives. */
export interface ValueEditorProps {
  modelValue: unknown;
  field: BuilderField;
  /** `in`: a list of values. */
  multiple: boolean;
}
