/**
 * The server's field-kind flags (the `fieldKinds` query, loaded with the workspace): whether a kind can be a
 * pipeline amount, is searched by a quick search, sorts, can name a record, can be required, links to a
 * record. The studio keeps no table of its own for these; a kind the server has not described (before the
 * workspace loads) gets the defaults below.
 */
import { shallowRef } from 'vue';
import type { FieldKindMeta, FieldMeta } from '../api/operations';

const kinds = shallowRef<ReadonlyMap<string, FieldKindMeta>>(new Map());

export function setFieldKinds(list: readonly FieldKindMeta[]): void {
  kinds.value = new Map(list.map((k) => [k.id, k]));
}

export const kindFlags = (kind: string): FieldKindMeta | undefined => kinds.value.get(kind);

/** Fields whose values can total a pipeline's amount. */
export const canBeAmount = (field: Pick<FieldMeta, 'kind'>): boolean => kindFlags(field.kind)?.canBeAmount ?? false;
/** Free text a quick search looks into with `contains`. */
export const isSearchable = (field: Pick<FieldMeta, 'kind'>): boolean => kindFlags(field.kind)?.searchable ?? false;
/** Kinds an object's display field can have. */
export const canBeTitle = (kind: string): boolean => kindFlags(kind)?.canBeTitle ?? false;
/** Whether a field of this kind can be in the object's `required` list (computed kinds cannot). */
export const isRequirable = (kind: string): boolean => kindFlags(kind)?.writable ?? true;
/** Whether values of this kind are stored (not computed when read), so a condition on one record in memory can test them. */
export const isStored = (kind: string): boolean => kindFlags(kind)?.stored ?? true;
/** Whether lists can sort by fields of this kind. */
export const kindSortable = (kind: string): boolean => kindFlags(kind)?.sortable ?? true;
