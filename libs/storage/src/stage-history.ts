/** Stage history rows: one per move (and per record entering its first stage). */
import type { Queryable } from './db.js';
import { STAGE_HISTORY_TABLE } from './pipeline-ddl.js';
import { q } from './sql-text.js';

export interface StageHistoryEntry {
  object: string;
  recordId: string;
  pipeline: string;
  fromStage: string | null;
  toStage: string;
  movedBy: string;
  amount: number | null;
  currency: string | null;
  daysInPrevious: number | null;
}

export interface StageHistoryRow extends StageHistoryEntry {
  id: string;
  movedAt: string;
}

const COLUMNS = 'object, record_id, pipeline, from_stage, to_stage, moved_by, amount, currency, days_in_previous';
const RECORD_TYPE =
  'object text, record_id uuid, pipeline text, from_stage text, to_stage text, moved_by uuid, amount numeric, currency text, days_in_previous numeric';

const asJson = (entries: StageHistoryEntry[]) =>
  JSON.stringify(
    entries.map((e) => ({
      object: e.object,
      record_id: e.recordId,
      pipeline: e.pipeline,
      from_stage: e.fromStage,
      to_stage: e.toStage,
      moved_by: e.movedBy,
      amount: e.amount,
      currency: e.currency,
      days_in_previous: e.daysInPrevious,
    })),
  );

/**
 * A data-modifying CTE writing history rows in the same statement as the record write (one round trip, one
 * atomic statement). `onlyIf` names a CTE that must have returned a row (the versioned update), so a stale
 * update writes no history.
 */
export function stageHistoryCte(schema: string, entries: StageHistoryEntry[], placeholder: string, onlyIf?: string): { sql: string; value: string } {
  const guard = onlyIf ? ` WHERE EXISTS (SELECT 1 FROM ${onlyIf})` : '';
  return {
    sql: `history AS (INSERT INTO ${q(schema)}.${q(STAGE_HISTORY_TABLE)} (${COLUMNS}) SELECT ${COLUMNS} FROM jsonb_to_recordset(${placeholder}::jsonb) AS x(${RECORD_TYPE})${guard})`,
    value: asJson(entries),
  };
}

export async function insertStageHistory(db: Queryable, schema: string, entries: StageHistoryEntry[]): Promise<void> {
  if (!entries.length) return;
  await db.query(`INSERT INTO ${q(schema)}.${q(STAGE_HISTORY_TABLE)} (${COLUMNS}) SELECT ${COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS x(${RECORD_TYPE})`, [
    asJson(entries),
  ]);
}

/**
 * Loads past stage history as it happened (imports, demo data): replaces the history of the given records
 * with entries at their own times, and sets when each record entered its current stage.
 */
export async function importStageHistory(
  db: Queryable,
  schema: string,
  objectTable: string,
  object: string,
  entries: (StageHistoryEntry & { movedAt: string })[],
  enteredAt: { id: string; at: string; createdAt: string }[],
): Promise<void> {
  const ids = enteredAt.map((e) => e.id);
  await db.query(`DELETE FROM ${q(schema)}.${q(STAGE_HISTORY_TABLE)} WHERE object = $1 AND record_id = ANY($2::uuid[])`, [object, ids]);
  await db.query(
    `INSERT INTO ${q(schema)}.${q(STAGE_HISTORY_TABLE)} (${COLUMNS}, moved_at) SELECT ${COLUMNS}, moved_at
       FROM jsonb_to_recordset($1::jsonb) AS x(${RECORD_TYPE}, moved_at timestamptz)`,
    [JSON.stringify(entries.map((e, i) => ({ ...(JSON.parse(asJson([e])) as object[])[0], moved_at: entries[i]!.movedAt })))],
  );
  await db.query(
    `UPDATE ${q(schema)}.${q(objectTable)} t SET stage_entered_at = x.at, created_at = x.created_at, closed_on = CASE WHEN t.outcome IS NULL THEN NULL ELSE x.at::date END
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, at timestamptz, created_at timestamptz) WHERE t.id = x.id`,
    [JSON.stringify(enteredAt.map((e) => ({ id: e.id, at: e.at, created_at: e.createdAt })))],
  );
}

export async function stageHistoryOf(db: Queryable, schema: string, object: string, recordIds: readonly string[]): Promise<StageHistoryRow[]> {
  const { rows } = await db.query<StageHistoryRow>(
    `SELECT id, object, record_id AS "recordId", pipeline, from_stage AS "fromStage", to_stage AS "toStage", moved_at AS "movedAt",
            moved_by AS "movedBy", amount, currency, days_in_previous AS "daysInPrevious"
       FROM ${q(schema)}.${q(STAGE_HISTORY_TABLE)} WHERE object = $1 AND record_id = ANY($2::uuid[]) ORDER BY moved_at, id`,
    [object, recordIds],
  );
  return rows;
}
