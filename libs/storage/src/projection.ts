/**
 * Reads only what a query asks for. A projection names the fields to select and the lookups to join (one
 * level), so a list with its lookups is one statement; joined records come back embedded under EMBEDDED.
 */
import type { ObjectModel } from '@funnelcraft/definitions';
import { alias, objectSql, tableOf } from './object-sql.js';
import { q } from './sql-text.js';

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

export function projectedSql(schema: string, o: ObjectModel, p: Projection): ProjectedSql {
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
  return {
    select: select.join(', '),
    joins: joins.join(' '),
    embed(rows) {
      if (!embedded.length) return;
      for (const row of rows) {
        const records: EmbeddedRecords = {};
        for (const { field, keys } of embedded) {
          const rec: Record<string, unknown> = {};
          // The flat `lookup__field` keys stay on the row (deleting keys makes V8 objects slow); nothing reads them.
          for (const [name, key] of keys) rec[name] = row[key];
          records[field] = rec['id'] === null ? null : rec;
        }
        row[EMBEDDED] = records;
      }
    },
  };
}

