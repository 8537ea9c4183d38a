import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateDefinitions } from '@funnelcraft/definitions';
import { DEMO_SALES_TEAM, demoRules } from './demo-data.js';

const SALES = new URL('../../../schemas/examples/sales/', import.meta.url);
const sales = () =>
  readdirSync(SALES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, SALES), 'utf8')) as unknown);

describe('demo rules', () => {
  it("pass the rule model against the demo's sales model; the ERP webhook waits, disabled, to be configured", () => {
    const model = validateDefinitions([...sales(), ...demoRules()]);
    const rules = [...model.rules.values()].map((r) => [r.key, r.object, r.trigger.type, r.enabled, r.actions.map((a) => a.type)]);
    expect(rules).toEqual([
      ['demoProposalFollowUp', 'opportunity', 'stage_changed', true, ['create_task']],
      ['demoCloseDateReminder', 'opportunity', 'time_relative', true, ['send_email']],
      ['demoNewLead', 'lead', 'created', true, ['assign_round_robin', 'create_task']],
      ['demoWonToErp', 'opportunity', 'stage_changed', false, ['webhook']],
    ]);
    expect(model.rules.get('demoNewLead')!.actions[0]).toMatchObject({ team: DEMO_SALES_TEAM });
  });
});
