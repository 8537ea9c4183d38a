import { describe, expect, it } from 'vitest';
import type { RuleModel } from '@funnelcraft/definitions';
import { ruleReferencesTo } from './rule-references.js';

const ANA = '0190a0b0-0000-7000-8000-00000000000a';
const BO = '0190a0b0-0000-7000-8000-00000000000b';
const team = { id: '0190a0b0-0000-7000-8000-0000000000f1', name: 'Inside sales', parentId: null, managerId: null };
const rule = (key: string, actions: RuleModel['actions'], runAs?: string) => ({ key, actions, runAs }) as unknown as RuleModel;

describe('ruleReferencesTo', () => {
  it('finds the user in round-robin lists, run-as, assignees and recipients, and the team pools it is a member of', () => {
    const rules = [
      rule('zeta', [{ type: 'assign_round_robin', users: [BO, ANA] }], ANA),
      rule('alpha', [
        { type: 'assign_round_robin', team: 'inside SALES' },
        { type: 'create_task', subject: 'Call', assignee: ANA },
        { type: 'notify', to: ANA, message: 'hi' },
        { type: 'send_email', to: 'owner', subject: 's', body: 'b' },
      ]),
      rule('beta', [{ type: 'assign_round_robin', team: team.id }]),
    ];
    expect(ruleReferencesTo(rules, ANA, team).map((r) => [r.rule, r.path, r.reason])).toEqual([
      ['alpha', 'actions[0].team', 'teamPool'],
      ['alpha', 'actions[1].assignee', 'assignee'],
      ['alpha', 'actions[2].to', 'recipient'],
      ['beta', 'actions[0].team', 'teamPool'],
      ['zeta', 'runAs', 'runAs'],
      ['zeta', 'actions[0].users[1]', 'userList'],
    ]);
  });

  it('finds nothing for a user the rules do not name, and no team pool without a team', () => {
    const rules = [
      rule('alpha', [
        { type: 'assign_round_robin', team: 'Inside sales' },
        { type: 'assign_round_robin', users: [ANA] },
      ]),
    ];
    expect(ruleReferencesTo(rules, BO, undefined)).toEqual([]);
  });
});
