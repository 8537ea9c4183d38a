import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '@funnelcraft/kernel';
import { nextCronTime, parseCron } from './cron.js';
import { ruleTeamRefs, ruleUserRefs, type RuleDocument } from './rule-model.js';
import { validateDefinitions } from './validate-definitions.js';
import { setWebhookAddressPolicy } from './webhook-policy.js';

const read = (dir: string, f: string) =>
  JSON.parse(readFileSync(new URL(`../../../schemas/examples/${dir}/${f}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const SALES = readdirSync(new URL('../../../schemas/examples/sales/', import.meta.url))
  .filter((f) => f.endsWith('.json'))
  .map((f) => read('sales', f));
/** Paths of the documents a test adds after the sales model's. */
const FIRST = `documents[${SALES.length}]`;
const SECOND = `documents[${SALES.length + 1}]`;
const EXAMPLE = read('rules', 'proposal-follow-up.json');

type Doc = Record<string, unknown>;
const rule = (extra: Doc): Doc => ({
  'x-rule': 'r1',
  'x-object': 'opportunity',
  trigger: { type: 'created' },
  actions: [{ type: 'notify', to: 'owner', message: 'hi {{name}}' }],
  ...extra,
});

function problems(...rules: Doc[]): { path: string; message: string }[] {
  try {
    validateDefinitions([...SALES, ...rules]);
  } catch (e) {
    expect((e as DomainError).code).toBe('INVALID_DEFINITION');
    return (e as DomainError).details;
  }
  throw new Error('expected the rule to be refused');
}
const paths = (...rules: Doc[]) => problems(...rules).map((p) => p.path);

afterEach(() => setWebhookAddressPolicy({ forbidPrivate: true }));

describe('rule documents', () => {
  it('takes the worked example into the model', () => {
    const model = validateDefinitions([...SALES, EXAMPLE]);
    const r = model.rules.get('proposalFollowUp')!;
    expect(r).toMatchObject({ object: 'opportunity', enabled: true, order: 10, trigger: { type: 'stage_changed', to: 'proposal' } });
    expect(r.actions.map((a) => a.type)).toEqual(['create_task', 'notify']);
  });

  it('takes every trigger kind', () => {
    const triggers: Doc[] = [
      { type: 'updated' },
      { type: 'deleted' },
      { type: 'restored' },
      { type: 'manual' },
      { type: 'fields_changed', fields: ['amount', 'closeDate'] },
      { type: 'fields_changed', fields: ['stage'], from: 'proposal', to: 'negotiation' },
      { type: 'stage_changed', toCategory: 'won' },
      { type: 'time_relative', field: 'closeDate', offset: 3, unit: 'days', direction: 'before' },
      { type: 'time_relative', field: 'stageEnteredAt', offset: 7, unit: 'days', direction: 'after' },
      { type: 'scheduled', cron: '0 9 * * 1-5', timeZone: 'Asia/Shanghai', filter: { '==': [{ var: 'stage' }, 'proposal'] } },
    ];
    const model = validateDefinitions([...SALES, ...triggers.map((trigger, i) => rule({ 'x-rule': `r${i}`, trigger }))]);
    expect(model.rules.size).toBe(triggers.length);
    expect(model.rules.get('r9')!.cron).toBeDefined();
  });

  it('names the path of what a rule refers to and does not exist', () => {
    expect(paths(rule({ 'x-object': 'ghost' }))).toContain(`${FIRST}.x-object`);
    expect(paths(rule({ trigger: { type: 'fields_changed', fields: ['amount', 'nope'] } }))).toEqual([`${FIRST}.trigger.fields[1]`]);
    expect(paths(rule({ trigger: { type: 'stage_changed', to: 'heaven' } }))).toEqual([`${FIRST}.trigger.to`]);
    expect(paths(rule({ trigger: { type: 'time_relative', field: 'name', offset: 1, unit: 'days', direction: 'before' } }))).toEqual([
      `${FIRST}.trigger.field`,
    ]);
    expect(paths(rule({ trigger: { type: 'scheduled', cron: '61 * * * *' } }))).toEqual([`${FIRST}.trigger.cron`]);
    expect(paths(rule({ trigger: { type: 'scheduled', cron: '0 9 * *' } }))).toEqual([`${FIRST}.trigger.cron`]);
    expect(paths(rule({ trigger: { type: 'scheduled', cron: '0 9 * * *', timeZone: 'Mars/Olympus' } }))).toEqual([`${FIRST}.trigger.timeZone`]);
    expect(paths(rule({ condition: { '>': [{ var: 'new.nothing' }, 1] } }))).toEqual([`${FIRST}.condition`]);
    expect(paths(rule({ actions: [{ type: 'notify', to: 'owner', message: { en: 'ok {{name}}', zh: '{{account.nope}}' } }] }))).toEqual([
      `${FIRST}.actions[0].message.zh`,
    ]);
    expect(paths(rule({ actions: [{ type: 'update_fields', values: { nothing: 1 } }] }))).toEqual([`${FIRST}.actions[0].values.nothing`]);
    expect(paths(rule({ actions: [{ type: 'create_task', subject: 'x', assignee: { field: 'name' } }] }))).toEqual([`${FIRST}.actions[0].assignee.field`]);
  });

  it('refuses webhook URLs that are not http(s), and private addresses while that is forbidden', () => {
    const hook = (url: string) => rule({ actions: [{ type: 'webhook', url }] });
    expect(paths(hook('ftp://example.com/x'))).toEqual([`${FIRST}.actions[0].url`]);
    for (const url of ['http://127.0.0.1:8080/x', 'http://10.1.2.3/x', 'http://localhost/x', 'http://[::1]/x', 'https://192.168.0.4/x']) {
      expect(paths(hook(url)), url).toEqual([`${FIRST}.actions[0].url`]);
    }
    validateDefinitions([...SALES, hook('https://hooks.example.com/erp')]);
    setWebhookAddressPolicy({ forbidPrivate: false });
    validateDefinitions([...SALES, hook('http://127.0.0.1:8080/x')]);
  });

  it('refuses templates over the size limit, two rules in one order on one trigger, and a trailing wait', () => {
    expect(paths(rule({ actions: [{ type: 'notify', to: 'owner', message: 'x'.repeat(20_001) }] }))[0]).toMatch(
      new RegExp(`^documents\\[${SALES.length}\\]\\.actions[.[]0]?\\.?message`),
    );
    expect(paths(rule({ order: 1 }), rule({ 'x-rule': 'r2', order: 1 }))).toEqual([`${SECOND}.order`]);
    validateDefinitions([...SALES, rule({ order: 1 }), rule({ 'x-rule': 'r2', order: 2 })]);
    expect(paths(rule({ actions: [{ type: 'wait', for: 1, unit: 'days' }] }))).toEqual([`${FIRST}.actions[0]`]);
  });
});

describe('round-robin actions', () => {
  const rr = (action: Doc) => rule({ actions: [{ type: 'assign_round_robin', ...action }] });
  const U = '00000000-0000-4000-8000-000000000001';

  it('takes a team or a user list, and names the users and teams for the apply pipeline to check', () => {
    const model = validateDefinitions([...SALES, rr({ team: 'Sales' }), { ...rr({ users: [U], field: 'ownerId' }), 'x-rule': 'r2', order: 2 }]);
    expect(model.rules.get('r1')!.actions[0]).toEqual({ type: 'assign_round_robin', team: 'Sales' });
    expect(ruleTeamRefs(rr({ team: 'Sales' }) as RuleDocument, 'documents[0]')).toEqual([{ path: 'documents[0].actions[0].team', team: 'Sales' }]);
    expect(ruleUserRefs(rr({ users: [U] }) as RuleDocument, 'documents[0]')).toEqual([{ path: 'documents[0].actions[0].users[0]', id: U }]);
  });

  it('refuses neither or both of team and users, an empty or malformed list, and a field that is not a user field', () => {
    expect(problems(rr({}))).toContainEqual(expect.objectContaining({ path: `${FIRST}.actions.0`, message: "must have required property 'team'" }));
    expect(problems(rr({ team: 'Sales', users: [U] }))).toEqual([
      { path: `${FIRST}.actions[0]`, message: 'name a team or a list of users to go round, not both' },
    ]);
    expect(paths(rr({ users: [] }))).toContain(`${FIRST}.actions.0.users`);
    expect(paths(rr({ users: ['nope'] }))).toContain(`${FIRST}.actions.0.users.0`);
    expect(paths(rr({ team: '' }))).toContain(`${FIRST}.actions.0.team`);
    expect(paths(rr({ team: 'Sales', extra: 1 }))).toContain(`${FIRST}.actions.0`);
    expect(problems(rr({ team: 'Sales', field: 'name' }))).toEqual([
      { path: `${FIRST}.actions[0].field`, message: '"name" is not a user field of opportunity' },
    ]);
  });
});

describe('related-record actions', () => {
  const act = (action: Doc) => rule({ actions: [action] });
  const U = '00000000-0000-4000-8000-000000000001';

  it("takes an update of the opportunity's account and a new record linked back, and names a declared owner", () => {
    const related = { type: 'update_related', lookup: 'account', values: { industry: 'technology', phone: { cat: ['+1 ', { var: 'new.name' }] } } };
    const create = {
      type: 'create_record',
      object: 'activity',
      link: 'opportunity',
      owner: U,
      values: { subject: { cat: ['Kick-off ', { var: 'new.name' }] }, account: { var: 'new.account' } },
    };
    const model = validateDefinitions([...SALES, rule({ actions: [related, create] })]);
    expect(model.rules.get('r1')!.actions.map((a) => a.type)).toEqual(['update_related', 'create_record']);
    expect(ruleUserRefs(act(create) as RuleDocument, 'documents[0]')).toEqual([{ path: 'documents[0].actions[0].owner', id: U }]);
  });

  it('refuses an unknown lookup, object, field or link, naming the path', () => {
    expect(problems(act({ type: 'update_related', lookup: 'name', values: { industry: 'technology' } }))).toEqual([
      { path: `${FIRST}.actions[0].lookup`, message: '"name" is not a lookup field of opportunity' },
    ]);
    expect(paths(act({ type: 'update_related', lookup: 'ghost', values: { industry: 'technology' } }))).toEqual([`${FIRST}.actions[0].lookup`]);
    expect(problems(act({ type: 'update_related', lookup: 'account', values: { nope: 1 } }))).toEqual([
      { path: `${FIRST}.actions[0].values.nope`, message: 'no field "nope" on account' },
    ]);
    expect(paths(act({ type: 'update_related', lookup: 'account', values: { name: { var: 'new.ghost' } } }))).toEqual([`${FIRST}.actions[0].values.name`]);
    expect(paths(act({ type: 'update_related', lookup: 'account', values: {} }))).toContain(`${FIRST}.actions.0.values`);
    expect(problems(act({ type: 'create_record', object: 'quote', values: {} }))).toEqual([
      { path: `${FIRST}.actions[0].object`, message: 'no object "quote"' },
    ]);
    expect(paths(act({ type: 'create_record', object: 'activity', values: { subjekt: 'x' } }))).toEqual([`${FIRST}.actions[0].values.subjekt`]);
    expect(problems(act({ type: 'create_record', object: 'activity', link: 'account', values: { subject: 'x' } }))).toEqual([
      { path: `${FIRST}.actions[0].link`, message: '"account" is not a lookup of activity to opportunity' },
    ]);
    expect(paths(act({ type: 'create_record', object: 'activity', link: 'opportunity', values: { subject: 'x', opportunity: null } }))).toEqual([
      `${FIRST}.actions[0].values.opportunity`,
    ]);
    expect(paths(act({ type: 'create_record', object: 'activity', values: { subject: 'x' }, owner: { field: 'name' } }))).toEqual([
      `${FIRST}.actions[0].owner.field`,
    ]);
    expect(paths(act({ type: 'create_record', values: {} }))).toContain(`${FIRST}.actions.0`);
  });
});

describe('cron', () => {
  it('finds the next time in the tenant zone', () => {
    const spec = parseCron('0 9 * * 1-5');
    if (typeof spec === 'string') throw new Error(spec);
    // Friday 2026-12-04 10:00 in Shanghai (02:00 UTC) → Monday 09:00 Shanghai = 01:00 UTC.
    expect(nextCronTime(spec, new Date('2026-12-04T02:00:00Z'), 'Asia/Shanghai')!.toISOString()).toBe('2026-12-07T01:00:00.000Z');
  });
});
