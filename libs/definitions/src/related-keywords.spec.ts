/** `x-person-name` (an object's records are people) and `x-exclusive-per` (one flag on per group). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@funnelcraft/kernel';
import { validateDefinitions } from './validate-definitions.js';

type Doc = Record<string, unknown>;
const example = (name: string) => JSON.parse(readFileSync(new URL(`../../../schemas/examples/sales/${name}.json`, import.meta.url), 'utf8')) as Doc;
const obj = (name: string, properties: Record<string, Doc>, extra: Doc = {}): Doc => ({ type: 'object', 'x-object': name, properties, ...extra });

function problems(documents: unknown[]): { path: string; message: string }[] {
  try {
    validateDefinitions(documents);
  } catch (e) {
    if (e instanceof DomainError) return e.details;
    throw e;
  }
  return [];
}

describe('x-person-name and x-exclusive-per', () => {
  it('read from the sales model: contacts are people, an opportunity has one primary contact role', () => {
    const model = validateDefinitions(['account', 'contact', 'opportunity', 'opportunity-contact-role'].map(example));
    expect(model.byName.get('contact')!.personName).toEqual({ given: 'firstName', family: 'lastName' });
    const role = model.byName.get('opportunityContactRole')!;
    expect(role.fieldsByName.get('isPrimary')!.exclusivePer).toBe('opportunity');
    expect(model.byName.get('opportunity')!.reverse.map((r) => r.name)).toContain('contactRoles');
  });

  it('refuse a person name whose parts are not text fields of the object', () => {
    const doc = obj('person', { first: { 'x-kind': 'text' }, born: { 'x-kind': 'date' } }, { 'x-person-name': { given: 'first', family: 'born' } });
    expect(problems([doc])).toEqual([{ path: 'documents[0].x-person-name.family', message: 'no text field "born"' }]);
    expect(problems([{ ...doc, 'x-person-name': { given: 'first' } }]).map((p) => p.path)).toContain('documents[0].x-person-name');
  });

  it('refuse an exclusive flag grouped by anything but a lookup, and the keyword on other kinds', () => {
    const flag = (per: string, kind = 'boolean') => obj('pick', { group: { 'x-kind': 'text' }, on: { 'x-kind': kind, 'x-exclusive-per': per } });
    expect(problems([flag('group')])).toEqual([{ path: 'documents[0].properties.on.x-exclusive-per', message: 'no lookup "group" on pick' }]);
    expect(problems([flag('nothing')]).map((p) => p.path)).toEqual(['documents[0].properties.on.x-exclusive-per']);
    expect(problems([flag('group', 'number')]).map((p) => p.path)).toContain('documents[0].properties.on');
  });
});
