/**
 * Field names that are properties of every JavaScript object (issue 8 item 5): `constructor`, `toString`,
 * `valueOf`, `hasOwnProperty`, `isPrototypeOf`, `propertyIsEnumerable`, `toLocaleString`. An object whose fields
 * carry these names works like any other, on every path that keys by field name: validation with and without the
 * field set, defaults, required checks, column mapping, updates, field history, filters, sorts, aggregates,
 * formulas, lookups, saved views, renames and the definition plan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer } from '../../support/api.js';
import { newTenant, testPool } from '../../support/db.js';
import { objectDoc } from '../../support/docs.js';

let server: RunningServer;
let pool: Pool;
let token: string;
const call = (query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, token);
const platform = (query: string, variables: Record<string, unknown> = {}) => platformGql(server.url, query, variables, token);
const apply = (documents: unknown[], dryRun = false) =>
  platform('mutation($d: [JSON!]!, $dry: Boolean) { applyDefinitions(documents: $d, dryRun: $dry) { applied version } }', { d: documents, dry: dryRun });

const OWNER = objectDoc('owner', {
  name: { 'x-kind': 'text' },
  constructor: { 'x-kind': 'text' },
});
const THING = objectDoc(
  'thing',
  {
    name: { 'x-kind': 'text' },
    constructor: { 'x-kind': 'text' },
    toString: { 'x-kind': 'number', 'x-indexed': true },
    valueOf: { 'x-kind': 'currency' },
    hasOwnProperty: { 'x-kind': 'single_select', 'x-options': [{ value: 'yes' }, { value: 'no' }], default: 'no' },
    isPrototypeOf: { 'x-kind': 'boolean' },
    propertyIsEnumerable: { 'x-kind': 'date' },
    toLocaleString: { 'x-kind': 'formula', 'x-result': 'number', 'x-formula': { '*': [{ var: 'toString' }, 2] } },
    maker: { 'x-kind': 'lookup', 'x-target': 'owner' },
  },
  { required: ['name'] },
);

/** A pipeline whose gate needs `constructor` and checks `toString`. */
const FLOW = {
  'x-pipeline': 'flow',
  'x-object': 'thing',
  title: 'Flow',
  stages: [
    { key: 'open', probability: 10, category: 'open' },
    {
      key: 'checked',
      probability: 50,
      category: 'open',
      gate: { required: ['constructor'], condition: { '>': [{ var: 'toString' }, 0] }, message: { en: 'toString must be positive' } },
    },
    { key: 'done', probability: 100, category: 'won' },
  ],
};

const FIELDS =
  'id version name constructor toString valueOf { amount currency } hasOwnProperty isPrototypeOf propertyIsEnumerable toLocaleString maker { id name constructor }';
const create = (input: Record<string, unknown>) => call(`mutation($i: ThingInput!) { createThing(input: $i) { ${FIELDS} } }`, { i: input });
const update = (id: string, version: number, input: Record<string, unknown>) =>
  call(`mutation($id: ID!, $v: Int!, $i: ThingInput!) { updateThing(id: $id, version: $v, input: $i) { ${FIELDS} } }`, { id, v: version, i: input });

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  const t = await newTenant(pool);
  token = await login(server.url, t.tenant.slug, t.email);
  expect(ok(await apply([OWNER, THING], true)).applyDefinitions.applied).toBe(false);
  ok(await apply([OWNER, THING, FLOW]));
});
afterAll(async () => {
  await server?.close();
  await pool?.end();
});

describe('fields named like Object.prototype members', () => {
  it('creates a record that sets none of them, with defaults and nulls, not inherited functions', async () => {
    const thing = ok(await create({ name: 'bare' })).createThing;
    expect(thing).toMatchObject({
      name: 'bare',
      constructor: null,
      toString: null,
      valueOf: null,
      hasOwnProperty: 'no',
      isPrototypeOf: null,
      propertyIsEnumerable: null,
      toLocaleString: null,
      maker: null,
    });
  });

  it('creates, reads, updates and lists records that set all of them', async () => {
    const owner = ok(await call('mutation { createOwner(input: { name: "O", constructor: "builder" }) { id } }')).createOwner;
    const input = {
      name: 'full',
      constructor: 'ctor',
      toString: 21,
      valueOf: { amount: 99.5, currency: 'EUR' },
      hasOwnProperty: 'yes',
      isPrototypeOf: true,
      propertyIsEnumerable: '2026-12-03',
      maker: owner.id,
    };
    const made = ok(await create(input)).createThing;
    expect(made).toMatchObject({
      constructor: 'ctor',
      toString: 21,
      valueOf: { amount: 99.5, currency: 'EUR' },
      hasOwnProperty: 'yes',
      isPrototypeOf: true,
      propertyIsEnumerable: '2026-12-03',
      toLocaleString: 42,
      maker: { id: owner.id, name: 'O', constructor: 'builder' },
    });

    // An update that sets one of them leaves the others as they were; one that sets none works too.
    const renamed = ok(await update(made.id, made.version, { name: 'renamed' })).updateThing;
    expect(renamed).toMatchObject({ name: 'renamed', constructor: 'ctor', toString: 21, hasOwnProperty: 'yes' });
    const changed = ok(await update(made.id, renamed.version, { toString: 5, constructor: null })).updateThing;
    expect(changed).toMatchObject({ constructor: null, toString: 5, toLocaleString: 10, hasOwnProperty: 'yes' });

    const read = ok(await call(`query($id: ID!) { thing(id: $id) { ${FIELDS} } }`, { id: made.id })).thing;
    expect(read).toEqual(changed);
  });

  it('creates in bulk and from literals in the query, setting some of them', async () => {
    const bulk = await call('mutation($in: [ThingInput!]!) { createThings(inputs: $in) { name toString hasOwnProperty } }', {
      in: [{ name: 'b1' }, { name: 'b2', toString: 2 }, { name: 'b3', hasOwnProperty: 'yes' }],
    });
    expect(ok(bulk).createThings).toEqual([
      { name: 'b1', toString: null, hasOwnProperty: 'no' },
      { name: 'b2', toString: 2, hasOwnProperty: 'no' },
      { name: 'b3', toString: null, hasOwnProperty: 'yes' },
    ]);
    const literal = ok(
      await call('mutation { createThing(input: { name: "lit", valueOf: { amount: 3, currency: "USD" } }) { constructor valueOf { amount } } }'),
    );
    expect(literal.createThing).toEqual({ constructor: null, valueOf: { amount: 3 } });
  });

  it('gates a stage on them: names the missing one, then moves when it is set', async () => {
    const made = ok(await create({ name: 'gated' })).createThing;
    const move = (version: number) =>
      call('mutation($id: ID!, $v: Int!) { moveThing(id: $id, version: $v, stage: "checked") { stage version } }', { id: made.id, v: version });
    const blocked = await move(made.version);
    expect(blocked.errors?.[0]?.extensions).toMatchObject({ code: 'STAGE_GATE_BLOCKED', details: [expect.objectContaining({ path: 'constructor' })] });
    const filled = ok(await update(made.id, made.version, { constructor: 'set' })).updateThing;
    expect((await move(filled.version)).errors?.[0]?.message).toMatch(/toString must be positive/);
    const positive = ok(await update(made.id, filled.version, { toString: 1 })).updateThing;
    expect(ok(await move(positive.version)).moveThing).toEqual({ stage: 'checked', version: positive.version + 1 });
  });

  it('validates values of those fields and names the field', async () => {
    const res = await create({ name: 'bad', toString: 'not a number' });
    expect(res.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const wrongOption = await create({ name: 'bad', hasOwnProperty: 'maybe' });
    expect(wrongOption.errors?.[0]?.extensions.code).toMatch(/BAD_USER_INPUT|VALIDATION_FAILED/);
    const missing = await create({ constructor: 'no name' });
    expect(missing.errors?.[0]?.extensions.code).toMatch(/BAD_USER_INPUT|VALIDATION_FAILED/);
    const total = ok(await call('{ things(filter: { name: { in: ["bad"] } }) { totalCount } }')).things.totalCount;
    expect(total).toBe(0);
  });

  it('filters, sorts and aggregates by them', async () => {
    for (const [i, c] of ['b', 'a', 'c'].entries()) ok(await create({ name: `sorted ${c}`, constructor: c, toString: i + 100 }));
    const sorted = ok(
      await call('{ things(filter: { toString: { gte: 100 } }, orderBy: [{ field: constructor, direction: ASC }]) { nodes { constructor } } }'),
    );
    expect(sorted.things.nodes.map((n: { constructor: string }) => n.constructor)).toEqual(['a', 'b', 'c']);
    const filtered = ok(await call('{ things(filter: { constructor: { eq: "b" }, hasOwnProperty: { eq: "no" } }) { totalCount } }'));
    expect(filtered.things.totalCount).toBe(1);
    const agg = ok(await call('{ thingsAggregate(filter: { toString: { gte: 100 } }) { count sum { toString } max { toString } } }'));
    expect(agg.thingsAggregate).toEqual([{ count: 3, sum: { toString: 303 }, max: { toString: 102 } }]);
    const grouped = ok(await call('{ thingsAggregate(filter: { toString: { gte: 100 } }, groupBy: [constructor]) { key count } }'));
    expect(grouped.thingsAggregate).toHaveLength(3);
    expect(grouped.thingsAggregate.map((g: { key: Record<string, unknown> }) => g.key.constructor).sort()).toEqual(['a', 'b', 'c']);
  });

  it('writes field history for them on the timeline', async () => {
    const made = ok(await create({ name: 'tracked', constructor: 'first' })).createThing;
    ok(await update(made.id, made.version, { constructor: 'second' }));
    const timeline = ok(await call('query($id: ID!) { timeline(object: "thing", recordId: $id) { kind details } }', { id: made.id })).timeline;
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual(['updated', 'stage', 'created']);
    expect(timeline[0].details.changes).toEqual([{ field: 'constructor', from: 'first', to: 'second' }]);
  });

  it('saves views and plans later definitions over them, including a rename from one of them', async () => {
    const view = await platform('mutation($d: JSON!) { saveView(object: "thing", name: "by ctor", definition: $d) { id } }', {
      d: { columns: ['constructor', 'toString'], orderBy: [{ field: 'valueOf', direction: 'DESC' }] },
    });
    ok(view);
    const { valueOf: _renamedAway, ...kept } = THING.properties;
    const renamed = objectDoc('thing', { ...kept, worth: { 'x-kind': 'currency', 'x-renamed-from': 'valueOf' } }, { required: ['name'] });
    expect(ok(await apply([OWNER, renamed, FLOW], true)).applyDefinitions.applied).toBe(false);
    ok(await apply([OWNER, renamed, FLOW]));
    const rows = ok(await call('{ things(filter: { name: { eq: "renamed" } }) { nodes { worth { amount currency } } } }')).things.nodes;
    expect(rows).toEqual([{ worth: { amount: 99.5, currency: 'EUR' } }]);
    const views = ok(await platform('{ savedViews(object: "thing") { name definition } }')).savedViews;
    expect(views).toEqual([{ name: 'by ctor', definition: { columns: ['constructor', 'toString'], orderBy: [{ field: 'valueOf', direction: 'DESC' }] } }]);
  });
});
