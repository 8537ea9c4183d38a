import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateDefinitions } from '@funnelcraft/definitions';
import { DEMO_SALES_TEAM, demoRules, demoSalesModel } from './demo-data.js';

const SALES = new URL('../../../schemas/examples/sales/', import.meta.url);
const sales = () =>
  readdirSync(SALES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, SALES), 'utf8')) as unknown);

const REP = '00000000-0000-4000-8000-0000000000aa';

describe('demo rules', () => {
  it("pass the rule model against the demo's sales model; the ERP webhook waits, disabled, to be configured", () => {
    const model = validateDefinitions([...demoSalesModel(sales()), ...demoRules([REP])]);
    const rules = [...model.rules.values()].map((r) => [r.key, r.object, r.trigger.type, r.enabled, r.actions.map((a) => a.type)]);
    expect(rules).toEqual([
      ['demoProposalFollowUp', 'opportunity', 'stage_changed', true, ['create_task']],
      ['demoCloseDateReminder', 'opportunity', 'time_relative', true, ['send_email']],
      ['demoNewLead', 'lead', 'created', true, ['assign_round_robin', 'create_task']],
      ['demoWonToErp', 'opportunity', 'stage_changed', false, ['webhook']],
      ['demoBigDiscount', 'opportunity', 'fields_changed', true, ['require_approval']],
    ]);
    expect(model.rules.get('demoNewLead')!.actions[0]).toMatchObject({ team: DEMO_SALES_TEAM });
  });

  it("add a discount (percent, 0–100) to the demo's opportunity and hold a discount over 20 % of the reps' deals for the owner's manager", () => {
    const model = validateDefinitions([...demoSalesModel(sales()), ...demoRules([REP])]);
    expect(model.byName.get('opportunity')!.fieldsByName.get('discount')?.kind.id).toBe('percent');
    const rule = model.rules.get('demoBigDiscount')!;
    expect(rule.trigger).toMatchObject({ type: 'fields_changed', fields: ['discount'] });
    expect(rule.condition).toEqual({ and: [{ '>': [{ var: 'new.discount' }, 20] }, { in: [{ var: 'new.ownerId' }, [REP]] }] });
    expect(rule.actions[0]).toMatchObject({ type: 'require_approval', steps: [{ manager: true }] });
    // Applied twice (a model that has the field already) it is left as it is.
    expect(demoSalesModel(demoSalesModel(sales()))).toEqual(demoSalesModel(sales()));
  });
});
