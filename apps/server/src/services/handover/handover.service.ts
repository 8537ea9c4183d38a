/**
 * Handover: a user's records move to another user in ONE transaction (who may call it is the resolver's guard:
 * admins). Either the records of one object matching a filter (the data API's filter input), or every object's
 * records; and, unless told otherwise, the from-user's open activities (done ones stay: they record who did the
 * work). Each moved record gets an owner change in its field history, so its timeline says who handed it
 * over, when, from whom and to whom; the handover itself is one audit row with the counts. Rules naming the
 * from-user are reported, not edited (rule-references.ts). Objects move in name order, activities last.
 *
 * Handovers do not raise record events: rules watching updates do not fire for a reassignment done in bulk.
 */
import type { Session } from '@funnelcraft/auth';
import type { ObjectModel, TenantModel } from '@funnelcraft/definitions';
import { badInput, conflict, DomainError, ErrorCode, notFound, validationFailed } from '@funnelcraft/kernel';
import {
  findUserById,
  insertOwnershipTransfer,
  listOwnershipTransfers,
  listTeams,
  lockTransferUsers,
  moveOwnedRecords,
  withTransaction,
  type OwnershipTransferRow,
  type PlatformOrm,
  type Pool,
} from '@funnelcraft/storage';
import type { TenantSchemas } from '../../tenant-schemas.js';
import { assertUuid } from '../ids.js';
import { handoverFilter } from './handover-filter.js';
import { ruleReferencesTo } from './rule-references.js';

export interface HandoverInput {
  fromUserId: string;
  toUserId: string;
  /** Only this object's records (with `filter`); undefined: every object's. */
  object?: string;
  /** The object's typed filter input, as the data API's list takes it. */
  filter?: unknown;
  /** Move the from-user's open activities too (default true). */
  openActivities?: boolean;
}

const ACTIVITY_OBJECT = 'activity';
/** The open activities: not done (when the activity object has a `done` field). */
const openActivitiesOf = (a: ObjectModel): unknown => (a.fields.some((f) => f.name === 'done') ? { '!=': [{ var: 'done' }, true] } : undefined);

interface Step {
  object: ObjectModel;
  filter: unknown;
}

export class HandoverService {
  constructor(
    /** Platform SQL: a handover is platform work (no statement timeout), in one transaction on one connection. */
    private readonly pool: Pool,
    private readonly orm: PlatformOrm,
    private readonly schemas: TenantSchemas,
  ) {}

  async transfer(session: Session, input: HandoverInput): Promise<OwnershipTransferRow> {
    assertUuid(input.fromUserId, 'fromUserId');
    assertUuid(input.toUserId, 'toUserId');
    if (input.fromUserId === input.toUserId)
      throw validationFailed('A handover goes to another user', [{ path: 'toUserId', message: 'the same user as fromUserId', reason: 'sameUser' }]);
    const model = await this.schemas.modelFor(session.tenant);
    const steps = this.steps(model, input);
    const openActivities = input.openActivities ?? true;
    const tenantId = session.tenant.id;
    const team = await this.teamOf(session, input.fromUserId);
    return withTransaction(this.pool, async (tx) => {
      // The two users stay as checked (no deactivation slips in) until the handover commits.
      const users = await lockTransferUsers(tx, tenantId, [input.fromUserId, input.toUserId]);
      if (!users.has(input.fromUserId)) throw notFound('User', 'fromUserId');
      const to = users.get(input.toUserId);
      if (!to)
        throw new DomainError(ErrorCode.NotFound, 'User not found', [{ path: 'toUserId', message: 'no such user in this workspace', reason: 'unknown' }]);
      if (!to.active)
        throw conflict('Records cannot go to a deactivated user; reactivate it or choose someone else', [
          { path: 'toUserId', message: 'this user is deactivated', reason: 'deactivated' },
        ]);
      const counts: { object: string; count: number }[] = [];
      for (const step of steps) {
        const n = await moveOwnedRecords(tx, session.tenant.schema, step.object, {
          from: input.fromUserId,
          to: input.toUserId,
          actor: session.actor.userId,
          filter: step.filter,
        });
        const seen = counts.find((c) => c.object === step.object.name);
        if (seen) seen.count += n;
        else counts.push({ object: step.object.name, count: n });
      }
      return insertOwnershipTransfer(tx, tenantId, {
        actorId: session.actor.userId,
        fromUserId: input.fromUserId,
        toUserId: input.toUserId,
        scope: { object: input.object ?? null, filter: input.filter ?? null, openActivities },
        counts,
        total: counts.reduce((sum, c) => sum + c.count, 0),
        ruleReferences: ruleReferencesTo(model.rules.values(), input.fromUserId, team),
      });
    });
  }

  list(session: Session, query: { userId?: string; first: number }): Promise<OwnershipTransferRow[]> {
    if (query.userId !== undefined) assertUuid(query.userId, 'userId');
    if (query.first < 1 || query.first > 200) throw badInput('first must be between 1 and 200', [{ path: 'first', message: 'between 1 and 200' }]);
    return listOwnershipTransfers(this.pool, session.tenant.id, query);
  }

  /** What moves, in order: the chosen object (filtered) or every object in name order; open activities last. */
  private steps(model: TenantModel, input: HandoverInput): Step[] {
    const activity = model.byName.get(ACTIVITY_OBJECT);
    const openActivities = input.openActivities ?? true;
    const activityStep = openActivities && activity ? [{ object: activity, filter: openActivitiesOf(activity) }] : [];
    if (input.object === undefined) {
      if (input.filter !== undefined && input.filter !== null)
        throw badInput('A filter needs the object it filters', [{ path: 'filter', message: 'give object too' }]);
      const others = model.objects.filter((o) => o.name !== ACTIVITY_OBJECT).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return [...others.map((object) => ({ object, filter: undefined })), ...activityStep];
    }
    const o = model.byName.get(input.object);
    if (!o) throw notFound(`Object ${input.object}`, 'object');
    const filter = input.filter === undefined || input.filter === null ? undefined : handoverFilter(this.schemas.executorFor(model).schema, o, input.filter);
    return [{ object: o, filter }, ...(o.name === ACTIVITY_OBJECT ? [] : activityStep)];
  }

  /** The from-user's team, for the team pools it is in. */
  private async teamOf(session: Session, userId: string) {
    const teamId = (await findUserById(this.orm, session.tenant.id, userId))?.teamId;
    return teamId ? (await listTeams(this.orm, session.tenant.id)).find((t) => t.id === teamId) : undefined;
  }
}
