/**
 * Webhook actions against a real HTTP receiver on loopback: the body template arrives as JSON with merge
 * values escaped and a signature that verifies; a receiver answering 500 is retried and the action is dead
 * after the last attempt; a receiver that never answers times out while other webhooks are delivered.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord, type RecordContext } from '@funnelcraft/records';
import type { Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { startTestServer } from '../../support/api.js';
import { settled, untilRuns } from '../../support/automation.js';
import { applyDocs, newTenant, recordContext, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

const SECRET = 'a-webhook-secret';
let server: RunningServer;
let receiver: Server;
let base: string;
let pool: Pool;
let t: TestTenant;
let ctx: RecordContext;
const received: { path: string; headers: IncomingMessage['headers']; body: string }[] = [];
const hanging: ServerResponse[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      if (req.url === '/hang') return void hanging.push(res);
      res.statusCode = req.url === '/fail' ? 500 : 200;
      res.end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  pool = await testPool();
  server = await startTestServer();
  t = await newTenant(pool);
  const hook = (rule: string, object: string, path: string, extra: Record<string, unknown> = {}) => ({
    'x-rule': rule,
    'x-object': object,
    trigger: { type: 'created' },
    actions: [{ type: 'webhook', url: `${base}${path}`, ...extra }],
  });
  const model = (
    await applyDocs(pool, t, [
      ...salesModel(),
      hook('ok', 'account', '/ok', { secret: SECRET, body: '{"account": "{{name}}", "industry": "{{industry}}"}' }),
      hook('fail', 'contact', '/fail'),
      hook('hang', 'lead', '/hang'),
    ])
  ).model;
  ctx = recordContext(pool, t, model);
});
afterAll(async () => {
  for (const res of hanging) res.destroy();
  await server?.close();
  await new Promise((r) => receiver.close(r));
  await pool?.end();
});

const until = (rule: string, done: Parameters<typeof untilRuns>[3]) => untilRuns(server, pool, t.tenant.id, done, { rule });

describe('webhook actions', () => {
  it('posts the merged JSON body with a signature that verifies', async () => {
    await createRecord(ctx, 'account', { name: 'Acme "Quotes" \\ Co' });
    const [run] = await until('ok', settled);
    expect(run!.actions[0]).toMatchObject({ status: 'done', attempts: 1 });
    const call = received.find((r) => r.path === '/ok')!;
    expect(JSON.parse(call.body)).toEqual({ account: 'Acme "Quotes" \\ Co', industry: '' });
    const ts = String(call.headers['x-funnelcraft-timestamp']);
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
    expect(call.headers['x-funnelcraft-signature']).toBe(createHmac('sha256', SECRET).update(`${ts}.${call.body}`).digest('hex'));
  });

  it('retries a receiver answering 500 and marks the action dead after the last attempt', async () => {
    await createRecord(ctx, 'contact', { firstName: 'Fay', lastName: 'Ling' });
    const [run] = await until('fail', (runs) => runs[0]?.actions[0]?.status === 'dead');
    expect(run!.actions[0]).toMatchObject({ attempts: server.platform.config.automation.maxAttempts, lastError: 'the webhook answered 500' });
    expect(received.filter((r) => r.path === '/fail')).toHaveLength(server.platform.config.automation.maxAttempts);
  });

  it('times out a receiver that never answers without holding up other jobs', async () => {
    await createRecord(ctx, 'lead', { name: 'Silent' });
    await createRecord(ctx, 'account', { name: 'After the silent one' });
    // The account's webhook is delivered while the silent receiver still holds its first call.
    await until('ok', (runs) => runs.length === 2 && settled(runs));
    const [run] = await until('hang', (runs) => runs[0]?.actions[0]?.status === 'dead');
    expect(run!.actions[0]!.lastError).toMatch(/timeout|aborted/i);
    expect(received.filter((r) => r.path === '/hang')).toHaveLength(server.platform.config.automation.maxAttempts);
  });
});
