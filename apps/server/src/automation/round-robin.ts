/**
 * The assign_round_robin action: the record's owner (or the user field the action names) becomes the member
 * the pool's next turn falls on. The turn is drawn in the action's transaction (drawRoundRobin: one upsert on the
 * pool's counter row), so it is taken once the assignment commits and given back if it does not; a retried
 * job finds its row done and draws nothing. A team's pool is the team's (rules drawing from one team share its
 * turn); a list's pool is its rule action's.
 */
import type { RuleAction } from '@funnelcraft/definitions';
import { updateRecordVersioned } from '@funnelcraft/records';
import { drawRoundRobin, findTeamRef, type RoundRobinPool } from '@funnelcraft/storage';
import { PermanentError, type Scope } from './actions.js';

export async function assignRoundRobin(s: Scope, action: RuleAction): Promise<{ result: unknown }> {
  if (action.type !== 'assign_round_robin') throw new PermanentError('not a round-robin assignment');
  if (!s.record || !s.row.recordId) throw new PermanentError('the record is gone');
  let pool: RoundRobinPool;
  let poolKey: string;
  if (action.team !== undefined) {
    const team = await findTeamRef(s.tx, s.tenant.id, action.team);
    if (!team) throw new PermanentError(`no team "${action.team}" in this tenant: it was deleted or renamed since the rule was applied`);
    pool = { teamId: team.id };
    poolKey = `team:${team.id}`;
  } else {
    pool = { users: action.users ?? [] };
    poolKey = `rule:${s.row.rule}:${s.row.index}`;
  }
  const draw = await drawRoundRobin(s.tx, s.tenant.id, poolKey, pool);
  if (!draw) throw new PermanentError(action.team !== undefined ? `team "${action.team}" has no active member` : 'none of the listed users is active');
  const field = action.field ?? 'ownerId';
  const updated = await updateRecordVersioned(s.ctx, s.row.object, s.row.recordId, Number(s.record['version']), { [field]: draw.userId });
  return { result: { field, userId: draw.userId, turn: draw.turn, members: draw.members, version: updated['version'] } };
}
