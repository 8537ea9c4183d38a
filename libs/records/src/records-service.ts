/**
 * The records service: every read and write of tenant records goes through here, in this order:
 * permission check → validation (ajv, users, stage gates) → SQL on the tenant's tables, with the write's
 * effects (stage and field history; next, outbox events) in the same statement. Authorizing first means
 * someone who may not write learns nothing about what would have been valid.
 */
import { objectsGatedByApproval, objectsWatchedByRules, type ObjectModel } from '@funnelcraft/definitions';
import { badInput, DomainError, ErrorCode, notFound, uuidv7, validationFailed, type ErrorDetail } from '@funnelcraft/kernel';
import {
  aggregateRecords,
  assertVersion,
  binnedWith,
  countRecords,
  existingUserIds,
  findRecordsByIds,
  insertRecord,
  insertRecords,
  listRecords,
  referencingIds,
  restoreRecord,
  softDeleteRecord,
  translateWriteError,
  updateRecord,
  type AggregateGroup,
  type AggregateQuery,
  type ListQuery,
  type Page,
  type Projection,
  type ExclusiveFlag,
  type Queryable,
  type RecordEvent,
  type RecordEventKind,
  type Row,
  type StageHistoryEntry,
  type WriteEffects,
} from '@funnelcraft/storage';
import { approvalRequired, assertNotLocked, requestApprovalIfRequired, type ApprovalRequested } from './approval-gate.js';
import { inTransaction, type RecordContext } from './context.js';
import { assertVisibleVariables, assertWritableFields, authorize, scopedProjection, withoutHidden, withScope, type Scope } from './permissions.js';
import { assertOnePerGroup, flagsOn, hasExclusiveFlags, patchTouchesFlags, withExclusiveFlags } from './exclusive-flags.js';
import { checkedOrder } from './order-terms.js';
import { toColumns, withDefaults } from './record-columns.js';
import { assertValidRecord, recordProblems, type RecordInput } from './record-validation.js';
import { planStageChange, touchesStage } from './stage-moves.js';

export const MAX_BULK = 1000;
export const MAX_PAGE = 500;

export function objectOf(ctx: RecordContext, name: string): ObjectModel {
  const o = ctx.model.byName.get(name);
  if (!o) throw notFound(`Object ${name}`);
  return o;
}

/** Runs `work`, placing the details of a domain error it throws under `prefix` (e.g. `inputs[3].`). */
function withPath<T>(prefix: string, work: () => T): T {
  try {
    return work();
  } catch (e) {
    if (!prefix || !(e instanceof DomainError)) throw e;
    throw new DomainError(
      e.code,
      e.message,
      e.details.map((d) => ({ ...d, path: `${prefix}${d.path}` })),
    );
  }
}

/** A written record as the actor may see it: a write answers with no more than a read would. */
const visible = async (ctx: RecordContext, o: ObjectModel, row: Promise<Row>): Promise<Row> => withoutHidden(ctx, o, [await row])[0]!;

async function writing<T>(o: ObjectModel, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw translateWriteError(o, e);
  }
}

/** Values of user fields must be users of this tenant. */
async function checkUsers(ctx: RecordContext, o: ObjectModel, inputs: RecordInput[]): Promise<void> {
  const userFields = ['ownerId', ...o.fields.filter((f) => f.kind.link === 'user').map((f) => f.name)];
  const ids = new Set<string>();
  for (const input of inputs) for (const f of userFields) if (typeof input[f] === 'string') ids.add(input[f] as string);
  ids.delete(ctx.actor.userId);
  if (!ids.size) return;
  const found = await existingUserIds(ctx.db, ctx.tenant.id, [...ids]);
  const problems: ErrorDetail[] = [];
  inputs.forEach((input, i) => {
    for (const f of userFields) {
      const v = input[f];
      if (typeof v === 'string' && v !== ctx.actor.userId && !found.has(v))
        problems.push({ path: inputs.length > 1 ? `inputs[${i}].${f}` : f, message: 'no such user in this tenant' });
    }
  });
  if (problems.length) throw validationFailed('Unknown user', problems);
}

export async function getRecord(ctx: RecordContext, objectName: string, id: string, projection?: Projection): Promise<Row | null> {
  const o = objectOf(ctx, objectName);
  const scope = authorize(ctx, 'read', o.name);
  assertId(id);
  // Outside the actor's scope a record is not there: a guessed id gets null, as a missing one does.
  const [row] = withoutHidden(ctx, o, await findRecordsByIds(ctx.db, ctx.tenant.schema, o, [id], scopedProjection(ctx, projection), scope));
  return row ?? null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function assertId(id: string, path = 'id'): void {
  if (!UUID.test(id)) throw badInput(`${path} must be a record id (a UUID), got ${JSON.stringify(id)}`, [{ path, message: 'not a UUID' }]);
}

export async function getRecordsByIds(ctx: RecordContext, objectName: string, ids: readonly string[], db: Queryable = ctx.db): Promise<Row[]> {
  const o = objectOf(ctx, objectName);
  const scope = authorize(ctx, 'read', o.name);
  return withoutHidden(ctx, o, await findRecordsByIds(db, ctx.tenant.schema, o, ids, undefined, scope));
}

export async function listRecordsPage(ctx: RecordContext, objectName: string, query: ListQuery): Promise<Page> {
  const o = objectOf(ctx, objectName);
  const scope = authorize(ctx, 'read', o.name);
  assertVisibleVariables(ctx, o, query.filter);
  if (!Number.isInteger(query.first) || query.first < 0 || query.first > MAX_PAGE) {
    throw badInput(`first must be between 0 and ${MAX_PAGE}`, [{ path: 'first', message: `between 0 and ${MAX_PAGE}` }]);
  }
  const page = await listRecords(ctx.db, ctx.tenant.schema, o, {
    ...query,
    filter: withScope(scope, query.filter),
    orderBy: checkedOrder(ctx, o, query.orderBy),
    projection: scopedProjection(ctx, query.projection),
  });
  withoutHidden(ctx, o, page.rows);
  return page;
}

export async function countRecordsMatching(ctx: RecordContext, objectName: string, filter?: unknown, deleted = false): Promise<number> {
  const o = objectOf(ctx, objectName);
  const scope = authorize(ctx, 'read', o.name);
  assertVisibleVariables(ctx, o, filter);
  return countRecords(ctx.db, ctx.tenant.schema, o, withScope(scope, filter), deleted);
}

export async function aggregate(ctx: RecordContext, objectName: string, query: AggregateQuery): Promise<AggregateGroup[]> {
  const o = objectOf(ctx, objectName);
  const scope = authorize(ctx, 'read', o.name);
  assertVisibleVariables(ctx, o, query.filter);
  return aggregateRecords(ctx.db, ctx.tenant.schema, o, { ...query, filter: withScope(scope, query.filter) });
}

function creationColumns(ctx: RecordContext, o: ObjectModel, input: RecordInput) {
  return {
    ...toColumns(o, input, ctx.tenant.currency),
    created_by: ctx.actor.userId,
    updated_by: ctx.actor.userId,
    owner_id: input['ownerId'] ?? ctx.actor.userId,
  };
}

export async function createRecord(ctx: RecordContext, objectName: string, input: RecordInput): Promise<Row> {
  const [row] = await createRecords(ctx, objectName, [input], true);
  return row!;
}

/**
 * Up to MAX_BULK records in one statement: all valid and written, or none. Records of objects with pipelines
 * enter their first (or given) stage through its gate, and that entry is written to stage history in the
 * same transaction.
 */
export async function createRecords(ctx: RecordContext, objectName: string, inputs: RecordInput[], single = false): Promise<Row[]> {
  const o = objectOf(ctx, objectName);
  authorize(ctx, 'create', o.name);
  assertWritableFields(ctx, o, inputs, single);
  if (inputs.length > MAX_BULK) {
    throw new DomainError(ErrorCode.LimitExceeded, `At most ${MAX_BULK} records per call, got ${inputs.length}`, [
      { path: 'inputs', message: `at most ${MAX_BULK}` },
    ]);
  }
  const full = inputs.map((i) => withDefaults(o, i));
  const problems = full.flatMap((input, i) => recordProblems(o, input, 'create', single ? '' : `inputs[${i}].`));
  if (problems.length) {
    throw validationFailed(
      single
        ? `The ${o.name} is not valid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`
        : `${problems.length} problem(s) in ${inputs.length} ${o.plural}; nothing was created`,
      problems,
    );
  }
  await checkUsers(ctx, o, full);
  if (hasExclusiveFlags(o)) assertOnePerGroup(o, full);
  const flags = hasExclusiveFlags(o) ? full.flatMap((input) => flagsOn(o, input)) : [];
  const columns = full.map((input) => creationColumns(ctx, o, input));
  const insert = (effects: WriteEffects) =>
    withExclusiveFlags(ctx, o, flags, null, (db) =>
      writing(o, () =>
        single ? insertRecord(db, ctx.tenant.schema, o, columns[0]!, effects).then((r) => [r]) : insertRecords(db, ctx.tenant.schema, o, columns, effects),
      ),
    );
  if (!o.pipelines.length) return withoutHidden(ctx, o, await insert({ actor: ctx.actor.userId, event: eventOf(ctx, o, 'created') }));
  const history: StageHistoryEntry[] = [];
  full.forEach((input, i) => {
    const change = withPath(single ? '' : `inputs[${i}].`, () => planStageChange(o, null, input, ctx.actor, ctx.tenant.currency)!);
    const id = uuidv7();
    Object.assign(columns[i]!, { id }, change.columns);
    history.push({ ...change.history!, recordId: id });
  });
  // Records and their first history rows in one statement.
  return withoutHidden(ctx, o, await insert({ actor: ctx.actor.userId, stageHistory: history, event: eventOf(ctx, o, 'created') }));
}

export async function updateRecordVersioned(ctx: RecordContext, objectName: string, id: string, version: number, patch: RecordInput): Promise<Row> {
  const o = objectOf(ctx, objectName);
  const scope = authorize(ctx, 'update', o.name);
  assertId(id);
  assertWritableFields(ctx, o, [patch], true);
  assertValidRecord(o, patch, 'update');
  await checkUsers(ctx, o, [patch]);
  if (!objectsGatedByApproval(ctx.model.rules).has(o.name)) return writeUpdate(ctx, o, id, version, patch, scope);
  // Approval rules watch this object: the update is checked against pending requests and may become one (approval-gate.ts).
  const outcome = await inTransaction(ctx, async (tx): Promise<{ requested: ApprovalRequested } | { row: Row }> => {
    await assertNotLocked(tx, o, id, patch);
    const requested = tx.approving || tx.automationDepth ? undefined : await requestApprovalIfRequired(tx, o, id, version, patch, scope);
    return requested ? { requested } : { row: await writeUpdate(tx, o, id, version, patch, scope) };
  });
  if ('requested' in outcome) throw approvalRequired(o, id, outcome.requested);
  return outcome.row;
}

async function writeUpdate(ctx: RecordContext, o: ObjectModel, id: string, version: number, patch: RecordInput, scope: Scope): Promise<Row> {
  const columns = { ...toColumns(o, patch, ctx.tenant.currency), updated_by: ctx.actor.userId };
  // Field changes go to field history; on an object with pipelines, stage changes have their own. (Without a
  // pipeline, `stage` and `pipeline` are ordinary fields.)
  const fields = Object.keys(patch);
  const effects: WriteEffects = {
    actor: ctx.actor.userId,
    fieldHistory: o.pipelines.length ? fields.filter((f) => f !== 'stage' && f !== 'pipeline') : fields,
    event: eventOf(ctx, o, 'updated'),
  };
  const write = (values: typeof columns, fx: WriteEffects, flags: ExclusiveFlag[] = []) =>
    withExclusiveFlags(ctx, o, flags, id, (db) => writing(o, () => updateRecord(db, ctx.tenant.schema, o, id, version, values, fx, scope)));
  const flagsCheck = patchTouchesFlags(o, patch);
  if (!touchesStage(o, patch) && !flagsCheck) return visible(ctx, o, write(columns, effects));
  // A stage change checks restrictions and the gate against the record; an exclusive flag may take its group from
  // it. Then one statement writes the record (only at the expected version) and its history row (only if the
  // record was written); the group's other flags are cleared before it, in the same transaction.
  const [current] = await findRecordsByIds(ctx.db, ctx.tenant.schema, o, [id], undefined, scope);
  if (!current) throw notFound(`${o.name} ${id}`, 'id');
  const flags = flagsCheck ? flagsOn(o, { ...current, ...patch }) : [];
  if (!touchesStage(o, patch)) return visible(ctx, o, write(columns, effects, flags));
  assertVersion(o, current, version);
  const change = planStageChange(o, current, patch, ctx.actor, ctx.tenant.currency);
  const stageHistory = change?.history ? [{ ...change.history, recordId: id }] : undefined;
  return visible(ctx, o, write({ ...columns, ...change?.columns }, { ...effects, stageHistory }, flags));
}

/** Moves a record to another stage (or pipeline): the same path as an update that sets the stage. */
export async function moveRecord(
  ctx: RecordContext,
  objectName: string,
  id: string,
  version: number,
  move: { pipeline?: string; stage: string; lostReason?: string; probability?: number },
): Promise<Row> {
  const o = objectOf(ctx, objectName);
  authorize(ctx, 'update', o.name);
  if (!o.pipelines.length) throw badInput(`${o.name} has no pipeline`, [{ path: 'stage', message: 'no pipeline' }]);
  const patch: RecordInput = Object.fromEntries(Object.entries(move).filter(([, v]) => v !== undefined && v !== null));
  return updateRecordVersioned(ctx, objectName, id, version, patch);
}

/**
 * Moves a record to the recycle bin. Lookups pointing at it decide: restrict refuses while live records point
 * here, cascade bins them too (in the same transaction), set_null leaves them (they resolve to null until a
 * restore).
 */
export async function deleteRecord(ctx: RecordContext, objectName: string, id: string, version?: number): Promise<Row> {
  const o = objectOf(ctx, objectName);
  const scope = authorize(ctx, 'delete', o.name);
  assertId(id);
  if (!dependentsOf(ctx, o).length)
    return visible(
      ctx,
      o,
      writing(o, () => softDeleteRecord(ctx.db, ctx.tenant.schema, o, id, version, binTrace(ctx, o, 'deleted'), scope)),
    );
  return visible(
    ctx,
    o,
    inTransaction(ctx, ({ db: tx }) => binWithDependents(ctx, tx, o, id, version, scope)),
  );
}

/** Binning and restoring change `deletedAt`: field history keeps them, and the timeline shows them. */
const binTrace = (ctx: RecordContext, o: ObjectModel, kind: RecordEventKind): WriteEffects => ({
  actor: ctx.actor.userId,
  fieldHistory: ['deletedAt'],
  event: eventOf(ctx, o, kind),
});

/**
 * The automation event a write of `o` adds to its statement, when an enabled rule watches the object; a
 * tenant without rules gets undefined from one set lookup and its writes stay plain statements.
 */
export function eventOf(ctx: RecordContext, o: ObjectModel, kind: RecordEventKind): RecordEvent | undefined {
  if (!objectsWatchedByRules(ctx.model.rules).has(o.name)) return undefined;
  return { tenantId: ctx.tenant.id, kind, depth: ctx.automationDepth ?? 0 };
}

const dependentsOf = (ctx: RecordContext, o: ObjectModel) =>
  ctx.model.objects.flatMap((src) =>
    src.fields.filter((f) => f.kind.link === 'record' && f.target === o.name && f.onDelete !== 'set_null').map((f) => ({ src, f })),
  );

/**
 * Bins a record, then what points at it, as deep as cascades go (a record is binned before its dependents are
 * looked up, so cycles end). Any restrict on the way refuses the whole delete: the transaction rolls back.
 */
async function binWithDependents(ctx: RecordContext, tx: Queryable, o: ObjectModel, id: string, version?: number, scope?: unknown): Promise<Row> {
  // The scope limits the record asked for; what its delete cascades to follows it (the lookups say so).
  const deleted = await writing(o, () => softDeleteRecord(tx, ctx.tenant.schema, o, id, version, binTrace(ctx, o, 'deleted'), scope));
  for (const { src, f } of dependentsOf(ctx, o)) {
    const refs = await referencingIds(tx, ctx.tenant.schema, src, f.name, id);
    if (!refs.length) continue;
    if (f.onDelete === 'restrict') {
      throw new DomainError(ErrorCode.Conflict, `${refs.length} ${src.plural} still point to this ${o.name} through ${f.name}`, [
        { path: `${src.name}.${f.name}`, message: 'restricted', count: refs.length },
      ]);
    }
    for (const ref of refs) await binWithDependents(ctx, tx, src, ref);
  }
  return deleted;
}

export async function restoreDeletedRecord(ctx: RecordContext, objectName: string, id: string): Promise<Row> {
  const o = objectOf(ctx, objectName);
  const scope = authorize(ctx, 'restore', o.name);
  assertId(id);
  if (!cascadesTo(ctx, o).length)
    return visible(
      ctx,
      o,
      writing(o, () => restoreRecord(ctx.db, ctx.tenant.schema, o, id, binTrace(ctx, o, 'restored'), scope)).then((r) => r.row),
    );
  return visible(
    ctx,
    o,
    inTransaction(ctx, ({ db: tx }) => restoreWithCascaded(ctx, tx, o, id, scope)),
  );
}

const cascadesTo = (ctx: RecordContext, o: ObjectModel) => dependentsOf(ctx, o).filter(({ f }) => f.onDelete === 'cascade');

/**
 * Restores a record and what its delete cascaded to: records binned in the same transaction carry the same
 * deleted_at (PostgreSQL's now() is the transaction's time), so dependents binned earlier on their own stay binned.
 */
async function restoreWithCascaded(ctx: RecordContext, tx: Queryable, o: ObjectModel, id: string, scope?: unknown): Promise<Row> {
  const { row, binnedAt } = await writing(o, () => restoreRecord(tx, ctx.tenant.schema, o, id, binTrace(ctx, o, 'restored'), scope));
  for (const { src, f } of cascadesTo(ctx, o)) {
    for (const ref of await binnedWith(tx, ctx.tenant.schema, src, f.name, id, binnedAt)) await restoreWithCascaded(ctx, tx, src, ref);
  }
  return row;
}
