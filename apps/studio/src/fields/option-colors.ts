/** The colour of a select option: its own, else one from a soft palette by its position (stable per field). */
import type { FieldMeta } from '../api/operations';

const PALETTE = ['#6366f1', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#14b8a6', '#ec4899', '#84cc16', '#64748b'];

export function optionColor(field: FieldMeta, value: string): string {
  const options = field.options ?? [];
  const index = options.findIndex((o) => o.value === value);
  const own = options[index]?.color;
  if (own) return own;
  return PALETTE[(index < 0 ? 0 : index) % PALETTE.length] ?? '#64748b';
}
