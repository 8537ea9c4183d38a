/**
 * Rename instructions the platform cannot carry out (issue 8 item 7): swapping two fields or two objects,
 * renaming onto a name that still exists, two renames from one name, renaming an object whose old name is
 * still defined. Each used to answer `applied: true` and change nothing; now each is refused with
 * INVALID_DEFINITION naming the instruction, nothing is written, and a plain rename still works.
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
const apply = (documents: unknown[], dryRun = false) =>
  platform('mutation($d: [JSON!]!, $dry: Boolean, $ok: Boolean) { applyDefinitions(documents: $d, dryRun: $dry, confirmDataLoss: $ok) { applied version } }', {
    d: documents,
    dry: dryRun,
    ok: true,
  });
const version = async (): Promise<number> => ok(await platform('{ definitionHistory(first: 1) { version } }')).definitionHistory[0].version;
const text = (extra: Record<string, unknown> = {}) => ({ 'x-kind': 'text', ...extra });
const gadget = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => objectDoc('gadget', properties as never, extra);
const widget = (properties: Record<string, unknown> = { label: text() }, extra: Record<string, unknown> = {}) =>
  objectDoc('widget', properties as never, extra);

const gadgets = async () => ok(await call('{ gadgets(first: 5) { edges { node { first second } } } }')).gadgets.edges.map((e: { node: unknown }) => e.node);

function expectRefused(res: GqlResponse, paths: string[]): void {
  expect(res.errors?.[0]?.extensions.code, JSON.stringify(res.errors)).toBe('INVALID_DEFINITION');
  expect(res.errors![0]!.extensions.details!.map((d) => d.path).sort()).toEqual([...paths].sort());
}

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer();
  const t = await newTenant(pool);
  token = await login(server.url, t.tenant.slug, t.email);
  ok(await apply([gadget({ first: text(), second: text() }), widget()]));
  ok(await call('mutation { createGadget(input: {first: "one", second: "two"}) { id } }'));
  ok(await call('mutation { createWidget(input: {label: "w"}) { id } }'));
});
afterAll(async () => {
  await server?.close();
  await pool?.end();
});

describe('rename instructions that cannot be carried out', () => {
  const CASES: [string, unknown[], string[]][] = [
    [
      'swapping two fields',
      [gadget({ first: text({ 'x-renamed-from': 'second' }), second: text({ 'x-renamed-from': 'first' }) })],
      ['gadget.first.x-renamed-from', 'gadget.second.x-renamed-from'],
    ],
    ['renaming a field onto one that still exists', [gadget({ first: text({ 'x-renamed-from': 'second' }) })], ['gadget.first.x-renamed-from']],
    [
      'two fields renamed from one',
      [gadget({ third: text({ 'x-renamed-from': 'first' }), fourth: text({ 'x-renamed-from': 'first' }), second: text() })],
      ['gadget.fourth.x-renamed-from'],
    ],
    [
      'swapping two objects',
      [
        objectDoc('gadget', { label: text() }, { 'x-renamed-from': 'widget' }),
        objectDoc('widget', { first: text(), second: text() }, { 'x-renamed-from': 'gadget' }),
      ],
      ['gadget.x-renamed-from', 'widget.x-renamed-from'],
    ],
    [
      'renaming an object onto one that still exists',
      [objectDoc('widget', { first: text(), second: text() }, { 'x-renamed-from': 'gadget' })],
      ['widget.x-renamed-from'],
    ],
    [
      'renaming an object whose old name is still defined',
      [objectDoc('gizmo', { first: text(), second: text() }, { 'x-renamed-from': 'gadget' }), gadget({ first: text(), second: text() })],
      ['gizmo.x-renamed-from'],
    ],
  ];

  it.each(CASES)('%s is refused, dry run or not, and nothing changes', async (_name, documents, paths) => {
    const before = await version();
    expectRefused(await apply(documents, true), paths);
    expectRefused(await apply(documents), paths);
    expect(await version()).toBe(before);
    expect(await gadgets()).toEqual([{ first: 'one', second: 'two' }]);
    expect(ok(await call('{ widgets(first: 5) { totalCount } }')).widgets.totalCount).toBe(1);
  });
});

describe('renames that can be carried out', () => {
  it('still rename, keep the data, and a repeated instruction is no change', async () => {
    const doc = gadget({ primary: text({ 'x-renamed-from': 'first' }), second: text() });
    expect(ok(await apply([doc])).applyDefinitions.applied).toBe(true);
    expect(ok(await call('{ gadgets(first: 5) { edges { node { primary second } } } }')).gadgets.edges).toEqual([{ node: { primary: 'one', second: 'two' } }]);
    const v = await version();
    expect(ok(await apply([doc])).applyDefinitions).toEqual({ applied: false, version: v });
  });
});
