import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, startTestServer } from '../../support/api.js';
import { applyDocs, newTenant, testPool, type TestTenant } from '../../support/db.js';
import { countQueries } from '../../support/query-count.js';
import { objectDoc, salesModel } from '../../support/docs.js';

let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let token: string;
const call = (query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, token);

const projectDoc = objectDoc(
  'project',
  {
    title: { 'x-kind': 'text', maxLength: 40, 'x-unique': true },
    budget: { 'x-kind': 'currency', minimum: 0 },
    hours: { 'x-kind': 'number' },
    rate: { 'x-kind': 'number' },
    cost: { 'x-kind': 'formula', 'x-formula': { '*': [{ var: 'hours' }, { var: 'rate' }] }, 'x-result': 'number' },
    status: { 'x-kind': 'single_select', 'x-options': [{ value: 'open' }, { value: 'done' }], default: 'open' },
    tags: { 'x-kind': 'multi_select', 'x-options': [{ value: 'red' }, { value: 'blue' }, { value: 'green' }] },
    due: { 'x-kind': 'date' },
    contactEmail: { 'x-kind': 'email' },
    active: { 'x-kind': 'boolean' },
  },
  { required: ['title'] },
);

// program ← milestone (cascade) ← task (cascade) ← timesheet (restrict): cascades go as deep as they lead.
const cascadeDocs = [
  objectDoc('program', { title: { 'x-kind': 'text' } }),
  objectDoc('milestone', { title: { 'x-kind': 'text' }, program: { 'x-kind': 'lookup', 'x-target': 'program', 'x-on-delete': 'cascade' } }),
  objectDoc('task', { title: { 'x-kind': 'text' }, milestone: { 'x-kind': 'lookup', 'x-target': 'milestone', 'x-on-delete': 'cascade' } }),
  objectDoc('timesheet', { hours: { 'x-kind': 'number' }, task: { 'x-kind': 'lookup', 'x-target': 'task', 'x-on-delete': 'restrict' } }),
];

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  await applyDocs(pool, t, [...salesModel(), projectDoc, ...cascadeDocs]);
  token = await login(server.url, t.tenant.slug, t.email);
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

describe('records through GraphQL', () => {
  it('creates, reads, updates with the expected version, and refuses a stale version', async () => {
    const created = ok(
      await call(
        'mutation { createProject(input: {title: "Alpha", budget: {amount: 1200.5}, hours: 10, rate: 15, tags: ["red"], due: "2026-05-01"}) { id version title status budget { amount currency } cost tags due owner { email } } }',
      ),
    ).createProject;
    expect(created).toMatchObject({
      version: 1,
      title: 'Alpha',
      status: 'open',
      budget: { amount: 1200.5, currency: 'USD' },
      cost: 150,
      tags: ['red'],
      due: '2026-05-01',
      owner: { email: t.email },
    });
    const updated = ok(
      await call('mutation($id: ID!) { updateProject(id: $id, version: 1, input: {hours: 20, status: "done"}) { version hours cost status updatedAt } }', {
        id: created.id,
      }),
    ).updateProject;
    expect(updated).toMatchObject({ version: 2, hours: 20, cost: 300, status: 'done' });
    const stale = await call('mutation($id: ID!) { updateProject(id: $id, version: 1, input: {hours: 1}) { version } }', { id: created.id });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', details: [expect.objectContaining({ currentVersion: 2, expectedVersion: 1 })] });
    const read = ok(await call('query($id: ID!) { project(id: $id) { hours version } }', { id: created.id })).project;
    expect(read).toEqual({ hours: 20, version: 2 });
  });

  it('lets exactly one of two concurrent updates of the same version win', async () => {
    const { id } = ok(await call('mutation { createProject(input: {title: "Race"}) { id } }')).createProject;
    const update = (hours: number) =>
      call('mutation($id: ID!, $h: Float) { updateProject(id: $id, version: 1, input: {hours: $h}) { hours } }', { id, h: hours });
    const results = await Promise.all([update(1), update(2), update(3)]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions.code === 'CONFLICT')).toHaveLength(2);
  });

  it('rejects invalid records with per-field details and writes nothing', async () => {
    const before = ok(await call('{ projects { totalCount } }')).projects.totalCount;
    const res = await call(
      'mutation { createProject(input: {title: "This title is far too long to fit in forty chars", status: "nope", contactEmail: "not-an-email", budget: {amount: -5}, tags: ["red", "purple"]}) { id } }',
    );
    expect(res.errors?.[0]?.extensions.code).toBe('VALIDATION_FAILED');
    const paths = res.errors?.[0]?.extensions.details?.map((d) => d.path).sort();
    expect(paths).toEqual(['budget.amount', 'contactEmail', 'status', 'tags.1', 'title']);
    const missing = await call('mutation { createProject(input: {hours: 1}) { id } }');
    expect(missing.errors?.[0]?.extensions.details).toEqual([expect.objectContaining({ path: 'title', message: 'is required' })]);
    const wrongType = await call('mutation($in: ProjectInput!) { createProject(input: $in) { id } }', { in: { title: 'x', hours: 'many' } });
    expect(wrongType.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(wrongType.errors?.[0]?.message).toMatch(/"in\.hours"; Float cannot represent/);
    const unique = await call('mutation { createProject(input: {title: "Alpha"}) { id } }');
    expect(unique.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'title', keyword: 'unique' })],
    });
    expect(ok(await call('{ projects { totalCount } }')).projects.totalCount).toBe(before);
  });

  it('creates up to 1,000 records in one call, all or none', async () => {
    const inputs = Array.from({ length: 1000 }, (_, i) => ({ title: `Bulk ${i}`, hours: i, tags: i % 2 ? ['blue'] : [] }));
    const created = ok(await call('mutation($in: [ProjectInput!]!) { createProjects(inputs: $in) { id title status } }', { in: inputs })).createProjects;
    expect(created).toHaveLength(1000);
    expect(created[999]).toMatchObject({ title: 'Bulk 999', status: 'open' });
    const tooMany = await call('mutation($in: [ProjectInput!]!) { createProjects(inputs: $in) { id } }', {
      in: Array.from({ length: 1001 }, (_, i) => ({ title: `Over ${i}` })),
    });
    expect(tooMany.errors?.[0]?.extensions.code).toBe('LIMIT_EXCEEDED');
    const oneBad = await call('mutation($in: [ProjectInput!]!) { createProjects(inputs: $in) { id } }', {
      in: [{ title: 'Fine 1' }, { title: 'Fine 2', status: 'bogus' }],
    });
    expect(oneBad.errors?.[0]?.extensions.details).toEqual([expect.objectContaining({ path: 'inputs[1].status' })]);
    expect(ok(await call('{ projects(filter: {title: {startsWith: "Fine"}}) { totalCount } }')).projects.totalCount).toBe(0);
  });

  it('filters, sorts with nulls first or last, and pages with cursors through the whole list', async () => {
    const seed = [
      { title: 'P-a', hours: 5, due: '2026-01-01', tags: ['red', 'blue'], active: true },
      { title: 'P-b', hours: null, due: '2026-02-01', tags: ['green'], active: false },
      { title: 'P-c', hours: 5, due: null, tags: [], active: true },
      { title: 'P-d', hours: 9, due: '2026-03-01', tags: ['blue'], active: null },
      { title: 'p-e', hours: 1, due: '2026-01-15', tags: null, active: true },
    ];
    ok(await call('mutation($in: [ProjectInput!]!) { createProjects(inputs: $in) { id } }', { in: seed }));
    const titles = async (filter: unknown, orderBy: unknown = [{ field: 'title', direction: 'ASC' }]) =>
      ok(
        await call('query($f: ProjectFilter, $o: [ProjectOrderBy!]) { projects(filter: $f, orderBy: $o, first: 100) { nodes { title } } }', {
          f: { and: [{ title: { startsWith: 'P-' } }, filter] },
          o: orderBy,
        }),
      ).projects.nodes.map((n: { title: string }) => n.title);
    expect(await titles({ hours: { eq: 5 } })).toEqual(['P-a', 'P-c']);
    expect(await titles({ hours: { neq: 5 } })).toEqual(['P-b', 'P-d']);
    expect(await titles({ hours: { gt: 1, lte: 9 } })).toEqual(['P-a', 'P-c', 'P-d']);
    expect(await titles({ hours: { in: [1, 9] } })).toEqual(['P-d']);
    expect(await titles({ hours: { isNull: true } })).toEqual(['P-b']);
    expect(await titles({ due: { gte: '2026-02-01' } })).toEqual(['P-b', 'P-d']);
    expect(await titles({ tags: { contains: 'blue' } })).toEqual(['P-a', 'P-d']);
    expect(await titles({ tags: { containsAll: ['red', 'blue'] } })).toEqual(['P-a']);
    expect(await titles({ active: { eq: true } })).toEqual(['P-a', 'P-c']);
    expect(await titles({ or: [{ hours: { eq: 9 } }, { due: { isNull: true } }] })).toEqual(['P-c', 'P-d']);
    expect(await titles({ not: { hours: { eq: 5 } } })).toEqual(['P-b', 'P-d']);
    expect(await titles({ cost: { isNull: true } })).toEqual(['P-a', 'P-b', 'P-c', 'P-d']);
    expect(ok(await call('{ projects(filter: {title: {contains: "P-E"}}) { nodes { title } } }')).projects.nodes).toEqual([{ title: 'p-e' }]);

    expect(
      await titles({}, [
        { field: 'hours', direction: 'ASC', nulls: 'FIRST' },
        { field: 'title', direction: 'ASC' },
      ]),
    ).toEqual(['P-b', 'P-a', 'P-c', 'P-d']);
    expect(
      await titles({}, [
        { field: 'hours', direction: 'DESC', nulls: 'LAST' },
        { field: 'title', direction: 'DESC' },
      ]),
    ).toEqual(['P-d', 'P-c', 'P-a', 'P-b']);

    // Keyset pages, two at a time, over a sort with nulls and ties, give the same order as one big page.
    for (const orderBy of [
      [{ field: 'hours', direction: 'ASC', nulls: 'FIRST' }],
      [{ field: 'due', direction: 'DESC', nulls: 'LAST' }],
      [{ field: 'hours', direction: 'DESC' }],
      [{ field: 'hours', direction: 'ASC' }],
      [
        { field: 'due', direction: 'ASC', nulls: 'FIRST' },
        { field: 'title', direction: 'DESC' },
      ],
      [{ field: 'createdAt', direction: 'DESC' }],
    ]) {
      const all = await titles({}, orderBy);
      const paged: string[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 10; guard++) {
        const page: any = ok(
          await call(
            'query($f: ProjectFilter, $o: [ProjectOrderBy!], $a: String) { projects(filter: $f, orderBy: $o, first: 2, after: $a) { totalCount edges { cursor node { title } } pageInfo { hasNextPage endCursor } } }',
            { f: { title: { startsWith: 'P-' } }, o: orderBy, a: after },
          ),
        ).projects;
        expect(page.totalCount).toBe(4);
        paged.push(...page.edges.map((e: { node: { title: string } }) => e.node.title));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(paged).toEqual(all);
    }
    const badCursor = await call('{ projects(after: "garbage") { totalCount } }');
    expect(badCursor.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('aggregates grouped by fields', async () => {
    const base = { title: { startsWith: 'Agg' } };
    ok(
      await call('mutation($in: [ProjectInput!]!) { createProjects(inputs: $in) { id } }', {
        in: [
          { title: 'Agg 1', status: 'open', hours: 2, budget: { amount: 100 } },
          { title: 'Agg 2', status: 'open', hours: 4, budget: { amount: 300 } },
          { title: 'Agg 3', status: 'done', hours: 6 },
        ],
      }),
    );
    const groups = ok(
      await call(
        'query($f: ProjectFilter) { projectsAggregate(filter: $f, groupBy: [status]) { key count sum { hours budget } avg { hours } min { hours } max { hours } } }',
        { f: base },
      ),
    ).projectsAggregate;
    expect(groups).toEqual([
      // A sum over a currency field groups by its currency too (never one number of mixed currencies).
      { key: { status: 'done', 'budget.currency': null }, count: 1, sum: { hours: 6, budget: null }, avg: { hours: 6 }, min: { hours: 6 }, max: { hours: 6 } },
      { key: { status: 'open', 'budget.currency': 'USD' }, count: 2, sum: { hours: 6, budget: 400 }, avg: { hours: 3 }, min: { hours: 2 }, max: { hours: 4 } },
    ]);
    const total = ok(await call('query($f: ProjectFilter) { projectsAggregate(filter: $f) { count sum { hours } } }', { f: base })).projectsAggregate;
    expect(total).toEqual([{ count: 3, sum: { hours: 12 } }]);
  });

  it('moves records to the recycle bin and restores them', async () => {
    const { id } = ok(await call('mutation { createProject(input: {title: "Binned"}) { id } }')).createProject;
    ok(await call('mutation($id: ID!) { deleteProject(id: $id) { deletedAt } }', { id }));
    expect(ok(await call('query($id: ID!) { project(id: $id) { id } }', { id })).project).toBeNull();
    expect(ok(await call('{ projects(filter: {title: {eq: "Binned"}}) { totalCount } }')).projects.totalCount).toBe(0);
    expect(ok(await call('{ projects(deleted: true, filter: {title: {eq: "Binned"}}) { nodes { id deletedAt } } }')).projects.nodes).toEqual([
      { id, deletedAt: expect.any(String) },
    ]);
    const again = await call('mutation($id: ID!) { deleteProject(id: $id) { id } }', { id });
    expect(again.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    ok(await call('mutation($id: ID!) { restoreProject(id: $id) { deletedAt } }', { id }));
    expect(ok(await call('query($id: ID!) { project(id: $id) { title deletedAt } }', { id })).project).toEqual({ title: 'Binned', deletedAt: null });
  });

  it('resolves lookups and reverse relations in a bounded number of queries (no N+1)', async () => {
    const accounts = ok(
      await call('mutation($in: [AccountInput!]!) { createAccounts(inputs: $in) { id } }', {
        in: Array.from({ length: 20 }, (_, i) => ({ name: `Lookup Co ${i}` })),
      }),
    ).createAccounts;
    const contacts = accounts.flatMap((a: { id: string }, i: number) => Array.from({ length: 3 }, (_, j) => ({ lastName: `C${i}-${j}`, account: a.id })));
    ok(await call('mutation($in: [ContactInput!]!) { createContacts(inputs: $in) { id } }', { in: contacts }));
    // Every statement sent on any of the server's connections (reads go through pool.connect() and prepared statements).
    const counter = countQueries(server.platform.pool, server.platform.dataPool);
    try {
      const res = ok(
        await call(
          '{ contacts(first: 60, filter: {lastName: {startsWith: "C"}}, orderBy: [{field: lastName, direction: ASC}]) { nodes { lastName account { name contacts(first: 5) { totalCount nodes { lastName } } } owner { email } } } }',
        ),
      );
      expect(res.contacts.nodes).toHaveLength(60);
      const first = res.contacts.nodes.find((n: { lastName: string }) => n.lastName === 'C0-0');
      expect(first.account.name).toBe('Lookup Co 0');
      expect(first.account.contacts.totalCount).toBe(3);
      expect(first.owner.email).toBe(t.email);
      // list (accounts joined) + reverse contacts + their count + users (4 today), whatever the number of rows
      expect(counter.texts.length, counter.texts.join('\n')).toBeLessThanOrEqual(5);
    } finally {
      counter.stop();
    }
    const lookupToNothing = await call('mutation { createContact(input: {lastName: "Orphan", account: "00000000-0000-7000-8000-000000000000"}) { id } }');
    expect(lookupToNothing.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'account' })] });
  });

  it('applies on-delete rules of lookups when a record is binned', async () => {
    const { id: account } = ok(await call('mutation { createAccount(input: {name: "Cascade Co"}) { id } }')).createAccount;
    ok(await call('mutation($a: ID!) { createActivity(input: {subject: "Call", type: "call", account: $a}) { id } }', { a: account }));
    ok(await call('mutation($a: ID!) { createContact(input: {lastName: "Stays", account: $a}) { id } }', { a: account }));
    ok(await call('mutation($a: ID!) { deleteAccount(id: $a) { id } }', { a: account }));
    // activity.account is cascade: binned too; contact.account is set_null: kept, its lookup resolves to null.
    expect(ok(await call('query($a: ID!) { activities(filter: {account: {eq: $a}}) { totalCount } }', { a: account })).activities.totalCount).toBe(0);
    const contact = ok(await call('{ contacts(filter: {lastName: {eq: "Stays"}}) { nodes { accountId account { id } } } }')).contacts.nodes[0];
    expect(contact).toEqual({ accountId: account, account: null });
  });

  it('cascades through every level and restores the same way; a restrict anywhere below refuses the whole delete', async () => {
    const create = async (type: string, input: Record<string, unknown>) =>
      ok(await call(`mutation($in: ${type}Input!) { create${type}(input: $in) { id } }`, { in: input }))[`create${type}`].id as string;
    const live = async () => ok(await call('{ programs { totalCount } milestones { totalCount } tasks { totalCount } timesheets { totalCount } }'));
    const counts = (r: Record<string, { totalCount: number }>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.totalCount]));

    const p1 = await create('Program', { title: 'Deep' });
    const m1 = await create('Milestone', { title: 'M1', program: p1 });
    await create('Task', { title: 'T1', milestone: m1 });
    const t0 = await create('Task', { title: 'T0', milestone: m1 });
    await create('Task', { title: 'T2', milestone: m1 });
    // T0 goes to the bin on its own first: restoring the program later must leave it there.
    ok(await call('mutation($id: ID!) { deleteTask(id: $id) { id } }', { id: t0 }));
    ok(await call('mutation($id: ID!) { deleteProgram(id: $id) { id } }', { id: p1 }));
    expect(counts(await live())).toEqual({ programs: 0, milestones: 0, tasks: 0, timesheets: 0 });

    // Restoring brings back what the delete took with it, at every level, and only that.
    ok(await call('mutation($id: ID!) { restoreProgram(id: $id) { id } }', { id: p1 }));
    expect(counts(await live())).toEqual({ programs: 1, milestones: 1, tasks: 2, timesheets: 0 });
    const titles = ok(await call('{ tasks { nodes { title } } }'))
      .tasks.nodes.map((n: { title: string }) => n.title)
      .sort();
    expect(titles).toEqual(['T1', 'T2']);
    ok(await call('mutation($id: ID!) { deleteProgram(id: $id) { id } }', { id: p1 }));

    const p2 = await create('Program', { title: 'Guarded' });
    const m2 = await create('Milestone', { title: 'M2', program: p2 });
    const t2 = await create('Task', { title: 'T3', milestone: m2 });
    await create('Timesheet', { hours: 3, task: t2 });
    const refused = await call('mutation($id: ID!) { deleteProgram(id: $id) { id } }', { id: p2 });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', details: [expect.objectContaining({ path: 'timesheet.task', count: 1 })] });
    // Nothing was binned: the program, its milestone and task are all still live.
    expect(counts(await live())).toEqual({ programs: 1, milestones: 1, tasks: 1, timesheets: 1 });
  });

  it('refuses a user field pointing at a user of another tenant', async () => {
    const other = await newTenant(pool);
    const res = await call('mutation($o: ID!) { createProject(input: {title: "Foreign owner", ownerId: $o}) { id } }', { o: other.actor.userId });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'ownerId' })] });
  });
});
