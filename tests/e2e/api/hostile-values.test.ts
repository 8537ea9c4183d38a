/**
 * Values and definitions that used to freeze the process, get stored when they should not, or fail inside
 * PostgreSQL (issue 8 items 3, 6 (NUL) and 9): each is refused with a coded error naming its place, nothing is
 * written, and the server answers a normal query afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer, type GqlResponse } from '../../support/api.js';
import { newTenant, testPool } from '../../support/db.js';
import { objectDoc } from '../../support/docs.js';

let server: RunningServer;
let pool: Pool;
let token: string;
const call = (query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, token);
const platform = (query: string, variables: Record<string, unknown> = {}) => platformGql(server.url, query, variables, token);

const GADGET = objectDoc('gadget', {
  name: { 'x-kind': 'text' },
  notes: { 'x-kind': 'long_text' },
  shortCode: { 'x-kind': 'text', maxLength: 10 },
  essay: { 'x-kind': 'long_text', maxLength: 200_000 },
  nested: { 'x-kind': 'text', pattern: '^(a+)+$' },
  alternation: { 'x-kind': 'text', pattern: '^(a|aa)+$' },
  repeated: { 'x-kind': 'text', pattern: '(.*a){25}x' },
  email: { 'x-kind': 'email' },
  website: { 'x-kind': 'url' },
  price: { 'x-kind': 'currency' },
  tags: { 'x-kind': 'multi_select', 'x-options': [{ value: 'red' }, { value: 'blue' }] },
  serial: { 'x-kind': 'text', 'x-unique': true },
  lookupKey: { 'x-kind': 'text', 'x-indexed': true },
});

const apply = (documents: unknown[], dryRun = false) =>
  platform('mutation($d: [JSON!]!, $dry: Boolean) { applyDefinitions(documents: $d, dryRun: $dry) { applied version } }', { d: documents, dry: dryRun });
const create = (input: Record<string, unknown>) => call('mutation($i: GadgetInput!) { createGadget(input: $i) { id } }', { i: input });
const count = async (): Promise<number> => ok(await call('{ gadgets(first: 1) { totalCount } }')).gadgets.totalCount;
const version = async (): Promise<number> => ok(await platform('{ definitionHistory(first: 1) { version } }')).definitionHistory[0].version;

/** A refusal with `code` whose details name exactly `paths`. */
function expectRefused(res: GqlResponse, code: string, paths: string[]): void {
  expect(res.errors?.[0]?.extensions.code, JSON.stringify(res.errors)).toBe(code);
  expect([...new Set(res.errors![0]!.extensions.details!.map((d) => d.path))].sort()).toEqual([...paths].sort());
}

/** The write was refused naming `field`, nothing was stored, and the server still answers. */
async function expectValueRefused(input: Record<string, unknown>, field: string): Promise<void> {
  const before = await count();
  expectRefused(await create({ name: 'x', ...input }), 'VALIDATION_FAILED', [field]);
  expect(await count()).toBe(before);
}

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  const t = await newTenant(pool);
  token = await login(server.url, t.tenant.slug, t.email);
  ok(await apply([GADGET]));
});
afterAll(async () => {
  await server?.close();
  await pool?.end();
});

describe('field patterns run on a linear-time engine', () => {
  it('answers catastrophic-backtracking cases at once, with the right answer', async () => {
    // With JavaScript's backtracking engine each of these takes from seconds to hours.
    await expectValueRefused({ nested: `${'a'.repeat(27)}!` }, 'nested');
    await expectValueRefused({ nested: `${'a'.repeat(5000)}!` }, 'nested');
    await expectValueRefused({ alternation: `${'a'.repeat(60)}!` }, 'alternation');
    await expectValueRefused({ repeated: 'a'.repeat(3000) }, 'repeated');
    const before = await count();
    ok(await create({ name: 'matches', nested: 'a'.repeat(27), alternation: 'a'.repeat(60), repeated: `${'a'.repeat(30)}x` }));
    expect(await count()).toBe(before + 1);
  });

  it('refuses at plan time a pattern RE2 cannot run (look-around, back-references), naming the field', async () => {
    const v = await version();
    for (const pattern of ['^(?=.*[0-9])', '(a)\\1', '(?<!x)y']) {
      const doc = objectDoc('gadget', { ...GADGET.properties, code: { 'x-kind': 'text', pattern } });
      expectRefused(await apply([doc], true), 'INVALID_DEFINITION', ['documents[0].properties.code.pattern']);
      expectRefused(await apply([doc]), 'INVALID_DEFINITION', ['documents[0].properties.code.pattern']);
    }
    expect(await version()).toBe(v);
    expect(await count()).toBeGreaterThan(0);
  });
});

describe('values that must not be stored', () => {
  it('url fields take http, https, mailto and tel links only', async () => {
    for (const website of [
      'javascript:alert(1)',
      'JavaScript:alert(document.cookie)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'ftp://example.com',
    ]) {
      await expectValueRefused({ website }, 'website');
    }
    const before = await count();
    for (const website of ['https://example.com/a?b=c', 'HTTP://EXAMPLE.COM', 'mailto:sales@example.com', 'tel:+15551234567'])
      ok(await create({ name: 'link', website }));
    expect(await count()).toBe(before + 4);
  });

  it('currency codes must be ISO 4217, in values, definitions and rates', async () => {
    for (const currency of ['ABC', 'XXX', 'usd', 'EURO']) await expectValueRefused({ price: { amount: 1, currency } }, 'price.currency');
    ok(await create({ name: 'priced', price: { amount: 1, currency: 'CHF' } }));
    const v = await version();
    const doc = objectDoc('gadget', { ...GADGET.properties, cost: { 'x-kind': 'currency', 'x-currency': 'ABC' } });
    expectRefused(await apply([doc]), 'INVALID_DEFINITION', ['documents[0].properties.cost.x-currency']);
    expect(await version()).toBe(v);
    const rates = await platform('mutation { setCurrencyRates(rates: [{currency: "QQQ", rate: 2}]) { currency } }');
    expectRefused(rates, 'VALIDATION_FAILED', ['rates[0].currency']);
    expect(ok(await platform('{ currencyRates { currency } }')).currencyRates.map((r: { currency: string }) => r.currency)).not.toContain('QQQ');
  });

  it('text has a default cap of 100,000 characters that maxLength replaces, higher or lower', async () => {
    await expectValueRefused({ name: 'n'.repeat(100_001) }, 'name');
    await expectValueRefused({ notes: 'n'.repeat(100_001) }, 'notes');
    await expectValueRefused({ email: `${'e'.repeat(100_001)}@example.com` }, 'email');
    await expectValueRefused({ shortCode: 'c'.repeat(11) }, 'shortCode');
    await expectValueRefused({ essay: 'e'.repeat(200_001) }, 'essay');
    const before = await count();
    ok(await create({ name: 'n'.repeat(100_000), essay: 'e'.repeat(150_000), shortCode: 'c'.repeat(10) }));
    expect(await count()).toBe(before + 1);
  });

  it('a text too long for its unique or indexed column is refused naming the field, not an internal error', async () => {
    // Incompressible (varied CJK), so PostgreSQL cannot squeeze it into a btree entry.
    const long = Array.from({ length: 9000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join('');
    const before = await count();
    expectRefused(await create({ name: 'x', serial: long }), 'VALIDATION_FAILED', ['serial']);
    expectRefused(await create({ name: 'x', lookupKey: long }), 'VALIDATION_FAILED', ['lookupKey']);
    expect(await count()).toBe(before);
  });

  it('a NUL character is refused naming the field, in every text-like value, on create and update', async () => {
    for (const input of [
      { name: 'a\u0000b' },
      { notes: '\u0000' },
      { email: 'a\u0000@example.com' },
      { website: 'https://x.test/\u0000' },
      { tags: ['red', '\u0000'] },
      { price: { amount: 1, currency: 'US\u0000' } },
    ]) {
      await expectValueRefused(input, Object.keys(input)[0]!);
    }
    const id = ok(await create({ name: 'clean' })).createGadget.id;
    const res = await call('mutation($id: ID!, $i: GadgetInput!) { updateGadget(id: $id, version: 1, input: $i) { version } }', {
      id,
      i: { name: 'dir\u0000ty' },
    });
    expectRefused(res, 'VALIDATION_FAILED', ['name']);
    expect(ok(await call('query($id: ID!) { gadget(id: $id) { name version } }', { id })).gadget).toEqual({ name: 'clean', version: 1 });
  });
});

describe('a NUL character anywhere else', () => {
  it('in a filter value is a coded refusal, not an internal error', async () => {
    for (const filter of [
      { name: { eq: 'a\u0000' } },
      { name: { contains: 'a\u0000' } },
      { name: { in: ['x', '\u0000'] } },
      { name: { startsWith: '\u0000' } },
    ]) {
      const res = await call('query($f: GadgetFilter) { gadgets(filter: $f) { totalCount } }', { f: filter });
      expect(res.errors?.[0]?.extensions.code, JSON.stringify(res.errors)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.message).toMatch(/NUL/);
    }
    expect(await count()).toBeGreaterThan(0);
  });

  it('in any other text the platform stores is VALIDATION_FAILED, and nothing is stored', async () => {
    const res = await platform('mutation($n: String!) { saveView(object: "gadget", name: $n, definition: {}) { id } }', { n: 'my\u0000view' });
    expect(res.errors?.[0]?.extensions.code, JSON.stringify(res.errors)).toBe('VALIDATION_FAILED');
    expect(res.errors![0]!.extensions.details).toEqual([expect.objectContaining({ path: 'saveView', keyword: 'nul' })]);
    expect(ok(await platform('{ savedViews(object: "gadget") { name } }')).savedViews).toEqual([]);
    expect(await count()).toBeGreaterThan(0);
  });
});

describe('definitions whose constraints cannot be met', () => {
  it('refuses minimum above maximum, minLength above maxLength, minItems above maxItems', async () => {
    const v = await version();
    const doc = objectDoc('gadget', {
      ...GADGET.properties,
      weight: { 'x-kind': 'number', minimum: 10, maximum: 5 },
      discount: { 'x-kind': 'percent', minimum: 50, maximum: 0 },
      budget: { 'x-kind': 'currency', minimum: 100, maximum: 1 },
      title: { 'x-kind': 'text', minLength: 20, maxLength: 10 },
      colours: { 'x-kind': 'multi_select', 'x-options': [{ value: 'a' }], minItems: 2, maxItems: 1 },
    });
    const paths = ['weight.minimum', 'discount.minimum', 'budget.minimum', 'title.minLength', 'colours.minItems'].map((p) => `documents[0].properties.${p}`);
    expectRefused(await apply([doc], true), 'INVALID_DEFINITION', paths);
    expectRefused(await apply([doc]), 'INVALID_DEFINITION', paths);
    expect(await version()).toBe(v);
  });

  it('refuses a NUL character in a definition at its place', async () => {
    const v = await version();
    const doc = objectDoc('gadget', { ...GADGET.properties, label: { 'x-kind': 'text', title: 'La\u0000bel' } }, { 'x-label': { en: 'Gad\u0000get' } });
    expectRefused(await apply([doc]), 'INVALID_DEFINITION', ['documents[0].properties.label.title', 'documents[0].x-label.en']);
    expect(await version()).toBe(v);
    expect(await count()).toBeGreaterThan(0);
  });
});
