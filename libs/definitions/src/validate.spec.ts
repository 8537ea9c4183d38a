import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@funnelcraft/kernel';
import { MAX_COLUMNS } from './object-kind.js';
import { validateDefinitions } from './validate-definitions.js';

const EXAMPLES_DIR = new URL('../../../schemas/examples/sales/', import.meta.url);
const example = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`${name}.json`, EXAMPLES_DIR), 'utf8')) as Record<string, unknown>;
const SALES = ['account', 'activity', 'contact', 'lead', 'opportunity'];
const salesDocuments = () => SALES.map(example);

type Doc = Record<string, unknown>;
const obj = (name: string, properties: Record<string, Doc>, extra: Doc = {}): Doc => ({ type: 'object', 'x-object': name, properties, ...extra });
const text = (extra: Doc = {}): Doc => ({ 'x-kind': 'text', ...extra });

/** Runs validation and returns the INVALID_DEFINITION error it must throw. */
function rejection(documents: unknown[]): DomainError {
  try {
    validateDefinitions(documents);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('INVALID_DEFINITION');
    return e as DomainError;
  }
  throw new Error('expected the definitions to be rejected');
}

describe('validateDefinitions on the worked sales examples', () => {
  const model = validateDefinitions(salesDocuments());
  const object = (name: string) => model.byName.get(name)!;
  const field = (o: string, f: string) => object(o).fieldsByName.get(f)!;

  it('accepts all five documents together', () => {
    expect(model.objects.map((o) => o.name).sort()).toEqual(SALES);
    expect(model.documents.map((d) => d['x-object'])).toEqual(SALES);
  });

  it('rejects activity alone: its lookups point at objects that are not there', () => {
    const error = rejection([example('activity')]);
    expect(error.details.map((d) => d.path).sort()).toEqual([
      'documents[0].properties.account.x-target',
      'documents[0].properties.contact.x-target',
      'documents[0].properties.lead.x-target',
      'documents[0].properties.opportunity.x-target',
    ]);
  });

  it.each([
    ['account', 'name', 'name'],
    ['account', 'annualRevenue', 'annual_revenue'],
    ['activity', 'dueAt', 'due_at'],
    ['contact', 'firstName', 'first_name'],
    ['contact', 'lastName', 'last_name'],
    ['opportunity', 'closeDate', 'close_date'],
    ['opportunity', 'account', 'account'],
  ])('%s.%s is stored in column %s', (o, f, column) => {
    expect(field(o, f).column).toBe(column);
  });

  it('names tables and plurals', () => {
    expect(model.objects.map((o) => [o.name, o.table, o.plural])).toEqual(
      expect.arrayContaining([
        ['account', 'account', 'accounts'],
        ['activity', 'activity', 'activities'],
        ['opportunity', 'opportunity', 'opportunities'],
      ]),
    );
  });

  it('indexes every lookup and keeps the declared on-delete rule', () => {
    const lookups = model.objects.flatMap((o) =>
      o.fields.filter((f) => f.kind.id === 'lookup').map((f) => [`${o.name}.${f.name}`, f.indexed, f.onDelete, f.target]),
    );
    expect(lookups).toEqual(
      expect.arrayContaining([
        ['contact.account', true, 'set_null', 'account'],
        ['opportunity.account', true, 'set_null', 'account'],
        ['activity.account', true, 'cascade', 'account'],
        ['activity.contact', true, 'set_null', 'contact'],
        ['activity.lead', true, 'cascade', 'lead'],
        ['activity.opportunity', true, 'cascade', 'opportunity'],
        ['lead.convertedAccount', true, 'set_null', 'account'],
        ['lead.convertedContact', true, 'set_null', 'contact'],
        ['lead.convertedOpportunity', true, 'set_null', 'opportunity'],
      ]),
    );
    expect(lookups).toHaveLength(9);
  });

  it('indexes only what is declared besides lookups', () => {
    expect(field('account', 'name').indexed).toBe(true);
    expect(field('account', 'industry').indexed).toBe(false);
    expect(field('opportunity', 'closeDate').indexed).toBe(true);
    expect(field('opportunity', 'name').unique).toBe(false);
  });

  it('attaches reverse relations to the targets of lookups', () => {
    const reverse = (o: string) =>
      object(o)
        .reverse.map((r) => [r.name, r.sourceObject, r.sourceField])
        .sort();
    expect(reverse('account')).toEqual([
      ['activities', 'activity', 'account'],
      ['contacts', 'contact', 'account'],
      ['convertedLeads', 'lead', 'convertedAccount'],
      ['opportunities', 'opportunity', 'account'],
    ]);
    expect(reverse('contact')).toEqual([
      ['activities', 'activity', 'contact'],
      ['convertedLeads', 'lead', 'convertedContact'],
    ]);
    expect(reverse('lead')).toEqual([['activities', 'activity', 'lead']]);
    expect(reverse('opportunity')).toEqual([
      ['activities', 'activity', 'opportunity'],
      ['convertedLeads', 'lead', 'convertedOpportunity'],
    ]);
    expect(reverse('activity')).toEqual([]);
  });

  it('normalizes labels, required flags, defaults, options and auto numbers', () => {
    expect(object('account').label).toEqual({ en: 'Account', zh: '客户' });
    expect(object('opportunity').pluralLabel).toEqual({ en: 'Opportunities', zh: '商机' });
    expect(object('contact').displayField).toBe('lastName');
    expect(field('activity', 'subject').required).toBe(true);
    expect(field('activity', 'type').required).toBe(true);
    expect(field('activity', 'notes').required).toBe(false);
    expect(field('activity', 'done').defaultValue).toBe(false);
    expect(field('lead', 'status').defaultValue).toBe('new');
    expect(field('lead', 'status').options.map((o) => o.value)).toEqual(['new', 'working', 'qualified', 'unqualified', 'converted']);
    expect(field('opportunity', 'number').autoNumber).toEqual({ prefix: 'OPP-', width: 5 });
    expect(field('opportunity', 'amount').kind.id).toBe('currency');
    expect(field('activity', 'dueAt').kind.storage).toBe('timestamptz');
  });

  it('falls back to the title, then the name, for labels; and to the first text field for display', () => {
    const m = validateDefinitions([obj('project', { code: { 'x-kind': 'number' }, title: text({ title: 'Project title' }), body: text() })]);
    const project = m.byName.get('project')!;
    expect(project.label).toEqual({ en: 'Project' });
    expect(project.fieldsByName.get('title')!.label).toEqual({ en: 'Project title' });
    expect(project.fieldsByName.get('body')!.label).toEqual({ en: 'body' });
    expect(project.displayField).toBe('title');
  });
});

describe('the content hash', () => {
  /** Reverses the key order of every object except `properties` (whose order is the field order). */
  const reverseKeys = (value: unknown, key = ''): unknown => {
    if (Array.isArray(value)) return value.map((v) => reverseKeys(v));
    if (value && typeof value === 'object') {
      const entries = Object.entries(value).map(([k, v]) => [k, reverseKeys(v, k)] as const);
      return Object.fromEntries(key === 'properties' ? entries : entries.reverse());
    }
    return value;
  };

  it('differs when only the field order differs (it is the order of forms and lists)', () => {
    const docs = salesDocuments();
    const account = docs.find((d) => d['x-object'] === 'account')!;
    account['properties'] = Object.fromEntries(Object.entries(account['properties'] as object).reverse());
    expect(validateDefinitions(docs).hash).not.toBe(validateDefinitions(salesDocuments()).hash);
  });

  it('is equal for the same documents with keys in another order', () => {
    const reordered = salesDocuments().map((d) => reverseKeys(d));
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(salesDocuments()));
    expect(validateDefinitions(reordered).hash).toBe(validateDefinitions(salesDocuments()).hash);
  });

  it('is equal for the same documents in another order', () => {
    expect(validateDefinitions(salesDocuments().reverse()).hash).toBe(validateDefinitions(salesDocuments()).hash);
  });

  it('differs when anything differs, even a label', () => {
    const base = validateDefinitions(salesDocuments()).hash;
    const relabeled = salesDocuments();
    (relabeled[0]!['x-label'] as Record<string, string>)['en'] = 'Customer';
    expect(validateDefinitions(relabeled).hash).not.toBe(base);
    expect(validateDefinitions([example('account')]).hash).not.toBe(base);
  });

  it('is a sha-256 hex digest', () => {
    expect(validateDefinitions([]).hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('validateDefinitions rejects, pointing at the problem', () => {
  const CASES: { name: string; documents: unknown[]; path: string; message?: RegExp }[] = [
    // meta-schema
    {
      name: 'an unknown x-kind',
      documents: [obj('deal', { size: { 'x-kind': 'bignum' } })],
      path: 'documents[0].properties.size.x-kind',
      message: /allowed values/,
    },
    { name: 'a field without x-kind', documents: [obj('deal', { size: { type: 'number' } })], path: 'documents[0].properties.size', message: /x-kind/ },
    {
      name: 'a keyword of the wrong type',
      documents: [obj('deal', { title: text({ maxLength: 'long' }) })],
      path: 'documents[0].properties.title.maxLength',
      message: /integer/,
    },
    {
      name: 'x-unique of the wrong type',
      documents: [obj('deal', { title: text({ 'x-unique': 'yes' }) })],
      path: 'documents[0].properties.title.x-unique',
      message: /boolean/,
    },
    {
      name: 'maxLength on a boolean',
      documents: [obj('deal', { won: { 'x-kind': 'boolean', maxLength: 5 } })],
      path: 'documents[0].properties.won',
      message: /maxLength/,
    },
    {
      name: 'x-target on a text field',
      documents: [obj('deal', { title: text({ 'x-target': 'account' }) })],
      path: 'documents[0].properties.title',
      message: /x-target/,
    },
    {
      name: 'a lookup without x-target',
      documents: [obj('deal', { account: { 'x-kind': 'lookup' } })],
      path: 'documents[0].properties.account',
      message: /x-target/,
    },
    {
      name: 'a single select without options',
      documents: [obj('deal', { stage: { 'x-kind': 'single_select' } })],
      path: 'documents[0].properties.stage',
      message: /x-options/,
    },
    { name: 'an unknown top-level keyword', documents: [obj('deal', { title: text() }, { 'x-colour': 'red' })], path: 'documents[0]', message: /x-colour/ },
    { name: 'a document that is not an object schema', documents: [{ type: 'array', 'x-object': 'deal', properties: {} }], path: 'documents[0].type' },
    { name: 'a document that is not an object at all', documents: ['deal'], path: 'documents[0]' },
    // names
    { name: 'an object name that is SQL', documents: [obj('x"; drop table y', { title: text() })], path: 'documents[0].x-object', message: /pattern/ },
    {
      name: 'a field name that is SQL',
      documents: [obj('deal', { 'x"; drop table y': text() })],
      path: 'documents[0].properties',
      message: /x"; drop table y/,
    },
    { name: 'an upper-case object name', documents: [obj('Deal', { title: text() })], path: 'documents[0].x-object' },
    { name: 'an object name longer than 40 characters', documents: [obj(`d${'a'.repeat(40)}`, { title: text() })], path: 'documents[0].x-object' },
    { name: 'the field name id', documents: [obj('deal', { id: text() })], path: 'documents[0].properties.id', message: /reserved/ },
    {
      name: 'the field name createdAt',
      documents: [obj('deal', { createdAt: { 'x-kind': 'datetime' } })],
      path: 'documents[0].properties.createdAt',
      message: /reserved/,
    },
    { name: 'the field name owner', documents: [obj('deal', { owner: { 'x-kind': 'user' } })], path: 'documents[0].properties.owner', message: /reserved/ },
    {
      name: 'the field name deletedAt',
      documents: [obj('deal', { deletedAt: { 'x-kind': 'datetime' } })],
      path: 'documents[0].properties.deletedAt',
      message: /reserved/,
    },
    { name: 'the object name user', documents: [obj('user', { title: text() })], path: 'documents[0].x-object', message: /reserved/ },
    { name: 'the object name tenant', documents: [obj('tenant', { title: text() })], path: 'documents[0].x-object', message: /reserved/ },
    {
      name: 'an object name ending with Connection',
      documents: [obj('dealConnection', { title: text() })],
      path: 'documents[0].x-object',
      message: /Connection/,
    },
    { name: 'an object name ending with Filter', documents: [obj('dealFilter', { title: text() })], path: 'documents[0].x-object', message: /Filter/ },
    { name: 'an object whose plural is its name', documents: [obj('sheep', { title: text() }, { 'x-plural': 'sheep' })], path: 'documents[0].x-plural' },
    {
      name: 'two fields on one column',
      documents: [obj('deal', { closeDate: { 'x-kind': 'date' }, close_date: { 'x-kind': 'date' } })],
      path: 'documents[0].properties',
    },
    {
      name: 'a lookup beside a field named <lookup>Id',
      documents: [obj('account', { name: text() }), obj('deal', { account: { 'x-kind': 'lookup', 'x-target': 'account' }, accountId: text() })],
      path: 'documents[1].properties.account',
      message: /accountId/,
    },
    // cross-document
    {
      name: 'the same object twice',
      documents: [obj('deal', { title: text() }), obj('deal', { name: text() })],
      path: 'documents[1].x-object',
      message: /defined twice/,
    },
    {
      name: 'a lookup to a missing object',
      documents: [obj('deal', { account: { 'x-kind': 'lookup', 'x-target': 'account' } })],
      path: 'documents[0].properties.account.x-target',
      message: /unknown object "account"/,
    },
    {
      name: 'an API name of one object colliding with another',
      documents: [obj('person', { name: text() }, { 'x-plural': 'people' }), obj('people', { name: text() })],
      path: 'documents[1].x-object',
      message: /collides with "person"/,
    },
    {
      name: 'an object whose name is a built-in root field',
      documents: [obj('tenant', { name: text() })],
      path: 'documents[0].x-object',
      message: /built-in API field/,
    },
    {
      name: 'two lookups whose reverse relations collide',
      documents: [
        obj('account', { name: text() }),
        obj('deal', {
          account: { 'x-kind': 'lookup', 'x-target': 'account', 'x-reverse': 'deals' },
          partner: { 'x-kind': 'lookup', 'x-target': 'account', 'x-reverse': 'deals' },
        }),
      ],
      path: 'documents[1].properties.partner.x-reverse',
      message: /collides/,
    },
    // fields and constraints
    {
      name: 'a required field that is not defined',
      documents: [obj('deal', { title: text() }, { required: ['title', 'amount'] })],
      path: 'documents[0].required',
      message: /"amount" is not defined/,
    },
    {
      name: 'a display field that is missing',
      documents: [obj('deal', { title: text() }, { 'x-display-field': 'name' })],
      path: 'documents[0].x-display-field',
      message: /no field "name"/,
    },
    {
      name: 'a number default that is text',
      documents: [obj('deal', { size: { 'x-kind': 'number', default: 'big' } })],
      path: 'documents[0].properties.size.default',
    },
    {
      name: 'a number default below the minimum',
      documents: [obj('deal', { size: { 'x-kind': 'number', minimum: 0, default: -1 } })],
      path: 'documents[0].properties.size.default',
    },
    {
      name: 'a select default that is not an option',
      documents: [obj('deal', { stage: { 'x-kind': 'single_select', 'x-options': [{ value: 'open' }], default: 'won' } })],
      path: 'documents[0].properties.stage.default',
    },
    {
      name: 'a text default longer than maxLength',
      documents: [obj('deal', { code: text({ maxLength: 3, default: 'ABCD' }) })],
      path: 'documents[0].properties.code.default',
    },
    {
      name: 'a boolean default that is a string',
      documents: [obj('deal', { won: { 'x-kind': 'boolean', default: 'false' } })],
      path: 'documents[0].properties.won.default',
    },
    {
      name: 'a multi select default with an unknown option',
      documents: [obj('deal', { tags: { 'x-kind': 'multi_select', 'x-options': [{ value: 'a' }], default: ['a', 'b'] } })],
      path: 'documents[0].properties.tags.default',
    },
    {
      name: 'duplicate select option values',
      documents: [obj('deal', { stage: { 'x-kind': 'single_select', 'x-options': [{ value: 'open' }, { value: 'won' }, { value: 'open' }] } })],
      path: 'documents[0].properties.stage.x-options',
      message: /unique/,
    },
    {
      name: 'a unique long text',
      documents: [obj('deal', { body: { 'x-kind': 'long_text', 'x-unique': true } })],
      path: 'documents[0].properties.body',
      message: /"x-unique" is not allowed/,
    },
    {
      name: 'a required formula',
      documents: [obj('deal', { total: { 'x-kind': 'formula', 'x-formula': 1, 'x-result': 'number' } }, { required: ['total'] })],
      path: 'documents[0].required',
      message: /computed/,
    },
    {
      name: 'a formula with an unknown operator',
      documents: [
        obj('deal', { size: { 'x-kind': 'number' }, total: { 'x-kind': 'formula', 'x-formula': { substr: [{ var: 'size' }, 1] }, 'x-result': 'text' } }),
      ],
      path: 'documents[0].properties.total.x-formula',
      message: /substr/,
    },
    {
      name: 'a formula over an unknown field',
      documents: [
        obj('deal', { size: { 'x-kind': 'number' }, total: { 'x-kind': 'formula', 'x-formula': { '*': [{ var: 'sise' }, 2] }, 'x-result': 'number' } }),
      ],
      path: 'documents[0].properties.total.x-formula',
      message: /sise/,
    },
    {
      name: 'a formula over another formula',
      documents: [
        obj('deal', {
          a: { 'x-kind': 'formula', 'x-formula': 1, 'x-result': 'number' },
          b: { 'x-kind': 'formula', 'x-formula': { var: 'a' }, 'x-result': 'number' },
        }),
      ],
      path: 'documents[0].properties.b.x-formula',
    },
  ];

  it.each(CASES)('$name', ({ documents, path, message }) => {
    const error = rejection(documents);
    const at = error.details.filter((d) => d.path === path);
    expect(at, JSON.stringify(error.details, null, 2)).not.toHaveLength(0);
    if (message) expect(at.map((d) => d.message).join('\n')).toMatch(message);
  });

  it('reports every problem, not only the first', () => {
    const error = rejection([
      obj('deal', { id: text(), owner: text(), size: { 'x-kind': 'number', default: 'big' } }, { required: ['nope'], 'x-display-field': 'nothing' }),
    ]);
    expect(error.details.map((d) => d.path).sort()).toEqual([
      'documents[0].properties.id',
      'documents[0].properties.owner',
      'documents[0].properties.size.default',
      'documents[0].required',
      'documents[0].x-display-field',
    ]);
  });

  describe('the column limit', () => {
    // Eight system columns: id, created_at, updated_at, created_by, updated_by, owner_id, version, deleted_at.
    const SYSTEM_COLUMNS = 8;
    const wide = (count: number, kind = 'text') => obj('wide', Object.fromEntries(Array.from({ length: count }, (_, i) => [`f${i}`, { 'x-kind': kind }])));

    it("is PostgreSQL's 1600 columns per table", () => {
      expect(MAX_COLUMNS).toBe(1600);
    });

    it('rejects more fields than PostgreSQL can hold', () => {
      const error = rejection([wide(MAX_COLUMNS - SYSTEM_COLUMNS + 1)]);
      expect(error.details).toEqual([expect.objectContaining({ path: 'documents[0].properties', message: expect.stringMatching(/1600/) })]);
    });

    it('counts a currency field as two columns', () => {
      const error = rejection([wide(Math.floor((MAX_COLUMNS - SYSTEM_COLUMNS) / 2) + 1, 'currency')]);
      expect(error.details.map((d) => d.path)).toEqual(['documents[0].properties']);
    });

    it('does not count formula fields, which have no column', () => {
      const formulas = wide(MAX_COLUMNS, 'formula');
      for (const f of Object.values(formulas['properties'] as Record<string, Doc>)) Object.assign(f, { 'x-formula': 1, 'x-result': 'number' });
      expect(() => validateDefinitions([formulas])).not.toThrow();
    });

    it('accepts exactly 1600 columns: the eight system columns and 1592 fields', () => {
      // CREATE TABLE with 1600 columns succeeds in PostgreSQL; the planner creates eight system columns.
      expect(() => validateDefinitions([wide(MAX_COLUMNS - SYSTEM_COLUMNS)])).not.toThrow();
    });
  });

  it('rejects a field whose column name would not fit in a PostgreSQL identifier (63 bytes)', () => {
    // 40 characters, 33 of them upper case: snake_case gives a 73-character column the DDL planner must refuse.
    const name = 'aBCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHxyzwvu';
    expect(name).toHaveLength(40);
    const error = rejection([obj('deal', { [name]: text() })]);
    expect(error.details.map((d) => d.path)).toEqual([`documents[0].properties.${name}`]);
  });

  it('accepts an empty set of documents', () => {
    expect(validateDefinitions([]).objects).toEqual([]);
  });
});
