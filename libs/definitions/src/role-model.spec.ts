import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@funnelcraft/kernel';
import { grantOn } from './role-model.js';
import { validateDefinitions } from './validate-definitions.js';

const read = (dir: string) => {
  const url = new URL(`../../../schemas/examples/${dir}/`, import.meta.url);
  return readdirSync(url)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, url), 'utf8')) as Record<string, unknown>);
};
const SALES = read('sales');
/** Paths of the documents a test adds after the sales model's. */
const FIRST = `documents[${SALES.length}]`;
const SECOND = `documents[${SALES.length + 1}]`;
const ROLES = read('roles');
const problemsOf = (docs: unknown[]) => {
  try {
    validateDefinitions(docs);
  } catch (e) {
    if (e instanceof DomainError) return e.details;
    throw e;
  }
  return [];
};

describe('role documents', () => {
  it('the worked standard roles validate with the sales model and become grants per object', () => {
    const model = validateDefinitions([...SALES, ...ROLES]);
    expect([...model.roles.keys()].sort()).toEqual(['readOnly', 'salesManager', 'salesRep']);
    const rep = model.roles.get('salesRep')!;
    expect(grantOn(rep, 'opportunity')).toMatchObject({ read: true, edit: true, delete: false, visibility: 'own' });
    expect(grantOn(rep, 'opportunity').fields.get('amount')).toBe('read');
    expect(grantOn(rep, 'account').fields.get('annualRevenue')).toBe('hidden');
    expect(grantOn(rep, 'lead')).toMatchObject({ read: true, delete: false, visibility: 'own' });
    expect(grantOn(model.roles.get('readOnly')!, 'lead')).toMatchObject({ read: true, create: false, edit: false, visibility: 'all' });
  });

  it('refuses unknown objects and fields, a second role of one name, and the built-in admin name', () => {
    const bad = { 'x-role': 'rep', objects: { deal: { read: true }, account: { fields: { revenue: 'hidden' } } } };
    expect(problemsOf([...SALES, bad, { 'x-role': 'rep' }])).toEqual(
      expect.arrayContaining([
        { path: `${FIRST}.objects.deal`, message: 'no object "deal"' },
        { path: `${FIRST}.objects.account.fields.revenue`, message: 'account has no field "revenue"' },
        { path: `${SECOND}.x-role`, message: 'role "rep" appears twice' },
      ]),
    );
    expect(problemsOf([...SALES, { 'x-role': 'admin' }]).map((p) => p.path)).toContain(`${FIRST}.x-role`);
    expect(problemsOf([...SALES, { 'x-role': 'rep', defaults: { visibility: 'subtree' } }]).map((p) => p.path)).toContain(`${FIRST}.defaults.visibility`);
  });
});
