/**
 * API names as the server accepts them (schemas/object-definition.schema.json#/definitions/apiName), and the
 * suggestions the designers derive from an English label so that most admins never type one.
 */

/** Objects and fields: camelCase ASCII, starting with a lower-case letter, at most 40 characters. */
export const API_NAME = /^[a-z][a-zA-Z0-9]{0,39}$/;
/** Stage keys (schemas/pipeline-definition.schema.json): lower_snake_case. */
export const STAGE_KEY = /^[a-z][a-z0-9_]{0,39}$/;

/** Columns every object table has; a field may not take their API names. */
export const SYSTEM_FIELD_NAMES: readonly string[] = ['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'ownerId', 'owner', 'version', 'deletedAt'];
/** Fields a pipeline adds to its object. */
export const PIPELINE_FIELD_NAMES: readonly string[] = [
  'pipeline',
  'stage',
  'probability',
  'stageEnteredAt',
  'closedOn',
  'outcome',
  'lostReason',
  'isIdle',
  'stageHistory',
];

/** Latin words of a label: accents dropped, anything else a separator. */
function words(label: string): string[] {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

/** "Start date" → "startDate"; "" when the label has no Latin letters to build a name from. */
export function suggestApiName(label: string): string {
  const parts = words(label);
  const joined = parts.map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())).join('');
  return joined.replace(/^[^a-z]+/, '').slice(0, 40);
}

/** "Closed won" → "closed_won" (stage keys and option values). */
export function suggestKey(label: string): string {
  return words(label)
    .map((w) => w.toLowerCase())
    .join('_')
    .replace(/^[^a-z]+/, '')
    .slice(0, 40);
}

/** The server's default plural (libs/kernel pluralize), shown as a suggestion. */
export function pluralize(name: string): string {
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(name)) return `${name}es`;
  return `${name}s`;
}

export type NameProblem = 'required' | 'pattern' | 'reserved' | 'taken';

/** Why a proposed API name cannot be used, or null. */
export function apiNameProblem(name: string, options: { taken?: Iterable<string>; reserved?: readonly string[]; pattern?: RegExp } = {}): NameProblem | null {
  if (!name) return 'required';
  if (!(options.pattern ?? API_NAME).test(name)) return 'pattern';
  if (options.reserved?.includes(name)) return 'reserved';
  for (const other of options.taken ?? []) if (other === name) return 'taken';
  return null;
}
