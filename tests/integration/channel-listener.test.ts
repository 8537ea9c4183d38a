/** A LISTEN connection survives its backend being killed, and is released to the pool exactly once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelListener, type Pool } from '@funnelcraft/storage';
import { testPool, uniqueSlug } from '../support/db.js';

let pool: Pool;
beforeAll(async () => {
  pool = await testPool();
});
afterAll(async () => {
  await pool.end();
});

/** Resolves on the first payload the listener receives, NOTIFYing until it arrives (it may be reconnecting). */
async function received(channel: string, payloads: string[], payload: string): Promise<void> {
  while (!payloads.includes(payload)) {
    await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function listenerPids(channel: string): Promise<number[]> {
  const { rows } = await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE query = $1', [`LISTEN ${channel}`]);
  return rows.map((r) => r.pid);
}

describe('ChannelListener', () => {
  it('listens again after its connection is terminated, telling the caller it was lost', async () => {
    const channel = uniqueSlug('chan');
    const payloads: string[] = [];
    let lost = 0;
    const logs: string[] = [];
    const listener = new ChannelListener(pool, { channel, onNotify: (p) => payloads.push(p), onLost: () => lost++, log: (m) => logs.push(m), retryMs: 10 });
    await listener.start();
    await received(channel, payloads, 'before');

    const [pid] = await listenerPids(channel);
    expect(pid).toBeTypeOf('number');
    await pool.query('SELECT pg_terminate_backend($1)', [pid]);
    await received(channel, payloads, 'after');

    expect(lost).toBe(1);
    expect(logs.join('\n')).toContain('connection lost');
    const pids = await listenerPids(channel);
    expect(pids).toHaveLength(1);
    expect(pids[0]).not.toBe(pid);
    listener.close();
    expect(() => listener.close()).not.toThrow();
  });

  it('closes without a second release after its connection was lost, and does not listen again', async () => {
    const channel = uniqueSlug('chan');
    let lost = 0;
    const listener = new ChannelListener(pool, { channel, onNotify: () => undefined, onLost: () => lost++, log: () => undefined, retryMs: 60_000 });
    await listener.start();
    const [pid] = await listenerPids(channel);
    await pool.query('SELECT pg_terminate_backend($1)', [pid]);
    while (lost === 0) await new Promise((r) => setTimeout(r, 10));
    expect(() => listener.close()).not.toThrow();
    expect(() => listener.close()).not.toThrow();
    expect(await listenerPids(channel)).toEqual([]);
  });

  it('refuses a channel name that is not an identifier', () => {
    expect(() => new ChannelListener(pool, { channel: 'x; DROP TABLE t', onNotify: () => undefined, log: () => undefined })).toThrow(/Not a channel name/);
  });
});
