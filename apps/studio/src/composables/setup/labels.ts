/** Labels as the designers edit them: English and Chinese always present, other languages kept as they were. */
export type LabelDraft = Record<string, string> & { en: string; zh: string };

export function labelDraft(labels: unknown, fallbackEn = ''): LabelDraft {
  const source = labels && typeof labels === 'object' ? (labels as Record<string, unknown>) : {};
  const kept = Object.fromEntries(Object.entries(source).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return { ...kept, en: kept['en'] ?? fallbackEn, zh: kept['zh'] ?? '' };
}

/** The labels worth writing: trimmed, empty ones dropped; undefined when none is left. */
export function cleanLabels(labels: Record<string, string>): Record<string, string> | undefined {
  const entries = Object.entries(labels)
    .map(([k, v]) => [k, v.trim()] as const)
    .filter(([, v]) => v !== '');
  return entries.length ? Object.fromEntries(entries) : undefined;
}

let counter = 0;
/** Keys for list rows (v-for) that survive reordering; never sent to the server. */
export const rowId = (prefix = 'row'): string => `${prefix}-${++counter}`;
