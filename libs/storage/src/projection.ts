/**
 * Reads only what a query asks for. A projection names the fields to select and the lookups to join (one
 * level), so a list with its lookups is one statement; joined records come back embedded under EMBEDDED.
 */
import type { ObjectModel } from '@funnelcraft/definitions';
import { Lru } from '@funnelcraft/kernel';
import type { CompositeRead } from './kind-sql.js';
import { alias, objectSql, tableOf } from './object-sql.js';

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
  /** The alias of each lookup's join (`j0`…), whose columns are the target's API names. */
  joinAliases: ReadonlyMap<string, string>;
  /** Puts composite (currency) values together and moves the joined columns of each row into row[EMBEDDED]. */
  embed(rows: Record<string | symbol, unknown>[]): void;
}

/** The wanted fields that exist, `id` first; names are API names, validated when the model was built. */
const wantedOf = (items: Map<string, string[]>, fields: Iterable<string>): string[] => [...new Set(['id', ...fields])].filter((f) => items.has(f));

interface Embedded {
  field: string;
  /** API name → output column of the joined record's fields; `id` first. */
  keys: [string, string][];
  composites: ReadonlyMap<string, CompositeRead>;
}

/**
 * One function per projection that shapes each row: composite values put together, joined records moved into
 * row[EMBEDDED]. Generated so that every key is a constant (a page of rows then costs plain property copies,
 * not megamorphic keyed lookups); keys are validated API names, quoted with JSON.stringify.
 */
function embedder(composites: [string, CompositeRead][], embedded: Embedded[]): (rows: Record<string | symbol, unknown>[]) => void {
  if (!composites.length && !embedded.length) return () => undefined;
  const k = JSON.stringify;
  const own = composites.map(([f, c]) => `row[${k(f)}] = ${c.code(f)};`);
  const records = embedded.map(({ field, keys, composites: parts }) => {
    const props = keys.map(([name, key]) => `${k(name)}: ${parts.get(name)?.code(key) ?? `row[${k(key)}]`}`).join(', ');
    // A joined record whose id is null was not found (missing or deleted).
    return `${k(field)}: row[${k(keys[0]![1])}] === null ? null : { ${props} }`;
  });
  const embed = records.length ? `row[EMBEDDED] = { ${records.join(', ')} };` : '';
  return new Function('EMBEDDED', `return (rows) => { for (const row of rows) { ${own.join(' ')} ${embed} } };`)(EMBEDDED) as (
    rows: Record<string | symbol, unknown>[],
  ) => void;
}

function build(schema: string, o: ObjectModel, p: Projection): ProjectedSql {
  const s = objectSql(o);
  const own = wantedOf(s.readItems, p.fields);
  const select = own.flatMap((f) => s.readItems.get(f)!);
  const joins: string[] = [];
  const embedded: Embedded[] = [];
  const joinAliases = new Map<string, string>();
  let n = 0;
  for (const [field, join] of p.joins) {
    const link = s.vars.get(field);
    if (!link) continue;
    const j = `j${n++}`;
    joinAliases.set(field, j);
    const target = objectSql(join.target);
    const names = wantedOf(target.readItems, join.fields);
    const composites = new Map(names.flatMap((f) => (target.composites.has(f) ? [[f, target.composites.get(f)!] as const] : [])));
    // A derived table keeps the target's expressions over its own alias `t`; PostgreSQL flattens it into a join.
    joins.push(
      `LEFT JOIN (SELECT ${names.flatMap((f) => target.readItems.get(f)!).join(', ')} FROM ${tableOf(schema, join.target)} t WHERE t.deleted_at IS NULL) ${j} ON ${j}.id = ${link.sql}`,
    );
    const keys: [string, string][] = names.map((f) => [f, `${field}${SEP}${f}`]);
    for (const [f, key] of keys) {
      select.push(`${j}.${alias(f)} AS "${key}"`);
      for (const suffix of composites.get(f)?.suffixes ?? []) select.push(`${j}."${f}${suffix}" AS "${key}${suffix}"`);
    }
    embedded.push({ field, keys, composites });
  }
  const composites = own.flatMap((f): [string, CompositeRead][] => (s.composites.has(f) ? [[f, s.composites.get(f)!]] : []));
  return { select: select.join(', '), joins: joins.join(' '), joinAliases, embed: embedder(composites, embedded) };
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
