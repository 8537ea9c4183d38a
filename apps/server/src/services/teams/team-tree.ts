/**
 * The checks a change to a tenant's team tree must pass, as pure functions over the tree (loaded under the
 * tenant's teams lock): names unique per tenant (case-insensitively), a parent that exists and is not the
 * team itself or below it (no cycles), a manager who is a user of the tenant. Each problem carries a stable
 * `reason` (length, taken, unknown, cycle) beside its English message, for clients to word it in their language.
 */
import type { ErrorDetail } from '@funnelcraft/kernel';
import type { TeamRow } from '@funnelcraft/storage';

export const TEAM_NAME_MAX = 120;

export function nameProblems(teams: readonly TeamRow[], name: string, self?: string): ErrorDetail[] {
  const n = name.trim();
  if (!n || n.length > TEAM_NAME_MAX) return [{ path: 'name', message: `between 1 and ${TEAM_NAME_MAX} characters`, reason: 'length' }];
  const taken = teams.find((t) => t.id !== self && t.name.toLowerCase() === n.toLowerCase());
  return taken ? [{ path: 'name', message: `a team named "${taken.name}" exists already`, reason: 'taken' }] : [];
}

/** Teams below `id` (not `id` itself), however deep. */
export function descendantsOf(teams: readonly TeamRow[], id: string): Set<string> {
  const below = new Set<string>();
  for (let frontier = [id]; frontier.length;) {
    const next = teams.filter((t) => t.parentId !== null && frontier.includes(t.parentId) && !below.has(t.id)).map((t) => t.id);
    next.forEach((t) => below.add(t));
    frontier = next;
  }
  return below;
}

export function parentProblems(teams: readonly TeamRow[], parentId: string | null, self?: string): ErrorDetail[] {
  if (parentId === null) return [];
  if (!teams.some((t) => t.id === parentId)) return [{ path: 'parentId', message: 'no such team', reason: 'unknown' }];
  if (self && (parentId === self || descendantsOf(teams, self).has(parentId)))
    return [{ path: 'parentId', message: 'a team cannot be moved under itself or one of its own sub-teams (that would make a cycle)', reason: 'cycle' }];
  return [];
}
