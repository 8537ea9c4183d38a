/**
 * Mail actions over SMTP to a real server on loopback (smtp-server): merged content arrives in each
 * recipient's language; while the SMTP server is down sends are retried and arrive once it is back; after
 * the last attempt the action is dead, and a retry delivers it. The server runs on a database of its own,
 * so no other test file's server (without SMTP settings) takes these jobs.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { createRecord, type RecordContext } from '@funnelcraft/records';
import { createUser, retryAction, type Pool } from '@funnelcraft/storage';
import type { RunningServer } from '../../../apps/server/src/server.js';
import { startTestServer } from '../../support/api.js';
import { settled, untilRuns } from '../../support/automation.js';
import { applyDocs, isolatedDatabaseUrl, newTenant, ormOf, PASSWORD_HASH, recordContext, testPool, type TestTenant } from '../../support/db.js';
import { salesModel } from '../../support/docs.js';

interface Received {
  to: string[];
  subject: string;
  text: string;
}
const inbox: Received[] = [];
let smtp: SMTPServer | undefined;
let smtpPort = 0;
let server: RunningServer;
let pool: Pool;
let t: TestTenant;
let ctx: RecordContext;
// SMTP refuses the test tenants' own addresses (an underscore in the domain): recipients of their own.
let enUser: string;
let zhUser: string;
const EN = 'ann.owner@example.com';
const ZH = 'li.owner@example.com';
const MAX_ATTEMPTS = 4;

/** The text of a simple (single-part) message: headers unfolded, the body decoded from quoted-printable or base64. */
function parse(raw: string, to: string[]): Received {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const headers = head!.replace(/\r\n[ \t]+/g, ' ').split('\r\n');
  const header = (name: string) =>
    headers
      .find((h) => h.toLowerCase().startsWith(`${name}:`))
      ?.slice(name.length + 1)
      .trim() ?? '';
  let body = rest.join('\r\n\r\n');
  const encoding = header('content-transfer-encoding').toLowerCase();
  if (encoding === 'base64') body = Buffer.from(body, 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    body = Buffer.from(
      body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  }
  return { to, subject: header('subject'), text: body.trim() };
}

async function startSmtp(): Promise<void> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('latin1')));
      stream.on('end', () => {
        inbox.push(
          parse(
            Buffer.from(raw, 'latin1').toString('latin1'),
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp!.listen(smtpPort, '127.0.0.1', () => resolve()));
  smtpPort = (smtp.server.address() as AddressInfo).port;
}
const stopSmtp = () => new Promise<void>((resolve) => smtp!.close(() => resolve()));

const RULE = {
  'x-rule': 'welcome',
  'x-object': 'contact',
  trigger: { type: 'created' },
  actions: [
    {
      type: 'send_email',
      to: 'owner',
      subject: { en: 'Welcome {{lastName}}', zh: 'Huanying {{lastName}}' },
      body: { en: 'Hello {{firstName}} of {{account.name}}', zh: '你好 {{firstName}}，{{account.name}}' },
    },
  ],
};

beforeAll(async () => {
  await startSmtp();
  const url = await isolatedDatabaseUrl('mail');
  pool = await testPool(url);
  server = await startTestServer({
    databaseUrl: url,
    automation: {
      concurrency: 4,
      maxAttempts: MAX_ATTEMPTS,
      backoffBaseMs: 100,
      webhookTimeoutMs: 2000,
      retentionDays: 0,
      sweepMs: 30_000,
      abandonedAfterMs: 30_000,
      mail: { smtpUrl: `smtp://127.0.0.1:${smtpPort}?tls=off`, from: 'CRM <crm@test.local>' },
    },
  });
  t = await newTenant(pool);
  enUser = (await createUser(ormOf(pool), { tenantId: t.tenant.id, email: EN, name: 'En', passwordHash: PASSWORD_HASH, roles: ['member'] })).id;
  zhUser = (await createUser(ormOf(pool), { tenantId: t.tenant.id, email: ZH, name: 'Zh', passwordHash: PASSWORD_HASH, roles: ['member'] })).id;
  await pool.query(`UPDATE platform.users SET language = 'zh' WHERE id = $1`, [zhUser]);
  ctx = recordContext(pool, t, (await applyDocs(pool, t, [...salesModel(), RULE])).model);
});
afterAll(async () => {
  await server?.close();
  if (smtp) await stopSmtp().catch(() => undefined);
  await pool?.end();
});

const until = (done: Parameters<typeof untilRuns>[3]) => untilRuns(server, pool, t.tenant.id, done, { rule: 'welcome' }, 400);
const mailTo = (lastName: string) => inbox.filter((m) => m.subject.endsWith(lastName));

describe('mail over SMTP', () => {
  it('delivers the merged mail in each recipient language', async () => {
    const account = await createRecord(ctx, 'account', { name: 'Acme' });
    await createRecord(ctx, 'contact', { firstName: 'Ann', lastName: 'Archer', account: account['id'], ownerId: enUser });
    await createRecord(ctx, 'contact', { firstName: 'Li', lastName: 'Wei', account: account['id'], ownerId: zhUser });
    await until((runs) => runs.length === 2 && settled(runs));
    expect(mailTo('Archer')).toEqual([{ to: [EN], subject: 'Welcome Archer', text: 'Hello Ann of Acme' }]);
    expect(mailTo('Wei')).toEqual([{ to: [ZH], subject: 'Huanying Wei', text: '你好 Li，Acme' }]);
  });

  it('retries while the SMTP server is down and delivers once it is back', async () => {
    await stopSmtp();
    await createRecord(ctx, 'contact', { lastName: 'Down', ownerId: enUser });
    await until((runs) => runs[0]?.actions[0]?.status === 'failed');
    expect(mailTo('Down')).toEqual([]);
    await startSmtp();
    const [run] = await until((runs) => runs[0]?.actions[0]?.status === 'done');
    expect(run!.actions[0]!.attempts).toBeGreaterThan(1);
    expect(mailTo('Down')).toHaveLength(1);
  });

  it('is dead after the last attempt, and a retry delivers it', async () => {
    await stopSmtp();
    await createRecord(ctx, 'contact', { lastName: 'Dead', ownerId: enUser });
    const [run] = await until((runs) => runs[0]?.actions[0]?.status === 'dead');
    expect(run!.actions[0]!.attempts).toBe(MAX_ATTEMPTS);
    await startSmtp();
    expect(await retryAction(pool, t.tenant.id, run!.actions[0]!.id)).toBe(true);
    await until((runs) => runs[0]?.actions[0]?.status === 'done');
    expect(mailTo('Dead')).toHaveLength(1);
  });
});
