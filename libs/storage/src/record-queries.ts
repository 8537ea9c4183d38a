/**
 * Reads and writes of one object's records. Filters arrive as json-logic and compile through the shared SQL
 * back end; identifiers come from the cached ObjectSql (validated, quoted); every value is a parameter.
 */
import type { ObjectModel } from '@funnelcraft/definitions';
import { compileCondition, SqlParams } from '@funnelcraft/expressions';
import { badInput, conflict, DomainError, ErrorCode, notFound } from '@funnelcraft/kernel';
import { fieldColumns } from './column-types.js';
import type { Queryable } from './db.js';
import { kindSql } from './kind-sql.js';
import { objectSql, tableOf, type ObjectSql } from './object-sql.js';
import { projectedSql, type Projection } from './projection.js';
import { keysetCondition, orderedSelect, orderSql, resolveOrder, variable, type OrderTerm } from './list-order.js';
import { withEffects, type WriteEffects } from './write-effects.js';
import { queryRead } from './prepared.js';
import { q } from './sql-text.js';

export type Row = Record<string, unknown>;
export type { NullsOrder, OrderTerm, ResolvedTerm, SortDirection } from './list-order.js';
export { keysetOrder } from './list-order.js';

export interface ListQuery {
  filter?: unknown;
  orderBy?: OrderTerm[];
  first: number;
  /** Keyset cursor: the sort values of the last row seen, then its id. */
  after?: unknown[];
  deleted?: boolean;
  /** Only these fields (and joined lookups); all fields when absent. */
  projection?: Projection;
}

export interface Page {
  rows: Row[];
  hasNextPage: boolean;
  /** Sort values (then id) per row, to build cursors. */
  keys: unknown[][];
}

/**
 * A record scope (json-logic from the records service's `authorize`: which records the actor may reach) as a
 * condition ANDed into a statement's WHERE; empty when the actor reaches every record.
 */
function scopeSql(s: ObjectSql, scope: unknown, params: SqlParams): string {
  return scope === undefined ? '' : ` AND (${compileCondition(scope, { resolve: (name) => s.vars.get(name), params })})`;
}

function whereFilter(s: ObjectSql, filter: unknown, params: SqlParams, deleted = false): string[] {
  const where = [deleted ? 't.deleted_at IS NOT NULL' : 't.deleted_at IS NULL'];
  if (filter !== undefined && filter !== null) {
    where.push(compileCondition(filter, { resolve: (name) => s.vars.get(name), params }));
  }
  return where;
}

export async function listRecords(db: Queryable, schema: string, o: ObjectModel, query: ListQuery): Promise<Page> {
  const s = objectSql(o);
  const params = new SqlParams();
  const read = orderedSelect(schema, o, query.orderBy, query.projection);
  const where = whereFilter(s, query.filter, params, query.deleted);
  if (query.after) where.push(keysetCondition(read.terms, query.after, params));
  const limit = params.add(query.first + 1);
  const sql = `SELECT ${read.select} FROM ${tableOf(schema, o)} t ${read.joins} WHERE ${where.join(' AND ')} ORDER BY ${read.order} LIMIT ${limit}`;
  const { rows } = await queryRead<Row>(db, sql, params.values);
  read.shape(rows);
  const hasNextPage = rows.length > query.first;
  if (hasNextPage) rows.pop();
  return { rows, hasNextPage, keys: rows.map(read.keyOf) };
}

export async function countRecords(db: Queryable, schema: string, o: ObjectModel, filter?: unknown, deleted = false): Promise<number> {
  const s = objectSql(o);
  const params = new SqlParams();
  const where = whereFilter(s, filter, params, deleted);
  const { rows } = await queryRead<{ n: number }>(db, `SELECT count(*)::int AS n FROM ${tableOf(schema, o)} t WHERE ${where.join(' AND ')}`, params.values);
  return rows[0]?.n ?? 0;
}

export async function findRecordsByIds(
  db: Queryable,
  schema: string,
  o: ObjectModel,
  ids: readonly string[],
  projection?: Projection,
  scope?: unknown,
): Promise<Row[]> {
  const p = projection && projectedSql(schema, o, projection);
  const params = new SqlParams();
  const idsParam = params.add(ids, 'uuid[]');
  const { rows } = await queryRead<Row>(
    db,
    `SELECT ${p?.select ?? objectSql(o).selectList} FROM ${tableOf(schema, o)} t ${p?.joins ?? ''} WHERE t.id = ANY(${idsParam}) AND t.deleted_at IS NULL${scopeSql(objectSql(o), scope, params)}`,
    params.values,
  );
  if (p) p.embed(rows);
  else objectSql(o).shape(rows);
  return rows;
}

/** Records of `o` pointing at each parent through `field`, at most `first` per parent, in one query. */
export async function findRelated(
  db: Queryable,
  schema: string,
  o: ObjectModel,
  field: string,
  parentIds: readonly string[],
  first: number,
  orderBy?: OrderTerm[],
  scope?: unknown,
): Promise<Map<string, Row[]>> {
  const s = objectSql(o);
  const link = variable(s, field, 'field');
  const order = orderSql(resolveOrder(s, orderBy));
  const params = new SqlParams();
  const [parents, limit] = [params.add(parentIds, 'uuid[]'), params.add(first, 'int')];
  const sql = `SELECT p.parent_id AS "__parent", r.* FROM unnest(${parents}) AS p(parent_id)
    CROSS JOIN LATERAL (SELECT ${s.selectList} FROM ${tableOf(schema, o)} t
      WHERE ${link.sql} = p.parent_id AND t.deleted_at IS NULL${scopeSql(s, scope, params)} ORDER BY ${order} LIMIT ${limit}) r`;
  const { rows } = await queryRead<Row>(db, sql, params.values);
  s.shape(rows);
  const byParent = new Map<string, Row[]>(parentIds.map((id) => [id, []]));
  for (const { __parent, ...row } of rows) byParent.get(__parent as string)?.push(row);
  return byParent;
}

export async function countRelated(
  db: Queryable,
  schema: string,
  o: ObjectModel,
  field: string,
  parentIds: readonly string[],
  scope?: unknown,
): Promise<Map<string, number>> {
  const s = objectSql(o);
  const link = variable(s, field, 'field');
  const params = new SqlParams();
  const parents = params.add(parentIds, 'uuid[]');
  const { rows } = await queryRead<{ parent: string; n: number }>(
    db,
    `SELECT ${link.sql} AS parent, count(*)::int AS n FROM ${tableOf(schema, o)} t WHERE ${link.sql} = ANY(${parents}) AND t.deleted_at IS NULL${scopeSql(s, scope, params)} GROUP BY 1`,
    params.values,
  );
  return new Map(rows.map((r) => [r.parent, r.n]));
}

export type AggregateFn = 'sum' | 'avg' | 'min' | 'max';
export interface AggregateQuery {
  filter?: unknown;
  groupBy: string[];
  metrics: { fn: AggregateFn; field: string }[];
}
export interface AggregateGroup {
  key: Record<string, unknown>;
  count: number;
  values: Record<AggregateFn, Record<string, number | string | null>>;
}

export async function aggregateRecords(db: Queryable, schema: string, o: ObjectModel, query: AggregateQuery): Promise<AggregateGroup[]> {
  const s = objectSql(o);
  const params = new SqlParams();
  const where = whereFilter(s, query.filter, params);
  const groups = query.groupBy.map((g, i) => ({ name: g, sql: variable(s, g, `groupBy[${i}]`).sql }));
  // Amounts of different currencies are never added up (nor compared): a metric over a currency field also
  // groups by that field's currency, under the key "<field>.currency".
  for (const m of query.metrics) {
    const f = o.fieldsByName.get(m.field);
    const extra = f ? (kindSql(f).metricGroups?.(fieldColumns(f).map((c) => `t.${q(c.column)}`)) ?? []) : [];
    for (const g of extra) {
      const name = `${m.field}.${g.key}`;
      if (!groups.some((x) => x.name === name)) groups.push({ name, sql: g.sql });
    }
  }
  const metrics = query.metrics.map((m, i) => ({ ...m, sql: `${m.fn}(${variable(s, m.field, `metrics[${i}]`).sql})` }));
  const select = [...groups.map((g, i) => `${g.sql} AS g${i}`), 'count(*)::int AS n', ...metrics.map((m, i) => `${m.sql} AS m${i}`)];
  const groupClause = groups.length ? ` GROUP BY ${groups.map((_, i) => i + 1).join(', ')} ORDER BY ${groups.map((_, i) => i + 1).join(', ')}` : '';
  const { rows } = await db.query<Row>(`SELECT ${select.join(', ')} FROM ${tableOf(schema, o)} t WHERE ${where.join(' AND ')}${groupClause}`, params.values);
  return rows.map((r) => {
    const values: AggregateGroup['values'] = { sum: {}, avg: {}, min: {}, max: {} };
    metrics.forEach((m, i) => (values[m.fn][m.field] = r[`m${i}`] as number | string | null));
    return { key: Object.fromEntries(groups.map((g, i) => [g.name, r[`g${i}`] ?? null])), count: r['n'] as number, values };
  });
}

/** Column values for one record, keyed by column name (the records service maps API names to columns). */
export type ColumnValues = Record<string, unknown>;

function typed(s: ObjectSql, column: string): string {
  const type = s.columnTypes.get(column);
  if (!type) throw badInput(`Unknown column ${column}`);
  return type;
}

export async function insertRecord(db: Queryable, schema: string, o: ObjectModel, values: ColumnValues, effects: WriteEffects): Promise<Row> {
  const s = objectSql(o);
  const params = new SqlParams();
  const columns = Object.keys(values);
  const placeholders = columns.map((c) => params.add(values[c], typed(s, c)));
  const insert = columns.length
    ? `INSERT INTO ${tableOf(schema, o)} AS t (${columns.map(q).join(', ')}) VALUES (${placeholders.join(', ')}) RETURNING ${s.selectList}`
    : `INSERT INTO ${tableOf(schema, o)} AS t DEFAULT VALUES RETURNING ${s.selectList}`;
  const { rows } = await db.query<Row>(withEffects({ schema, object: o, params, mayMiss: false }, insert, effects), params.values);
  s.shape(rows);
  return rows[0]!;
}

/** Many records in one statement: the rows travel as one JSON parameter, typed by a column definition list. */
export async function insertRecords(db: Queryable, schema: string, o: ObjectModel, records: ColumnValues[], effects: WriteEffects): Promise<Row[]> {
  if (!records.length) return [];
  const s = objectSql(o);
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const definition = columns.map((c) => `${q(c)} ${typed(s, c)}`).join(', ');
  const list = columns.map(q).join(', ');
  const params = new SqlParams([JSON.stringify(records)]);
  const insert = `INSERT INTO ${tableOf(schema, o)} AS t (${list}) SELECT ${list} FROM jsonb_to_recordset($1::jsonb) AS x(${definition}) RETURNING ${s.selectList}`;
  const { rows } = await db.query<Row>(withEffects({ schema, object: o, params, mayMiss: false }, insert, effects), params.values);
  s.shape(rows);
  return rows;
}

/**
 * Updates only when the stored version equals `expectedVersion`; otherwise CONFLICT (never a lost update).
 * Its effects write only if the update did: a stale move leaves no history.
 */
export async function updateRecord(
  db: Queryable,
  schema: string,
  o: ObjectModel,
  id: string,
  expectedVersion: number,
  values: ColumnValues,
  effects: WriteEffects,
  scope?: unknown,
): Promise<Row> {
  const s = objectSql(o);
  const params = new SqlParams();
  const sets = Object.keys(values).map((c) => `${q(c)} = ${params.add(values[c], typed(s, c))}`);
  sets.push('version = t.version + 1', 'updated_at = now()');
  const idParam = params.add(id);
  const update = `UPDATE ${tableOf(schema, o)} AS t SET ${sets.join(', ')} WHERE t.id = ${idParam}::uuid AND t.version = ${params.add(expectedVersion, 'int')} AND t.deleted_at IS NULL${scopeSql(s, scope, params)} RETURNING ${s.selectList}`;
  const { rows } = await db.query<Row>(withEffects({ schema, object: o, params, idParam, mayMiss: true }, update, effects), params.values);
  s.shape(rows);
  if (rows[0]) return rows[0];
  throw await missingOrStale(db, schema, o, id, expectedVersion, scope);
}

/** The one CONFLICT a stale version gets, wherever it is found (here, or by a service that read the record first). */
export function staleVersion(o: ObjectModel, id: string, currentVersion: unknown, expectedVersion: number | undefined): DomainError {
  return conflict(`${o.name} ${id} was changed by someone else (version ${String(currentVersion)}, you had ${String(expectedVersion)}); reload and try again`, [
    { path: 'version', message: 'stale version', currentVersion, expectedVersion },
  ]);
}

/** Throws the stale-version CONFLICT when a record read before a write is not at the version the caller had. */
export function assertVersion(o: ObjectModel, row: Row, expectedVersion: number): void {
  if (row['version'] !== expectedVersion) throw staleVersion(o, String(row['id']), row['version'], expectedVersion);
}

/** Why a write found no row: not there (or outside the actor's scope: the same answer, so ids cannot be probed), or stale. */
async function missingOrStale(db: Queryable, schema: string, o: ObjectModel, id: string, expectedVersion?: number, scope?: unknown): Promise<DomainError> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const { rows } = await db.query<{ version: number; deleted: boolean }>(
    `SELECT version, deleted_at IS NOT NULL AS deleted FROM ${tableOf(schema, o)} t WHERE t.id = ${idParam}::uuid${scopeSql(objectSql(o), scope, params)}`,
    params.values,
  );
  const found = rows[0];
  if (!found || found.deleted) return notFound(`${o.name} ${id}`, 'id');
  return staleVersion(o, id, found.version, expectedVersion);
}

/** Moves a record to the recycle bin (at `expectedVersion`, when given). */
export async function softDeleteRecord(
  db: Queryable,
  schema: string,
  o: ObjectModel,
  id: string,
  expectedVersion: number | undefined,
  effects: WriteEffects,
  scope?: unknown,
): Promise<Row> {
  const s = objectSql(o);
  const params = new SqlParams();
  const idParam = params.add(id);
  const versionCheck = expectedVersion === undefined ? '' : ` AND t.version = ${params.add(expectedVersion, 'int')}`;
  const update = `UPDATE ${tableOf(schema, o)} AS t SET deleted_at = now(), version = t.version + 1 WHERE t.id = ${idParam}::uuid AND t.deleted_at IS NULL${versionCheck}${scopeSql(s, scope, params)} RETURNING ${s.selectList}`;
  const { rows } = await db.query<Row>(withEffects({ schema, object: o, params, idParam, mayMiss: true }, update, effects), params.values);
  s.shape(rows);
  if (rows[0]) return rows[0];
  throw await missingOrStale(db, schema, o, id, expectedVersion, scope);
}

/** Takes a record out of the recycle bin; `binnedAt` is when it went in (what its delete cascaded to went in then too). */
export async function restoreRecord(
  db: Queryable,
  schema: string,
  o: ObjectModel,
  id: string,
  effects: WriteEffects,
  scope?: unknown,
): Promise<{ row: Row; binnedAt: string }> {
  const s = objectSql(o);
  const params = new SqlParams();
  const idParam = params.add(id);
  const binned = `binned AS (SELECT t.id, t.deleted_at FROM ${tableOf(schema, o)} t WHERE t.id = ${idParam}::uuid AND t.deleted_at IS NOT NULL${scopeSql(s, scope, params)} FOR UPDATE)`;
  const update = `UPDATE ${tableOf(schema, o)} AS t SET deleted_at = NULL, version = t.version + 1, updated_at = now() FROM binned
      WHERE t.id = binned.id RETURNING ${s.selectList}, binned.deleted_at AS "${BINNED_AT}"`;
  const { rows } = await db.query<Row>(withEffects({ schema, object: o, params, idParam, mayMiss: true }, update, effects, [binned]), params.values);
  s.shape(rows);
  const row = rows[0];
  if (!row) throw new DomainError(ErrorCode.NotFound, `${o.name} ${id} is not in the recycle bin`, [{ path: 'id', message: 'not deleted or not found' }]);
  const { [BINNED_AT]: binnedAt, ...record } = row;
  return { row: record, binnedAt: binnedAt as string };
}
const BINNED_AT = '__binnedAt';

/** Ids of binned records of `o` whose `field` points at `targetId` and that went into the bin at `binnedAt`. */
export async function binnedWith(db: Queryable, schema: string, o: ObjectModel, field: string, targetId: string, binnedAt: string): Promise<string[]> {
  const link = variable(objectSql(o), field, 'field');
  const { rows } = await db.query<{ id: string }>(`SELECT t.id FROM ${tableOf(schema, o)} t WHERE ${link.sql} = $1::uuid AND t.deleted_at = $2::timestamptz`, [
    targetId,
    binnedAt,
  ]);
  return rows.map((r) => r.id);
}

/** Ids of live records of `o` whose `field` points at `targetId` (for restrict / cascade on soft delete). */
export async function referencingIds(db: Queryable, schema: string, o: ObjectModel, field: string, targetId: string): Promise<string[]> {
  const s = objectSql(o);
  const link = variable(s, field, 'field');
  const { rows } = await db.query<{ id: string }>(`SELECT t.id FROM ${tableOf(schema, o)} t WHERE ${link.sql} = $1::uuid AND t.deleted_at IS NULL`, [targetId]);
  return rows.map((r) => r.id);
}
