/** What every option control receives: its spec, its value, the field's other keywords, and the workspace. */
import type { OptionSpec } from '../field-kinds';

export interface OptionContext {
  /** Objects a lookup may point at (API name and label in the current language). */
  objects: readonly { name: string; label: string }[];
  /** The workspace currency, the default of currency fields. */
  currency: string;
}

export interface OptionControlProps {
  spec: OptionSpec;
  modelValue: unknown;
  keywords: Record<string, unknown>;
  context: OptionContext;
  /** id of the control's input, for its <label>. */
  inputId?: string;
}
