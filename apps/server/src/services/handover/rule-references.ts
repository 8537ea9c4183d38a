/**
 * Where a tenant's rules name a user: a round-robin list, a round-robin team it is a member of, the user a rule
 * runs as, a task's assignee, a mail's or notification's recipient. A handover reports these rather than edit
 * the rule documents (a definition change goes through the definition pipeline, with its own review); team
 * pools need nothing: the team keeps its members, and deactivated users are never drawn.
 */
import type { RuleModel, UserRef } from '@funnelcraft/definitions';
import type { TeamRow } from '@funnelcraft/storage';

export type RuleReferenceReason = 'userList' | 'teamPool' | 'runAs' | 'assignee' | 'recipient';

export interface RuleReference {
  rule: string;
  /** Where in the rule document, e.g. `actions[1].users[0]`. */
  path: string;
  reason: RuleReferenceReason;
  message: string;
}

const names = (ref: UserRef | undefined, userId: string) => typeof ref === 'string' && ref === userId;

/** The places the rules name `userId` (or a team `teamId` it is in, by id or name); in rule-key order. */
export function ruleReferencesTo(rules: Iterable<RuleModel>, userId: string, team: TeamRow | undefined): RuleReference[] {
  const out: RuleReference[] = [];
  const sorted = [...rules].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const rule of sorted) {
    const add = (path: string, reason: RuleReferenceReason, message: string) => out.push({ rule: rule.key, path, reason, message });
    if (rule.runAs === userId) add('runAs', 'runAs', 'the rule runs as this user; change runAs in the rule');
    rule.actions.forEach((a, i) => {
      const at = `actions[${i}]`;
      if (a.type === 'assign_round_robin') {
        (a.users ?? []).forEach((u, j) => {
          if (u === userId) add(`${at}.users[${j}]`, 'userList', 'this user is in the round-robin list; edit the list in the rule');
        });
        const byTeam = team && a.team !== undefined && (a.team.toLowerCase() === team.id || a.team.toLowerCase() === team.name.toLowerCase());
        if (byTeam)
          add(`${at}.team`, 'teamPool', `this user is a member of team "${team.name}"; membership is kept (move or deactivate the user to leave the pool)`);
      } else if (a.type === 'create_task' && names(a.assignee, userId)) add(`${at}.assignee`, 'assignee', 'tasks made by this rule are assigned to this user');
      else if ((a.type === 'send_email' || a.type === 'notify') && names(a.to, userId)) add(`${at}.to`, 'recipient', 'this rule writes to this user');
    });
  }
  return out;
}
