/**
 * The order of a list or board, and its keyset: the given terms, then id. A term is a field of the object
 * (`closeDate`) or a field of the record a lookup points at (`account.name`). A term through a lookup reads
 * the joined record: the projection's own join of that lookup when the query selects it (one join, as a
 * hand-written query would have), or a join of its own otherwise. Either join reads only live records, so a
 * lookup to a binned record sorts as a missing one (null). Whether the actor may read that field is the
 * records service's question (it asks it as for a filter), not this file's.
 */
import type { ObjectModel } from '@funnelcraft/definitions';
import { SQL_CAST, type SqlParams, type SqlVariable } from '@funnelcraft/expressions';
import { badInput } from '@funnelcraft/kernel';
import { alias, objectSql, tableOf, type ObjectSql } from './object-sql.js';
import { EMBEDDED, projectedSql, type EmbeddedRecords, type Projection } from './projection.js';

export type SortDirection = 'ASC' | 'DESC';
export type NullsOrder = 'FIRST' | 'LAST';

export interface OrderTerm {
  /** An API name of the object, or `lookup.field` for a field of the record a lookup points at. */
  field: string;
  direction: SortDirection;
  nulls?: NullsOrder;
  /** For `lookup.field`: the object the lookup points at (the records service fills it from the model). */
  target?: ObjectModel;
}

export interface ResolvedTerm {
  v: SqlVariable;
  field: string;
  direction: SortDirection;
  nulls: NullsOrder;
  /** For a term through a lookup: the lookup and the target's field, whose value the row carries embedded. */
  via?: { lookup: string; field: string };
}

type AnyRow = Record<string | symbol, unknown>;

export function variable(s: ObjectSql, name: string, path: string): SqlVariable {
  const v = s.vars.get(name);
  if (!v) throw badInput(`Unknown field "${name}" on ${s.object.name}`, [{ path, message: `unknown field "${name}"` }]);
  return v;
}

/** PostgreSQL's default: NULLS LAST for ASC, NULLS FIRST for DESC. */
const nullsOf = (t: OrderTerm): NullsOrder => t.nulls ?? (t.direction === 'ASC' ? 'LAST' : 'FIRST');

/** Terms of the object's own fields, then id; a term through a lookup is refused (related lists: no join). */
export function resolveOrder(s: ObjectSql, orderBy: OrderTerm[] = []): ResolvedTerm[] {
  const terms = orderBy.map((t, i) => {
    const path = `orderBy[${i}].field`;
    if (t.field.includes('.'))
      throw badInput(`A related list is sorted by its own fields, not by "${t.field}"`, [{ path, message: 'sort through a lookup: lists and boards only' }]);
    return { v: variable(s, t.field, path), field: t.field, direction: t.direction, nulls: nullsOf(t) };
  });
  if (!terms.some((t) => t.field === 'id')) terms.push({ v: variable(s, 'id', 'orderBy'), field: 'id', direction: 'ASC', nulls: 'LAST' });
  return terms;
}

export const orderSql = (terms: ResolvedTerm[]): string => terms.map((t) => `${t.v.sql} ${t.direction} NULLS ${t.nulls}`).join(', ');

/** The full ordering of a list of own fields (the given terms, then id) as SQL, and its terms. */
export function keysetOrder(o: ObjectModel, orderBy: OrderTerm[] | undefined): { terms: ResolvedTerm[]; order: string } {
  const terms = resolveOrder(objectSql(o), orderBy);
  return { terms, order: orderSql(terms) };
}

export interface OrderedSelect {
  terms: ResolvedTerm[];
  order: string;
  select: string;
  joins: string;
  /** Shapes rows read with `select` (composites put together, joined records embedded). */
  shape(rows: AnyRow[]): void;
  /** The sort values of a shaped row, in the order of `terms`: what its cursor holds. */
  keyOf(row: AnyRow): unknown[];
}

const amountOf = (v: unknown): unknown => (v && typeof v === 'object' && 'amount' in v ? (v as { amount: unknown }).amount : (v ?? null));
/** Output columns of lookup sort joins of their own: `"<lookup>.<field>"` (two API names, checked above), a name no field can have. */
const sortColumn = (lookup: string, field: string) => `${lookup}.${field}`;

/**
 * The select list, joins and order of a read sorted by `orderBy`, with `projection` (all fields when absent)
 * and `extra` own fields it must also read. Sort values come back too: they make the cursors.
 */
export function orderedSelect(
  schema: string,
  o: ObjectModel,
  orderBy: OrderTerm[] = [],
  projection: Projection | undefined,
  extra: string[] = [],
): OrderedSelect {
  const s = objectSql(o);
  const through = orderBy.flatMap((t, i) => (t.field.includes('.') ? [{ t, i }] : []));
  if (!through.length) {
    const { terms, order } = keysetOrder(o, orderBy);
    const wanted = [...extra, ...terms.map((t) => t.field)];
    const p = projection && projectedSql(schema, o, { ...projection, fields: new Set([...projection.fields, ...wanted]) });
    return {
      terms,
      order,
      select: p?.select ?? s.selectList,
      joins: p?.joins ?? '',
      shape: p ? p.embed : (s.shape as (rows: AnyRow[]) => void),
      keyOf: (row) => terms.map((t) => amountOf(row[t.field])),
    };
  }
  // Through lookups: the projection is needed to embed the joined values; absent, it reads every own field.
  const base: Projection = projection ?? { fields: new Set(s.readItems.keys()), joins: new Map() };
  const joins = new Map(base.joins);
  const ownJoins: string[] = [];
  const selects: string[] = [];
  const resolved = new Map<number, ResolvedTerm>();
  let n = 0;
  for (const { t, i } of through) {
    const path = `orderBy[${i}].field`;
    const [lookup, field] = t.field.split('.', 2) as [string, string];
    const f = o.fieldsByName.get(lookup);
    if (f?.kind.link !== 'record' || !t.target || t.target.name !== f.target)
      throw badInput(`"${lookup}" is not a lookup of ${o.name}`, [{ path, message: `unknown lookup "${lookup}"` }]);
    const target = objectSql(t.target);
    const tv = variable(target, field, path);
    const joined = joins.get(lookup);
    if (joined) {
      // Read through the projection's own join: the sort field joins its fields (aliased by API name).
      joins.set(lookup, { target: joined.target, fields: new Set([...joined.fields, field]) });
      resolved.set(i, { v: { sql: '', type: tv.type }, field: t.field, direction: t.direction, nulls: nullsOf(t), via: { lookup, field } });
    } else {
      const as = `o${n++}`;
      const link = variable(s, lookup, path);
      ownJoins.push(`LEFT JOIN (SELECT t.id, ${tv.sql} AS v FROM ${tableOf(schema, t.target)} t WHERE t.deleted_at IS NULL) ${as} ON ${as}.id = ${link.sql}`);
      selects.push(`${as}.v AS "${sortColumn(lookup, field)}"`);
      resolved.set(i, { v: { sql: `${as}.v`, type: tv.type }, field: t.field, direction: t.direction, nulls: nullsOf(t) });
    }
  }
  // Own terms keep their places among the others; the id tie-breaker (when none is given) comes last.
  const ownTerms = resolveOrder(
    s,
    orderBy.filter((t) => !t.field.includes('.')),
  );
  const p = projectedSql(schema, o, { fields: new Set([...base.fields, ...extra, ...ownTerms.map((t) => t.field)]), joins });
  const terms = orderBy.map((_t, i) => resolved.get(i) ?? ownTerms.shift()!);
  terms.push(...ownTerms);
  for (const t of terms) if (t.via) t.v = { sql: `${p.joinAliases.get(t.via.lookup)!}.${alias(t.via.field)}`, type: t.v.type };
  return {
    terms,
    order: orderSql(terms),
    select: [p.select, ...selects].join(', '),
    joins: [p.joins, ...ownJoins].join(' '),
    shape: p.embed,
    keyOf: (row) =>
      terms.map((t) => {
        if (t.via) return amountOf((row[EMBEDDED] as EmbeddedRecords | undefined)?.[t.via.lookup]?.[t.via.field]);
        return t.field.includes('.') ? (row[t.field] ?? null) : amountOf(row[t.field]);
      }),
  };
}

/** Rows strictly after `key` in the order of `terms` (nulls placed as the terms say). */
export function keysetCondition(terms: ResolvedTerm[], key: unknown[], params: SqlParams): string {
  if (key.length !== terms.length) throw badInput('The cursor does not match this ordering', [{ path: 'after', message: 'stale or foreign cursor' }]);
  const param = (t: ResolvedTerm, value: unknown) => params.add(value, SQL_CAST[t.v.type]);
  const eq = (t: ResolvedTerm, value: unknown) => (value === null ? `${t.v.sql} IS NULL` : `${t.v.sql} = ${param(t, value)}`);
  const after = (t: ResolvedTerm, value: unknown) => {
    const op = t.direction === 'ASC' ? '>' : '<';
    if (value === null) return t.nulls === 'FIRST' ? `${t.v.sql} IS NOT NULL` : 'FALSE';
    return t.nulls === 'LAST' ? `(${t.v.sql} ${op} ${param(t, value)} OR ${t.v.sql} IS NULL)` : `${t.v.sql} ${op} ${param(t, value)}`;
  };
  const branches = terms.map((t, i) => [...terms.slice(0, i).map((p, j) => eq(p, key[j] ?? null)), after(t, key[i] ?? null)].join(' AND '));
  const chain = `(${branches.map((b) => `(${b})`).join(' OR ')})`;
  const bound = leadingBound(terms[0]!, key[0] ?? null, param);
  return bound ? `${bound} AND ${chain}` : chain;
}

/** Columns that are never null whatever the definition says (system columns). */
const NOT_NULL_FIELDS = new Set(['id', 'createdAt', 'updatedAt']);

/**
 * A range on the first sort term that every row after the cursor satisfies, redundant with the OR chain but
 * in a form PostgreSQL can use as an index condition: without it a deep page scans the index from the top and
 * filters out every row before the cursor (5,000 rows in for a page 5,000 deep; with it, about 70).
 * Exact only where no null can follow the cursor: nulls placed first, or a column that is never null (of the
 * object itself: through a lookup any value can be null, the lookup being empty).
 */
function leadingBound(t: ResolvedTerm, value: unknown, param: (t: ResolvedTerm, value: unknown) => string): string | null {
  if (value === null || (t.nulls === 'LAST' && !NOT_NULL_FIELDS.has(t.field))) return null;
  return `${t.v.sql} ${t.direction === 'ASC' ? '>=' : '<='} ${param(t, value)}`;
}
