/**
 * `POST /files` (multipart, streamed to disk) and `GET /files/:id`: stored for a record the user can read, served
 * to its tenant only; empty and oversized files refused with a coded error, leaving no file and no row.
 */
import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { gql, login, ok, platformGql, startTestServer, uploadFile } from '../../support/api.js';
import { applyDocs, newTenant, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

const MAX = 5 * 1024 * 1024;
let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let token: string;
let accountId: string;
const dataDir = mkdtempSync(join(tmpdir(), 'funnelcraft-files-'));
const filesOf = (tenantId: string) => (existsSync(join(dataDir, 'files', tenantId)) ? readdirSync(join(dataDir, 'files', tenantId)) : []);
const rowsOf = async (tenantId: string) =>
  (await pool.query('SELECT id FROM platform.attachments WHERE tenant_id = $1', [tenantId])).rows.map((r) => r.id as string);

beforeAll(async () => {
  pool = await testPool();
  server = await startTestServer({ dataDir });
  t = await newTenant(pool);
  await applyDocs(pool, t, salesModel());
  token = await login(server.url, t.tenant.slug, t.email);
  accountId = ok(await gql(server.url, 'mutation { createAccount(input: { name: "Files Inc" }) { id } }', {}, token)).createAccount.id;
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

describe('uploads', () => {
  it('streams a file to disk, lists it, serves it to its tenant only, and deletes it', async () => {
    const content = Buffer.from('quarterly report ✓');
    const up = await uploadFile(server.url, token, { object: 'account', recordId: accountId, fileName: '../report ✓.txt', content, contentType: 'text/plain' });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      object: 'account',
      recordId: accountId,
      fileName: 'report ✓.txt',
      contentType: 'text/plain',
      size: content.length,
      uploadedBy: t.actor.userId,
    });
    expect(up.body.url).toBe(`/files/${up.body.id}`);
    expect(filesOf(t.tenant.id)).toEqual([up.body.id]);
    const listed = ok(
      await platformGql(server.url, 'query($r: ID!) { attachments(object: "account", recordId: $r) { id size url } }', { r: accountId }, token),
    ).attachments;
    expect(listed).toEqual([{ id: up.body.id, size: content.length, url: up.body.url }]);

    const download = await fetch(`${server.url}/files/${up.body.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('text/plain');
    expect(Buffer.from(await download.arrayBuffer()).equals(content)).toBe(true);
    const anonymous = await fetch(`${server.url}/files/${up.body.id}`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    const stranger = await newTenant(pool);
    const strangerToken = await login(server.url, stranger.tenant.slug, stranger.email);
    expect((await fetch(`${server.url}/files/${up.body.id}`, { headers: { authorization: `Bearer ${strangerToken}` } })).status).toBe(404);

    expect(ok(await platformGql(server.url, 'mutation($id: ID!) { deleteAttachment(id: $id) }', { id: up.body.id }, token)).deleteAttachment).toBe(true);
    expect(filesOf(t.tenant.id)).toEqual([]);
    expect((await fetch(`${server.url}/files/${up.body.id}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  it('takes a file of exactly the limit', async () => {
    const up = await uploadFile(server.url, token, { object: 'account', recordId: accountId, fileName: 'full.bin', content: Buffer.alloc(MAX, 7) });
    expect(up.status).toBe(201);
    expect(up.body.size).toBe(MAX);
    ok(await platformGql(server.url, 'mutation($id: ID!) { deleteAttachment(id: $id) }', { id: up.body.id }, token));
  });

  it('refuses an oversized file with 413 and an empty one with 400, leaving no file and no row', async () => {
    const before = { files: filesOf(t.tenant.id), rows: await rowsOf(t.tenant.id) };
    const big = await uploadFile(server.url, token, { object: 'account', recordId: accountId, fileName: 'big.bin', content: Buffer.alloc(MAX + 1) });
    expect(big.status).toBe(413);
    expect(big.body.errors[0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', details: [{ path: 'file', max: MAX }] });
    const empty = await uploadFile(server.url, token, { object: 'account', recordId: accountId, fileName: 'empty.txt', content: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'file', message: '0 bytes' }] });
    expect({ files: filesOf(t.tenant.id), rows: await rowsOf(t.tenant.id) }).toEqual(before);
  });

  it('needs a record the user can read, a token, and a multipart body', async () => {
    const missing = await uploadFile(server.url, token, {
      object: 'account',
      recordId: '00000000-0000-7000-8000-000000000000',
      fileName: 'a.txt',
      content: 'x',
    });
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', details: [{ path: 'recordId' }] });
    const noObject = await uploadFile(server.url, token, { object: 'spaceship', recordId: accountId, fileName: 'a.txt', content: 'x' });
    expect(noObject.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const other = await newTenant(pool);
    await applyDocs(pool, other, salesModel());
    const otherToken = await login(server.url, other.tenant.slug, other.email);
    const foreign = await uploadFile(server.url, otherToken, { object: 'account', recordId: accountId, fileName: 'a.txt', content: 'x' });
    expect(foreign.status).toBe(404);
    expect((await uploadFile(server.url, undefined, { object: 'account', recordId: accountId, fileName: 'a.txt', content: 'x' })).status).toBe(401);
    const json = await fetch(`${server.url}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(400);
    expect((await json.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect({ files: filesOf(t.tenant.id), rows: await rowsOf(t.tenant.id) }).toEqual({ files: [], rows: [] });
    expect(filesOf(other.tenant.id)).toEqual([]);
  });

  it('is no longer a base64 GraphQL mutation', async () => {
    const res = await gql(
      server.url,
      'mutation { uploadAttachment(object: "account", recordId: "x", fileName: "a", contentType: "text/plain", contentBase64: "eA==") { id } }',
      {},
      token,
    );
    expect(res.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
