/**
 * The kanban board of one pipeline in two statements: per-stage totals (count, amount in the reporting
 * currency, probability-weighted amount), and the first cards of every stage (one index-backed LATERAL
 * subquery per stage, each fetching one more card than asked, to know whether more remain).
 */
import type { ObjectModel, PipelineModel } from '@funnelcraft/definitions';
import { compileCondition, SqlParams } from '@funnelcraft/expressions';
import { fieldColumns } from './column-types.js';
import type { Queryable } from './db.js';
import { kindSql } from './kind-sql.js';
import { objectSql, tableOf } from './object-sql.js';
import { queryRead } from './prepared.js';
import type { Projection } from './projection.js';
import type { OrderTerm, Row } from './record-queries.js';
import { orderedSelect } from './list-order.js';
import { q } from './sql-text.js';

export interface BoardTotals {
  stage: string;
  count: number;
  amount: number | null;
  weightedAmount: number | null;
  /** Records whose amount could not be converted (no rate for their currency): left out of the totals. */
  unconverted: number;
}

function amountSql(o: ObjectModel, p: PipelineModel, reportingParam: string): { amount: string; unconverted: string; join: string } {
  const f = p.amountField ? o.fieldsByName.get(p.amountField) : undefined;
  if (!f) return { amount: 'NULL::numeric', unconverted: '0', join: '' };
  const cols = fieldColumns(f).map((c) => `t.${q(c.column)}`);
  const total = kindSql(f).amount;
  return total ? total(cols, reportingParam) : { amount: cols[0]!, unconverted: '0', join: '' };
}

function boardWhere(o: ObjectModel, p: PipelineModel, filter: unknown, params: SqlParams): string {
  const s = objectSql(o);
  const where = ['t.deleted_at IS NULL', `t.pipeline = ${params.add(p.key, 'text')}`];
  if (filter !== undefined && filter !== null) where.push(compileCondition(filter, { resolve: (n) => s.vars.get(n), params }));
  return where.join(' AND ');
}

export async function boardTotals(
  db: Queryable,
  schema: string,
  o: ObjectModel,
  p: PipelineModel,
  tenantId: string,
  reportingCurrency: string,
  filter?: unknown,
): Promise<BoardTotals[]> {
  const params = new SqlParams([tenantId]);
  const reporting = params.add(reportingCurrency, 'text');
  const a = amountSql(o, p, reporting);
  const where = boardWhere(o, p, filter, params);
  const { rows } = await queryRead<BoardTotals>(
    db,
    `SELECT t.stage, count(*)::int AS count, sum(${a.amount}) AS amount, sum(${a.amount} * t.probability / 100) AS "weightedAmount", ${a.unconverted}::int AS unconverted
       FROM ${tableOf(schema, o)} t ${a.join} WHERE ${where} GROUP BY t.stage`,
    params.values,
  );
  return rows;
}

/** The first `first` cards of each stage (plus one, to tell whether more remain), in the given order. */
export async function boardCards(
  db: Queryable,
  schema: string,
  o: ObjectModel,
  p: PipelineModel,
  first: number,
  orderBy: OrderTerm[],
  projection: Projection,
  filter?: unknown,
): Promise<Map<string, { rows: Row[]; keys: unknown[][]; hasNextPage: boolean }>> {
  const params = new SqlParams();
  const stages = params.add(
    p.stages.map((s) => s.key),
    'text[]',
  );
  const where = boardWhere(o, p, filter, params);
  const read = orderedSelect(schema, o, orderBy, projection, ['stage']);
  const limit = params.add(first + 1, 'int');
  const { rows } = await queryRead<Row>(
    db,
    `SELECT c.* FROM unnest(${stages}) AS s(key) CROSS JOIN LATERAL (
       SELECT ${read.select} FROM ${tableOf(schema, o)} t ${read.joins} WHERE ${where} AND t.stage = s.key ORDER BY ${read.order} LIMIT ${limit}
     ) c`,
    params.values,
  );
  read.shape(rows);
  const byStage = new Map(p.stages.map((s) => [s.key, { rows: [] as Row[], keys: [] as unknown[][], hasNextPage: false }]));
  for (const row of rows) {
    const column = byStage.get(row['stage'] as string);
    if (!column) continue;
    if (column.rows.length === first) {
      column.hasNextPage = true;
      continue;
    }
    column.rows.push(row);
    column.keys.push(read.keyOf(row));
  }
  return byStage;
}
