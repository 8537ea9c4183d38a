/**
 * Every field a record screen can show: the object's own fields, the stage fields of objects with pipelines,
 * and the owner and timestamps every record has. The extra ones are described as ordinary field metadata,
 * so they go through the same widget registry as the rest.
 */
import type { FieldMeta, Labels, ObjectMeta, PipelineMeta, SelectOption } from '../../api/operations';
import { kindFlags } from '../../fields/kind-flags';
import en from '../../i18n/locales/en/records';
import zh from '../../i18n/locales/zh/records';

type ExtraKey = keyof typeof en.extraFields;
const labels = (key: ExtraKey): Labels => ({ en: en.extraFields[key], zh: zh.extraFields[key] });

const CATEGORY_COLOR: Record<string, string | undefined> = { won: '#10b981', lost: '#ef4444' };

function extra(name: ExtraKey, kind: string, more: Partial<FieldMeta> = {}): FieldMeta {
  return { name, kind, label: labels(name), required: false, readOnly: true, ...more };
}

function stageOptions(pipelines: PipelineMeta[]): SelectOption[] {
  const seen = new Map<string, SelectOption>();
  for (const p of pipelines) {
    for (const s of p.stages) if (!seen.has(s.key)) seen.set(s.key, { value: s.key, label: s.label, color: CATEGORY_COLOR[s.category] });
  }
  return [...seen.values()];
}

/** Stage fields, present on objects with pipelines. */
export function stageFields(meta: ObjectMeta): FieldMeta[] {
  const pipelines = meta.pipelines ?? [];
  if (!pipelines.length) return [];
  return [
    extra('pipeline', 'single_select', { readOnly: false, options: pipelines.map((p) => ({ value: p.key, label: p.label })) }),
    extra('stage', 'single_select', { readOnly: false, options: stageOptions(pipelines) }),
    extra('probability', 'percent', { readOnly: false, document: { minimum: 0, maximum: 100 } }),
    extra('stageEnteredAt', 'datetime'),
    extra('closedOn', 'date'),
    extra('outcome', 'single_select', {
      options: [
        { value: 'won', label: labels('outcomeWon'), color: CATEGORY_COLOR['won'] },
        { value: 'lost', label: labels('outcomeLost'), color: CATEGORY_COLOR['lost'] },
      ],
    }),
    extra('lostReason', 'text', { readOnly: false, document: { maxLength: 500 } }),
    extra('isIdle', 'boolean', { document: { 'x-filterable': false, 'x-sortable': false } }),
  ];
}

/**
 * The owner (read as `owner`, filtered and written as `ownerId`) and the timestamps. A record created without
 * an owner is owned by its creator (the server's records service does that): `x-create-default` says so, for
 * the owner's input to tell the user.
 */
export function systemFields(): FieldMeta[] {
  return [
    extra('owner', 'user', { readOnly: false, document: { 'x-api-key': 'ownerId', 'x-create-default': 'creator' } }),
    extra('createdAt', 'datetime'),
    extra('updatedAt', 'datetime'),
  ];
}

const cache = new WeakMap<ObjectMeta, FieldMeta[]>();
const ownCache = new WeakMap<ObjectMeta, FieldMeta[]>();

/**
 * The object's own fields in the order screens show them: the display field, then required ones, then the
 * rest as the server lists them. (Definitions are stored as jsonb, which keeps no property order, so the
 * order they were written in is not available.)
 */
export function ownFields(meta: ObjectMeta): FieldMeta[] {
  let own = ownCache.get(meta);
  if (!own) {
    const rank = (f: FieldMeta) => (f.name === meta.displayField ? 0 : f.required ? 1 : 2);
    own = meta.fields
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .map(({ f }) => f);
    ownCache.set(meta, own);
  }
  return own;
}

/** Own fields first, then stage fields, then system fields; built once per loaded metadata. */
export function recordFields(meta: ObjectMeta): FieldMeta[] {
  let all = cache.get(meta);
  if (!all) {
    all = [...ownFields(meta), ...stageFields(meta), ...systemFields()];
    cache.set(meta, all);
  }
  return all;
}

export const STAGE_FIELD_NAMES = new Set(['pipeline', 'stage', 'probability', 'stageEnteredAt', 'closedOn', 'outcome', 'lostReason', 'isIdle']);
export const SYSTEM_FIELD_NAMES = new Set(['owner', 'createdAt', 'updatedAt']);

/**
 * A read-only link the system sets (a lead's "converted to" account, contact and opportunity) says nothing
 * while it is empty: record pages and forms leave it out until it has a value.
 */
export function isUnsetSystemLink(field: FieldMeta, value: unknown): boolean {
  const empty = value === null || value === undefined || value === '';
  return empty && !!field.readOnly && kindFlags(field.kind)?.link === 'record';
}
