import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer } from '../../support/api.js';
import { newTenant, testPool } from '../../support/db.js';
import type { Pool } from '@funnelcraft/storage';

describe('smoke', () => {
  let server: RunningServer;
  let pool: Pool;
  beforeAll(async () => {
    pool = await testPool();
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
    await pool.end();
  });

  it('defines an object and creates a record', async () => {
    const t = await newTenant(pool);
    const token = await login(server.url, t.tenant.slug, t.email);
    const doc = { type: 'object', 'x-object': 'project', required: ['title'], properties: { title: { 'x-kind': 'text' }, budget: { 'x-kind': 'number' } } };
    ok(await platformGql(server.url, 'mutation($d: [JSON!]!) { applyDefinitions(documents: $d) { applied version } }', { d: [doc] }, token));
    const created = ok(await gql(server.url, 'mutation { createProject(input: {title: "Alpha", budget: 10}) { id title budget version } }', {}, token));
    expect(created.createProject).toMatchObject({ title: 'Alpha', budget: 10, version: 1 });
  });
});
