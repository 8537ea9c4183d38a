/**
 * The one place where the records service asks whether an actor may do something, and which records it may
 * do it to. `authorize` answers with a scope: json-logic over the object's fields that storage ANDs into the
 * statement (every read's WHERE through `scopedFilter`, every UPDATE/DELETE/restore WHERE), or undefined for
 * every record. Roles come from the model the request is served with (role documents, see
 * libs/definitions role-model.ts), so a changed role applies on the next request.
 *
 * The actor's role names: `admin` may do everything (the admin path is one `includes`); `member`, and a user
 * with no role, may do anything with records (today's behaviour) unless a role document named `member`
 * says otherwise; any other name is a role document, and a name no document defines grants nothing.
 * With several roles, each permission and field is the most permissive of them.
 */
import { BUILT_IN_ROLES, grantOn, type FieldAccess, type ObjectGrant, type ObjectModel, type RecordVisibility } from '@funnelcraft/definitions';
import { variablesOf } from '@funnelcraft/expressions';
import { DomainError, ErrorCode, type ErrorDetail } from '@funnelcraft/kernel';
import type { Projection } from '@funnelcraft/storage';
import type { RecordContext } from './context.js';

export type RecordAction = 'read' | 'create' | 'update' | 'delete' | 'restore' | 'export' | 'import';

/** json-logic ANDed into a statement's WHERE; undefined: every record. */
export type Scope = unknown;

/** The role permission each action needs: an update (and a move) is an edit, a restore undoes a delete. */
const NEEDS: Record<RecordAction, keyof Omit<ObjectGrant, 'visibility' | 'fields'>> = {
  read: 'read',
  create: 'create',
  update: 'edit',
  delete: 'delete',
  restore: 'delete',
  export: 'export',
  import: 'import',
};

/** The actor's grants on an object, one per role; undefined when nothing is limited (admin, built-in member). */
function grantsOf(ctx: RecordContext, objectName: string): ObjectGrant[] | undefined {
  const roles = ctx.actor.roles;
  if (roles.includes(BUILT_IN_ROLES.admin)) return undefined;
  if (!ctx.model.roles.has(BUILT_IN_ROLES.member) && (!roles.length || roles.includes(BUILT_IN_ROLES.member))) return undefined;
  const grants: ObjectGrant[] = [];
  for (const name of roles) {
    const role = ctx.model.roles.get(name);
    if (role) grants.push(grantOn(role, objectName));
  }
  return grants;
}

/** Records of this object the actor owns: the `own` visibility. */
const ownScope = (ctx: RecordContext): Scope => ({ '==': [{ var: 'ownerId' }, ctx.actor.userId] });

/**
 * Own + team subtree: records owned by the users the actor's reach lists (one `owner_id = ANY($1)`, the list
 * computed once per tenant change by the server's access directory). Without a reach (an actor not from a
 * request, or a user in no team) it is the actor alone.
 */
function teamScope(ctx: RecordContext): Scope {
  const users = ctx.actor.reach?.teamUserIds;
  return users && users.length > 1 ? { in: [{ var: 'ownerId' }, users] } : ownScope(ctx);
}

const VISIBILITY_SCOPES: Record<Exclude<RecordVisibility, 'all'>, (ctx: RecordContext) => Scope> = { own: ownScope, team: teamScope };
/** The widest visibility first: one role's wider visibility wins. */
const WIDEST_FIRST: readonly RecordVisibility[] = ['all', 'team', 'own'];

/** The widest visibility the actor's roles give for `action` on `objectName`; FORBIDDEN when none allows it. */
function visibilityOf(ctx: RecordContext, action: RecordAction, objectName: string): RecordVisibility {
  if (!ctx.actor.userId) throw new DomainError(ErrorCode.Forbidden, `Not allowed to ${action} ${objectName}`);
  const grants = grantsOf(ctx, objectName);
  if (!grants) return 'all';
  const allowed = grants.filter((g) => g[NEEDS[action]]);
  if (!allowed.length)
    throw new DomainError(ErrorCode.Forbidden, `Your role does not allow you to ${action} ${objectName} records`, [
      { path: objectName, message: `no ${NEEDS[action]} permission` },
    ]);
  return WIDEST_FIRST.find((v) => allowed.some((g) => g.visibility === v)) ?? 'own';
}

/** Throws FORBIDDEN unless the actor may `action` on `objectName`; returns the records it may do it to. */
export function authorize(ctx: RecordContext, action: RecordAction, objectName: string): Scope {
  const widest = visibilityOf(ctx, action, objectName);
  return widest === 'all' ? undefined : VISIBILITY_SCOPES[widest](ctx);
}

/**
 * The owners whose records of `objectName` the actor may read: `all`, or the list its visibility reaches (the
 * same users the read scope names; none without read permission). Figures over whole owners (a target's
 * attainment) are shown only when every owner they count is reached.
 */
export function ownersReached(ctx: RecordContext, objectName: string): 'all' | readonly string[] {
  let v: RecordVisibility;
  try {
    v = visibilityOf(ctx, 'read', objectName);
  } catch (e) {
    if (e instanceof DomainError && e.code === ErrorCode.Forbidden) return [];
    throw e;
  }
  if (v === 'all') return 'all';
  const team = ctx.actor.reach?.teamUserIds;
  return v === 'team' && team && team.length > 1 ? team : [ctx.actor.userId];
}

/**
 * The records of an object a read may reach, as json-logic ANDed into its WHERE (lists, reports, analytics);
 * undefined: all of them. A reader without read permission reaches none.
 */
export function readScope(ctx: RecordContext, objectName: string): Scope {
  try {
    return authorize(ctx, 'read', objectName);
  } catch (e) {
    if (e instanceof DomainError && e.code === ErrorCode.Forbidden) return false;
    throw e;
  }
}

/** A filter with a scope ANDed in. */
export const withScope = (scope: Scope, filter: unknown): unknown =>
  scope === undefined ? filter : filter === undefined || filter === null ? scope : { and: [scope, filter] };

/** A read's filter with the viewer's scope ANDed in: what every list, count, aggregate, board and report reads. */
export function scopedFilter(ctx: RecordContext, objectName: string, filter: unknown): unknown {
  return withScope(readScope(ctx, objectName), filter);
}

/** Fields of `o` the actor may only read or may not see (the least limited of its roles); empty for most actors. */
export function limitedFields(ctx: RecordContext, o: ObjectModel): ReadonlyMap<string, FieldAccess> {
  const grants = grantsOf(ctx, o.name);
  if (!grants?.length) return NO_LIMITS;
  const limits = new Map<string, FieldAccess>();
  for (const [field, access] of grants[0]!.fields) {
    // A field is limited only as far as every role limits it: one role that may edit it lets the actor edit it.
    const all = grants.map((g) => g.fields.get(field));
    if (all.every((a) => a !== undefined)) limits.set(field, all.includes('read') ? 'read' : access);
  }
  return limits;
}
const NO_LIMITS: ReadonlyMap<string, FieldAccess> = new Map();

/** FORBIDDEN naming each read-only or hidden field a write sets (`prefix` places it: `inputs[3].`). */
export function assertWritableFields(ctx: RecordContext, o: ObjectModel, inputs: readonly Record<string, unknown>[], single: boolean): void {
  const limits = limitedFields(ctx, o);
  if (!limits.size) return;
  const problems: ErrorDetail[] = [];
  inputs.forEach((input, i) => {
    for (const f of Object.keys(input)) {
      const access = limits.get(f);
      if (access)
        problems.push({ path: single ? f : `inputs[${i}].${f}`, message: access === 'read' ? 'read-only for your role' : 'not visible to your role' });
    }
  });
  if (problems.length) throw new DomainError(ErrorCode.Forbidden, `Your role may not change ${[...new Set(problems.map((p) => p.path))].join(', ')}`, problems);
}

/** FORBIDDEN when a filter or sort names a field hidden from the actor (through a lookup too: `account.secret`). */
export function assertVisibleVariables(ctx: RecordContext, o: ObjectModel, filter: unknown, path = 'filter'): void {
  // Admins and built-in members see every field of every record: nothing to walk (the data API's common path).
  if (filter === undefined || filter === null || grantsOf(ctx, o.name) === undefined) return;
  const problems: ErrorDetail[] = [];
  for (const v of variablesOf(filter)) {
    const [head, rest] = v.split('.', 2) as [string, string | undefined];
    if (limitedFields(ctx, o).get(head) === 'hidden') problems.push({ path, message: `${head} is not visible to your role` });
    const lookup = rest === undefined ? undefined : o.fieldsByName.get(head);
    if (lookup?.kind.link === 'record' && lookup.target) {
      const target = ctx.model.byName.get(lookup.target);
      // A lookup's fields are readable only where all of the target's records are: a filter on
      // `account.name` must not tell a rep the names of accounts it may not see.
      if (target && (readScope(ctx, target.name) !== undefined || limitedFields(ctx, target).get(rest!.split('.')[0]!) === 'hidden')) {
        problems.push({ path, message: `${v} reads ${target.name} records your role may not see` });
      }
    }
  }
  if (problems.length)
    throw new DomainError(ErrorCode.Forbidden, `The filter reads what your role may not see: ${problems.map((p) => p.message).join('; ')}`, problems);
}

/** A row without the fields hidden from the actor. */
export function withoutHidden<R extends Record<string, unknown>>(ctx: RecordContext, o: ObjectModel, rows: R[]): R[] {
  const limits = limitedFields(ctx, o);
  const hidden = [...limits].filter(([, a]) => a === 'hidden').map(([f]) => f);
  if (!hidden.length) return rows;
  for (const row of rows) for (const f of hidden) delete row[f];
  return rows;
}

/**
 * A read's projection without joins to lookups whose target the actor reaches only in part (or with hidden
 * fields): those lookups resolve through `getRecordsByIds`, which is scoped, so a lookup to a record the actor
 * may not see resolves to nothing instead of joining its fields in.
 */
export function scopedProjection(ctx: RecordContext, projection: Projection | undefined): Projection | undefined {
  if (!projection?.joins?.size || grantsOf(ctx, '') === undefined) return projection;
  const joins = new Map([...projection.joins].filter(([, j]) => readScope(ctx, j.target.name) === undefined && !limitedFields(ctx, j.target).size));
  return { ...projection, joins };
}
