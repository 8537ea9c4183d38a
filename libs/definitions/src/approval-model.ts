/**
 * Approval rules: a rule whose only action is `require_approval`. Unlike the other rules it does not run after
 * commit: the records service matches it on the write path, before the write, and turns a write it fires into a
 * pending approval request instead of applying it (see libs/records approval-gate.ts). Pure: the model checks and
 * the matching; the apply pipeline checks the users named (`approvalUserRefs`) through its storage port.
 */
import type { ErrorDetail } from '@funnelcraft/kernel';
import type { RoleModel } from './role-model.js';
import type { RuleDocument, RuleModel } from './rule-model.js';
import { BUILT_IN_ROLES } from './role-model.js';

/** Who decides one step: any one of its approvers. */
export type ApprovalStep = { title?: string } & ({ manager: true } | { role: string } | { users: string[] });

export interface RequireApprovalAction {
  type: 'require_approval';
  steps: ApprovalStep[];
  message?: string;
}

/** Approval gates changes of a record that exists: the triggers an update raises. */
export const APPROVAL_TRIGGERS: ReadonlySet<string> = new Set(['updated', 'fields_changed', 'stage_changed']);

export const approvalOf = (r: { actions: readonly { type: string }[] }): RequireApprovalAction | undefined =>
  r.actions.find((a): a is RequireApprovalAction => a.type === 'require_approval');

export const isApprovalRule = (r: { actions: readonly { type: string }[] }): boolean => approvalOf(r) !== undefined;

/** Checks of an approval rule beyond its meta-schema: its trigger, its only action, the roles it names. */
export function approvalProblems(doc: RuleDocument, roles: ReadonlyMap<string, RoleModel>, stored: boolean, at: string, problems: ErrorDetail[]): void {
  doc.actions.forEach((a, i) => {
    if (a.type !== 'require_approval') return;
    if (doc.actions.length !== 1)
      problems.push({ path: `${at}.actions[${i}]`, message: 'require_approval holds the change until it is decided: make it the rule’s only action' });
    if (!APPROVAL_TRIGGERS.has(doc.trigger.type))
      problems.push({
        path: `${at}.trigger.type`,
        message: `approval gates changes: use an updated, fields_changed or stage_changed trigger, not ${doc.trigger.type}`,
      });
    // A stored rule naming a role deleted since still loads (its step then has no approver until repaired).
    if (stored) return;
    a.steps.forEach((s, j) => {
      if ('role' in s && !(s.role in BUILT_IN_ROLES) && !roles.has(s.role))
        problems.push({ path: `${at}.actions[${i}].steps[${j}].role`, message: `no role "${s.role}": define it or use admin or member` });
    });
  });
}

/** Users an approval rule names by id, with their places. */
export function approvalUserRefs(doc: RuleDocument, at: string): { path: string; id: string }[] {
  return doc.actions.flatMap((a, i) =>
    a.type === 'require_approval'
      ? a.steps.flatMap((s, j) => ('users' in s ? s.users.map((id, k) => ({ path: `${at}.actions[${i}].steps[${j}].users[${k}]`, id })) : []))
      : [],
  );
}

const gated = new WeakMap<object, ReadonlySet<string>>();

/** Objects whose updates some enabled approval rule gates (computed once per model): only their updates pay for the check. */
export function objectsGatedByApproval(rules: ReadonlyMap<string, RuleModel>): ReadonlySet<string> {
  let set = gated.get(rules);
  if (!set) {
    set = new Set([...rules.values()].filter((r) => r.enabled && isApprovalRule(r)).map((r) => r.object));
    gated.set(rules, set);
  }
  return set;
}
