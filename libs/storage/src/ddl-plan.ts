/**
 * Turns definition changes into DDL. Every identifier is quoted, every default is an escaped literal of the
 * field's own type. Steps that can lose data say so and carry the query that counts what would be lost.
 */
import type { Change, FieldModel, ObjectModel } from '@funnelcraft/definitions';
import { fieldColumns } from './column-types.js';
import { fkName, indexName, seqName, table, uniqueName, userKey } from './ddl-names.js';
import { FIELD_HISTORY_TABLE } from './field-history.js';
import { disablePipelines, enablePipelines, pipelineIndexName, recordsInStagesSql, STAGE_HISTORY_TABLE } from './pipeline-ddl.js';
import { kindSql, type FieldDdl } from './kind-sql.js';
import { objectName, q, quoteLiteral } from './sql-text.js';

export interface ConversionCheck {
  /** Returns offending rows as (id, value); any row means the change cannot be applied. */
  sql: string;
  message: string;
}

export interface PlanStep {
  action: Change['action'];
  object: string;
  field?: string;
  description: string;
  sql: string[];
  /** Statements run after every step's `sql` (foreign keys between objects created together). */
  after: string[];
  checks: ConversionCheck[];
  destructive: boolean;
  countSql?: string;
  valuesLost?: number;
}

/** The first column's DEFAULT (the one a kind change or a new default touches). */
const defaultExpr = (schema: string, o: ObjectModel, f: FieldModel): string | undefined => kindSql(f).defaults({ schema, o, f })[0];

function columnDefs(d: FieldDdl): string[] {
  const defaults = kindSql(d.f).defaults(d);
  return fieldColumns(d.f).map((c, i) => `${q(c.column)} ${c.type}${defaults[i] ? ` DEFAULT ${defaults[i]}` : ''}`);
}

function indexStatements(schema: string, o: ObjectModel, f: FieldModel): string[] {
  const out: string[] = [];
  if (f.unique) out.push(`CREATE UNIQUE INDEX ${q(uniqueName(o, f))} ON ${table(schema, o)} (${q(f.column)}) WHERE deleted_at IS NULL`);
  else if (f.indexed) out.push(`CREATE INDEX ${q(indexName(o, f))} ON ${table(schema, o)} (${q(f.column)})`);
  return out;
}

function dropIndexStatements(schema: string, o: ObjectModel, f: FieldModel): string[] {
  if (f.unique) return [`DROP INDEX IF EXISTS ${q(schema)}.${q(uniqueName(o, f))}`];
  if (f.indexed) return [`DROP INDEX IF EXISTS ${q(schema)}.${q(indexName(o, f))}`];
  return [];
}

/** Statements creating the field's column(s) and what hangs on them. */
function addField(schema: string, o: ObjectModel, f: FieldModel, targets: Map<string, ObjectModel>): { sql: string[]; after: string[] } {
  const d = { schema, o, f };
  const k = kindSql(f);
  const sql = [
    ...(k.beforeColumns?.(d) ?? []),
    ...columnDefs(d).map((def) => `ALTER TABLE ${table(schema, o)} ADD COLUMN ${def}`),
    ...(k.afterColumns?.(d) ?? []),
  ];
  sql.push(...indexStatements(schema, o, f));
  return { sql, after: k.constraints?.(d, f.target ? targets.get(f.target) : undefined) ?? [] };
}

function createObject(schema: string, o: ObjectModel, targets: Map<string, ObjectModel>): { sql: string[]; after: string[] } {
  const columns = [
    'id uuid NOT NULL DEFAULT platform.new_id()',
    'created_at timestamptz NOT NULL DEFAULT now()',
    'updated_at timestamptz NOT NULL DEFAULT now()',
    'created_by uuid',
    'updated_by uuid',
    'owner_id uuid',
    'version integer NOT NULL DEFAULT 1',
    'deleted_at timestamptz',
  ];
  const sql: string[] = [];
  const after: string[] = [userKey(schema, o, 'owner_id', objectName(o.table, 'owner_id', 'fkey'))];
  for (const f of o.fields) {
    sql.push(...(kindSql(f).beforeColumns?.({ schema, o, f }) ?? []));
    columns.push(...columnDefs({ schema, o, f }));
  }
  columns.push(`CONSTRAINT ${q(objectName(o.table, 'pkey'))} PRIMARY KEY (id)`);
  sql.push(`CREATE TABLE ${table(schema, o)} (\n  ${columns.join(',\n  ')}\n)`);
  sql.push(`CREATE INDEX ${q(objectName(o.table, 'owner_id', 'idx'))} ON ${table(schema, o)} (owner_id)`);
  for (const f of o.fields) {
    const d = { schema, o, f };
    const k = kindSql(f);
    sql.push(...(k.afterColumns?.(d) ?? []), ...indexStatements(schema, o, f));
    after.push(...(k.constraints?.(d, f.target ? targets.get(f.target) : undefined) ?? []));
  }
  return { sql, after };
}

/** Renames what is named after an object or a field, so a later object or field may reuse the old name. */
function renameDependents(schema: string, before: ObjectModel, after: ObjectModel, fields: [FieldModel, FieldModel][]): string[] {
  const sql: string[] = [];
  const rename = (kind: 'INDEX' | 'SEQUENCE', from: string, to: string) => {
    if (from !== to) sql.push(`ALTER ${kind} IF EXISTS ${q(schema)}.${q(from)} RENAME TO ${q(to)}`);
  };
  const renameConstraint = (from: string, to: string) => {
    if (from !== to) sql.push(`ALTER TABLE ${table(schema, after)} RENAME CONSTRAINT ${q(from)} TO ${q(to)}`);
  };
  for (const [fb, fa] of fields) {
    if (fb.unique) rename('INDEX', uniqueName(before, fb), uniqueName(after, fa));
    else if (fb.indexed) rename('INDEX', indexName(before, fb), indexName(after, fa));
    for (const kind of kindSql(fb).derived ?? []) {
      if (kind === 'SEQUENCE') rename('SEQUENCE', seqName(before, fb), seqName(after, fa));
      else renameConstraint(fkName(before, fb), fkName(after, fa));
    }
  }
  return sql;
}

const CAST_USING: Record<string, (col: string) => string> = {
  'numeric->text': (c) => `${c}::text`,
  'text->numeric': (c) => `NULLIF(btrim(${c}), '')::numeric`,
  'text->text[]': (c) => `CASE WHEN ${c} IS NULL THEN NULL ELSE ARRAY[${c}] END`,
  'date->timestamptz': (c) => `${c}::timestamptz`,
};
const NUMERIC_TEXT = `'^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?\\s*$'`;

function changeKind(schema: string, o: ObjectModel, from: FieldModel, f: FieldModel): { sql: string[]; checks: ConversionCheck[] } {
  const fromType = fieldColumns(from)[0]!.type;
  const toType = fieldColumns(f)[0]!.type;
  if (fromType === toType) return { sql: [], checks: [] };
  const using = CAST_USING[`${fromType}->${toType}`];
  if (!using) throw new Error(`No conversion from ${fromType} to ${toType}`);
  const col = q(f.column);
  const checks: ConversionCheck[] = [];
  if (toType === 'numeric') {
    checks.push({
      sql: `SELECT id, ${col}::text AS value FROM ${table(schema, o)} WHERE btrim(${col}) <> '' AND ${col} !~ ${NUMERIC_TEXT} ORDER BY id LIMIT 20`,
      message: `${o.name}.${f.name}: some values are not numbers`,
    });
  }
  const sql = [
    ...dropIndexStatements(schema, o, from),
    `ALTER TABLE ${table(schema, o)} ALTER COLUMN ${col} DROP DEFAULT`,
    `ALTER TABLE ${table(schema, o)} ALTER COLUMN ${col} TYPE ${toType} USING ${using(col)}`,
  ];
  const def = defaultExpr(schema, o, f);
  if (def) sql.push(`ALTER TABLE ${table(schema, o)} ALTER COLUMN ${col} SET DEFAULT ${def}`);
  sql.push(...indexStatements(schema, o, f));
  return { sql, checks };
}

function changeStorage(schema: string, o: ObjectModel, from: FieldModel, f: FieldModel, targets: Map<string, ObjectModel>, kindChanged: boolean): string[] {
  const sql: string[] = [];
  const t = table(schema, o);
  if (!kindChanged && (from.unique !== f.unique || from.indexed !== f.indexed)) {
    sql.push(...dropIndexStatements(schema, o, from), ...indexStatements(schema, o, f));
  }
  if (
    !kindChanged &&
    (JSON.stringify(from.defaultValue) !== JSON.stringify(f.defaultValue) || JSON.stringify(from.autoNumber) !== JSON.stringify(f.autoNumber))
  ) {
    const def = defaultExpr(schema, o, f);
    sql.push(def ? `ALTER TABLE ${t} ALTER COLUMN ${q(f.column)} SET DEFAULT ${def}` : `ALTER TABLE ${t} ALTER COLUMN ${q(f.column)} DROP DEFAULT`);
  }
  sql.push(...(kindSql(f).alter?.({ schema, o, f: from }, { schema, o, f }, f.target ? targets.get(f.target) : undefined) ?? []));
  return sql;
}

const step = (s: Partial<PlanStep> & Pick<PlanStep, 'action' | 'object' | 'description'>): PlanStep => ({
  sql: [],
  after: [],
  checks: [],
  destructive: false,
  ...s,
});

/** One plan step per change, in the order the changes come. */
export function planSteps(schema: string, changes: readonly Change[], model: ReadonlyMap<string, ObjectModel>): PlanStep[] {
  const targets = new Map(model);
  return changes.map((c): PlanStep => {
    switch (c.action) {
      case 'create_object':
        return step({
          action: c.action,
          object: c.object.name,
          description: `create object ${c.object.name} with ${c.object.fields.length} field(s)`,
          ...createObject(schema, c.object, targets),
        });
      case 'rename_object':
        return step({
          action: c.action,
          object: c.object.name,
          description: `rename object ${c.from.name} to ${c.object.name}`,
          sql: [
            ...(c.from.table !== c.object.table
              ? [
                  `ALTER TABLE ${table(schema, c.from)} RENAME TO ${q(c.object.table)}`,
                  `ALTER INDEX ${q(schema)}.${q(objectName(c.from.table, 'pkey'))} RENAME TO ${q(objectName(c.object.table, 'pkey'))}`,
                  `ALTER INDEX ${q(schema)}.${q(objectName(c.from.table, 'owner_id', 'idx'))} RENAME TO ${q(objectName(c.object.table, 'owner_id', 'idx'))}`,
                  `ALTER TABLE ${table(schema, c.object)} RENAME CONSTRAINT ${q(objectName(c.from.table, 'owner_id', 'fkey'))} TO ${q(objectName(c.object.table, 'owner_id', 'fkey'))}`,
                  `ALTER INDEX IF EXISTS ${q(schema)}.${q(pipelineIndexName(c.from))} RENAME TO ${q(pipelineIndexName(c.object))}`,
                ]
              : []),
            ...renameDependents(
              schema,
              c.from,
              c.object,
              c.from.fields.map((f) => [f, f]),
            ),
            `UPDATE ${q(schema)}.${q(STAGE_HISTORY_TABLE)} SET object = ${quoteLiteral(c.object.name)} WHERE object = ${quoteLiteral(c.from.name)}`,
            `UPDATE ${q(schema)}.${q(FIELD_HISTORY_TABLE)} SET object = ${quoteLiteral(c.object.name)} WHERE object = ${quoteLiteral(c.from.name)}`,
          ],
        });
      case 'drop_object':
        return step({
          action: c.action,
          object: c.object.name,
          description: `delete object ${c.object.name} and all its records`,
          destructive: true,
          sql: [`DROP TABLE ${table(schema, c.object)} CASCADE`],
          countSql: `SELECT count(*)::int AS n FROM ${table(schema, c.object)}`,
        });
      case 'add_field':
        return step({
          action: c.action,
          object: c.object.name,
          field: c.field.name,
          description: `add ${c.field.kind.id} field ${c.object.name}.${c.field.name}`,
          ...addField(schema, c.object, c.field, targets),
        });
      case 'rename_field':
        return step({
          action: c.action,
          object: c.object.name,
          field: c.field.name,
          description: `rename field ${c.object.name}.${c.from.name} to ${c.field.name} (data kept)`,
          sql:
            c.from.column === c.field.column
              ? []
              : [
                  ...fieldColumns(c.from).map(
                    (col, i) => `ALTER TABLE ${table(schema, c.object)} RENAME COLUMN ${q(col.column)} TO ${q(fieldColumns(c.field)[i]!.column)}`,
                  ),
                  ...renameDependents(schema, c.object, c.object, [[c.from, c.field]]),
                ],
        });
      case 'change_kind': {
        const { sql, checks } = changeKind(schema, c.object, c.from, c.field);
        return step({
          action: c.action,
          object: c.object.name,
          field: c.field.name,
          description: `change ${c.object.name}.${c.field.name} from ${c.from.kind.id} to ${c.field.kind.id}`,
          sql,
          checks,
        });
      }
      case 'change_storage':
        return step({
          action: c.action,
          object: c.object.name,
          field: c.field.name,
          description: `change ${c.aspects.join(', ')} of ${c.object.name}.${c.field.name}`,
          sql: changeStorage(schema, c.object, c.from, c.field, targets, c.from.kind.id !== c.field.kind.id),
        });
      case 'drop_field':
        return step({
          action: c.action,
          object: c.object.name,
          field: c.field.name,
          description: `delete field ${c.object.name}.${c.field.name} and its values`,
          destructive: c.field.kind.storage !== null,
          sql: fieldColumns(c.field).map((col) => `ALTER TABLE ${table(schema, c.object)} DROP COLUMN ${q(col.column)}`),
          countSql: c.field.kind.storage ? `SELECT count(*)::int AS n FROM ${table(schema, c.object)} WHERE ${q(c.field.column)} IS NOT NULL` : undefined,
        });
      case 'update_metadata':
        return step({ action: c.action, object: c.object.name, description: `update labels, options or constraints of ${c.object.name}` });
      case 'enable_pipelines':
        return step({
          action: c.action,
          object: c.object.name,
          description: `add stage fields to ${c.object.name} (its first pipeline)`,
          sql: enablePipelines(schema, c.object),
        });
      case 'disable_pipelines':
        return step({
          action: c.action,
          object: c.object.name,
          description: `remove the stage fields of ${c.object.name} (its last pipeline is gone)`,
          destructive: true,
          sql: disablePipelines(schema, c.object),
          countSql: `SELECT count(*)::int AS n FROM ${table(schema, c.object)} WHERE stage IS NOT NULL`,
        });
      case 'update_pipeline':
        return step({
          action: c.action,
          object: c.object.name,
          description: `update pipeline ${c.pipeline.key} of ${c.object.name}${c.removedStages.length ? ` (removes stages ${c.removedStages.join(', ')})` : ''}`,
          checks: c.removedStages.length
            ? [
                {
                  sql: recordsInStagesSql(schema, c.object, c.pipeline.key, c.removedStages),
                  message: `records stand in removed stages of ${c.pipeline.key}; move them first`,
                },
              ]
            : [],
        });
    }
  });
}
