/**
 * Reads only what a query asks for. A projection names the fields to select and the lookups to join (one
 * level), so a list with its lookups is one statement; joined records come back embedded under EMBEDDED.
 */
import type { ObjectModel } from '@funnelcraft/definitions';
import { alias, objectSql, tableOf } from './object-sql.js';
import { Lru } from '@funnelcraft/kernel';

export interface Projection {
  /** API names of system fields and fields to select (`id` is always selected). */
  fields: ReadonlySet<string>;
  /** Lookup field → projection of the record it points at. */
  joins: ReadonlyMap<string, { target: ObjectModel; fields: ReadonlySet<string> }>;
}

/** Where joined lookup records are put on a row: `row[EMBEDDED][lookupField]`. */
export const EMBEDDED = Symbol('embedded');
export type EmbeddedRecords = Record<string, Record<string, unknown> | null>;

const SEP = '__';

export interface ProjectedSql {
  select: string;
  joins: string;
  /** Moves the joined columns of each row into row[EMBEDDED]. */
  embed(rows: Record<string | symbol, unknown>[]): void;
}

/** `expr AS "name"` for the wanted fields that exist; names are API names, validated when the model was built. */
function selectOf(exprs: Map<string, string>, fields: Iterable<string>): string[] {
  return [...new Set(['id', ...fields])].filter((f) => exprs.has(f)).map((f) => `${exprs.get(f)} AS ${alias(f)}`);
}

/**
 * One function per projection that moves the joined columns of each row into row[EMBEDDED], generated so that
 * every key is a constant (a page of rows then costs plain property copies, not megamorphic keyed lookups).
 * Keys are validated API names, quoted with JSON.stringify.
 */
function embedder(embedded: { field: string; keys: [string, string][] }[]): (rows: Record<string | symbol, unknown>[]) => void {
  if (!embedded.length) return () => undefined;
  const k = JSON.stringify;
  const records = embedded.map(({ field, keys }) => {
    const props = keys.map(([name, key]) => `${k(name)}: row[${k(key)}]`).join(', ');
    // `id` is first among the keys: a joined record whose id is null was not found (missing or deleted).
    return `${k(field)}: row[${k(keys[0]![1])}] === null ? null : { ${props} }`;
  });
  return new Function('EMBEDDED', `return (rows) => { for (const row of rows) row[EMBEDDED] = { ${records.join(', ')} }; };`)(EMBEDDED) as (rows: Record<string | symbol, unknown>[]) => void;
}

function build(schema: string, o: ObjectModel, p: Projection): ProjectedSql {
  const s = objectSql(o);
  const select = selectOf(s.selectExprs, p.fields);
  const joins: string[] = [];
  const embedded: { field: string; keys: [string, string][] }[] = [];
  let n = 0;
  for (const [field, join] of p.joins) {
    const link = s.vars.get(field);
    if (!link) continue;
    const j = `j${n++}`;
    const target = objectSql(join.target);
    const names = [...new Set(['id', ...join.fields])].filter((f) => target.selectExprs.has(f));
    // A derived table keeps the target's expressions over its own alias `t`; PostgreSQL flattens it into a join.
    joins.push(`LEFT JOIN (SELECT ${selectOf(target.selectExprs, names).join(', ')} FROM ${tableOf(schema, join.target)} t WHERE t.deleted_at IS NULL) ${j} ON ${j}.id = ${link.sql}`);
    const keys: [string, string][] = names.map((f) => [f, `${field}${SEP}${f}`]);
    select.push(...keys.map(([f, key]) => `${j}.${alias(f)} AS "${key}"`));
    embedded.push({ field, keys });
  }
  return { select: select.join(', '), joins: joins.join(' '), embed: embedder(embedded) };
}

// Projections repeat (the same query runs again and again): their SQL and embedder are built once per shape.
const cache = new WeakMap<ObjectModel, Lru<string, ProjectedSql>>();
const shapeKey = (schema: string, p: Projection): string =>
  `${schema}|${[...p.fields].join(',')}|${[...p.joins].map(([f, j]) => `${f}:${j.target.name}(${[...j.fields].join(',')})`).join(';')}`;

export function projectedSql(schema: string, o: ObjectModel, p: Projection): ProjectedSql {
  let byShape = cache.get(o);
  if (!byShape) cache.set(o, (byShape = new Lru(200)));
  const key = shapeKey(schema, p);
  let built = byShape.get(key);
  if (!built) byShape.set(key, (built = build(schema, o, p)));
  return built;
}
