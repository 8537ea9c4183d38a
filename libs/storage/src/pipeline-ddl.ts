/** DDL for stage pipelines: the stage columns of an object, and the tenant's stage history table. */
import { defaultPipeline, PIPELINE_FIELDS, type ObjectModel, type PipelineModel } from '@funnelcraft/definitions';
import { objectName, q, quoteLiteral } from './sql-text.js';

export const STAGE_HISTORY_TABLE = 'stage_history';

/** Part of tenant-schema migration 1 (tenant-migrations.ts); IF NOT EXISTS adopts the table earlier layouts made. */
export function stageHistoryTable(schema: string): string[] {
  const t = `${q(schema)}.${q(STAGE_HISTORY_TABLE)}`;
  return [
    `CREATE TABLE IF NOT EXISTS ${t} (
  id uuid NOT NULL DEFAULT platform.new_id() PRIMARY KEY,
  object text NOT NULL,
  record_id uuid NOT NULL,
  pipeline text NOT NULL,
  from_stage text,
  to_stage text NOT NULL,
  moved_at timestamptz NOT NULL DEFAULT now(),
  moved_by uuid,
  amount numeric,
  currency text,
  days_in_previous numeric
)`,
    `CREATE INDEX IF NOT EXISTS stage_history_record_idx ON ${t} (object, record_id, moved_at)`,
    `CREATE INDEX IF NOT EXISTS stage_history_moved_idx ON ${t} (object, pipeline, moved_at)`,
  ];
}

const table = (schema: string, o: ObjectModel) => `${q(schema)}.${q(o.table)}`;
export const pipelineIndexName = (o: ObjectModel) => objectName(o.table, 'pipeline_stage', 'idx');

/** Adds the stage columns; existing records start in the default pipeline's first stage. */
export function enablePipelines(schema: string, o: ObjectModel): string[] {
  const t = table(schema, o);
  const sql = Object.values(PIPELINE_FIELDS).map((f) => `ALTER TABLE ${t} ADD COLUMN ${q(f.column)} ${f.sqlType}`);
  sql.push(`CREATE INDEX ${q(pipelineIndexName(o))} ON ${t} (pipeline, stage, stage_entered_at)`);
  const p = defaultPipeline(o.pipelines) as PipelineModel;
  const first = p.stages[0]!;
  sql.push(
    `UPDATE ${t} SET pipeline = ${quoteLiteral(p.key)}, stage = ${quoteLiteral(first.key)}, probability = ${quoteLiteral(first.probability)}, stage_entered_at = now()`,
  );
  return sql;
}

export function disablePipelines(schema: string, o: ObjectModel): string[] {
  return Object.values(PIPELINE_FIELDS).map((f) => `ALTER TABLE ${table(schema, o)} DROP COLUMN ${q(f.column)}`);
}

/** Finds records standing in stages a pipeline no longer has (they must be moved first). */
export function recordsInStagesSql(schema: string, o: ObjectModel, pipeline: string, stages: string[]): string {
  return `SELECT id, stage AS value FROM ${table(schema, o)} WHERE pipeline = ${quoteLiteral(pipeline)} AND stage = ANY(${quoteLiteral(stages)}) ORDER BY id LIMIT 20`;
}
