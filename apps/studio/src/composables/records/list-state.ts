/**
 * The layout of a list as the user shapes it (columns, filter conditions, sort, page size), and its round trip
 * to a saved view's definition, whose filter is the object's GraphQL filter as JSON.
 */
import type { FieldMeta, ObjectMeta } from '../../api/operations';
import type { ConditionFields, ConditionNode } from '../../conditions/condition-tree';
import { sameFilter, splitFilter, toFilterPart } from '../../conditions/filter-tree';
import { apiKeyOf, isSortable, listsByDefault, operatorsOf } from '../../fields';
import type { OrderTerm, RecordFilter } from './queries';
import { ownFields, STAGE_FIELD_NAMES } from './record-fields';
import type { ViewDefinition } from './saved-views';

export interface ListState {
  columns: string[];
  /** The filter's chips, all of which must hold: conditions and groups (any / all of), each possibly negated. */
  conditions: ConditionNode[];
  /** Parts of a saved filter the builder cannot show (e.g. written through the API): kept as they are. */
  extra: RecordFilter[];
  sort: OrderTerm | null;
  pageSize: number;
}

export const PAGE_SIZES = [20, 50, 100] as const;
const DEFAULT_COLUMNS = 5;

export function defaultColumns(meta: ObjectMeta, fields: FieldMeta[]): string[] {
  const display = meta.displayField;
  const stage = fields.some((f) => f.name === 'stage') ? ['stage'] : [];
  const own = ownFields(meta)
    .filter((f) => f.name !== display && listsByDefault(f))
    .map((f) => f.name);
  return [display, ...stage, ...own].slice(0, DEFAULT_COLUMNS).concat(['owner']);
}

export function defaultState(meta: ObjectMeta, fields: FieldMeta[]): ListState {
  return { columns: defaultColumns(meta, fields), conditions: [], extra: [], sort: null, pageSize: 50 };
}

/** The fields a saved filter's chips may name, with the operators their filter editors offer. */
export const conditionFields = (fields: readonly FieldMeta[]): ConditionFields => ({ fields, operatorsOf });

/** The filter to send: every chip, the kept extras and the quick search, all together (AND). */
export function graphqlFilter(state: ListState, fields: FieldMeta[], search?: { field: FieldMeta; text: string }): RecordFilter | null {
  const parts = state.conditions.map((node) => toFilterPart(node, fields)).filter((p): p is RecordFilter => !!p);
  parts.push(...state.extra);
  if (search && search.text.trim()) parts.push({ [apiKeyOf(search.field)]: { contains: search.text.trim() } });
  return parts.length ? { and: parts } : null;
}

export function toDefinition(state: ListState, fields: FieldMeta[]): ViewDefinition {
  const filter = graphqlFilter(state, fields);
  return {
    columns: [...state.columns],
    filter,
    orderBy: state.sort ? [{ ...state.sort }] : [],
    pageSize: state.pageSize,
  };
}

/** A saved definition as list state; unknown columns are dropped, filter parts the builder cannot show are kept. */
export function fromDefinition(def: ViewDefinition | null | undefined, meta: ObjectMeta, fields: FieldMeta[]): ListState {
  const base = defaultState(meta, fields);
  if (!def) return base;
  const known = new Set(fields.map((f) => f.name));
  const byKey = new Map(fields.map((f) => [apiKeyOf(f), f]));
  const columns = (def.columns ?? []).filter((c) => known.has(c));
  const { nodes: conditions, extra } = splitFilter(def.filter, conditionFields(fields));
  const sortTerm = def.orderBy?.[0];
  const sortField = sortTerm ? byKey.get(sortTerm.field) : undefined;
  return {
    columns: columns.length ? columns : base.columns,
    conditions,
    extra,
    sort:
      sortTerm && sortField && isSortable(sortField)
        ? { field: sortTerm.field, direction: sortTerm.direction === 'DESC' ? 'DESC' : 'ASC', nulls: 'LAST' }
        : null,
    pageSize: (PAGE_SIZES as readonly number[]).includes(def.pageSize ?? 0) ? (def.pageSize as number) : base.pageSize,
  };
}

/** Whether two definitions describe the same list (to flag a saved view as modified); filters by what they say, not how they are written. */
export const sameDefinition = (a: ViewDefinition, b: ViewDefinition) =>
  sameFilter(a.filter, b.filter) &&
  JSON.stringify([a.columns ?? [], a.orderBy ?? [], a.pageSize ?? 50]) === JSON.stringify([b.columns ?? [], b.orderBy ?? [], b.pageSize ?? 50]);

export const isStageField = (name: string) => STAGE_FIELD_NAMES.has(name);
