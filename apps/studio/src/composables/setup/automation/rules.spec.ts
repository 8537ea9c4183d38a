import { describe, expect, it } from 'vitest';
import { documentKeys, isObjectDocument, isRuleDocument, objectDocument } from '../documents';
import { ruleRows, withEnabled } from './rules';
import { runFilter } from './use-run-log';

const account = { type: 'object', 'x-object': 'account', properties: {} };
const welcome = {
  'x-rule': 'welcome',
  'x-object': 'account',
  title: 'Welcome',
  'x-label': { en: 'Welcome', zh: '欢迎' },
  order: 2,
  trigger: { type: 'created' },
  actions: [
    { type: 'create_task', subject: 'Call' },
    { type: 'notify', to: 'owner', message: 'Hi' },
  ],
};
const quiet = { 'x-rule': 'quiet', 'x-object': 'account', enabled: false, trigger: { type: 'manual' }, actions: [{ type: 'wait', for: 1, unit: 'days' }] };
const hook = { 'x-rule': 'erp', 'x-object': 'contact', order: 0, trigger: { type: 'created' }, actions: [{ type: 'webhook', url: 'https://x.test' }] };

describe('automation rules', () => {
  it('reads rule documents among the definitions, ordered by object, order and name', () => {
    const rows = ruleRows([account, welcome, quiet, hook], []);
    expect(rows.map((r) => r.key)).toEqual(['quiet', 'welcome', 'erp']);
    expect(isRuleDocument(account)).toBe(false);
    expect(rows[1]).toMatchObject({
      object: 'account',
      labels: { en: 'Welcome', zh: '欢迎' },
      fallback: 'Welcome',
      trigger: { type: 'created' },
      enabled: true,
      order: 2,
      actions: ['create_task', 'notify'],
      runs: 0,
      lastRunAt: null,
      failures: 0,
    });
    // No title or label: the API name; enabled is true unless false.
    expect(rows[0]).toMatchObject({ fallback: 'quiet', labels: null, enabled: false, order: 0 });
  });

  it('keeps a rule apart from the object it names (the object designers edit the object, never the rule)', () => {
    expect(isObjectDocument(welcome)).toBe(false);
    expect(objectDocument([welcome, account], 'account')).toBe(account);
    expect(documentKeys(welcome)).toEqual(['rule:welcome']);
  });

  it('joins each rule with its run figures', () => {
    const rows = ruleRows([welcome, hook], [{ rule: 'erp', runs: 4, lastRunAt: '2026-12-04T10:00:00.000Z', failures: 1 }]);
    expect(rows.find((r) => r.key === 'erp')).toMatchObject({ runs: 4, lastRunAt: '2026-12-04T10:00:00.000Z', failures: 1 });
    expect(rows.find((r) => r.key === 'welcome')).toMatchObject({ runs: 0, failures: 0 });
  });

  it('toggles only enabled, keeping the rest of the document as written', () => {
    const off = withEnabled(welcome, false);
    expect(off).toEqual({ ...welcome, enabled: false });
    expect(welcome).not.toHaveProperty('enabled');
  });

  it('sends only the run filters given, and a record id that is not one matches nothing', () => {
    expect(runFilter({ rule: '', recordId: ' ', status: '' })).toEqual({});
    expect(runFilter({ rule: 'erp', recordId: '', status: 'dead' })).toEqual({ rule: 'erp', status: 'dead' });
    const id = '0192f1c4-8a3b-7c3d-9e2f-123456789abc';
    expect(runFilter({ rule: '', recordId: ` ${id} `, status: '' })).toEqual({ recordId: id });
    expect(runFilter({ rule: '', recordId: 'acme', status: '' })).toEqual({ recordId: '00000000-0000-0000-0000-000000000000' });
  });
});
