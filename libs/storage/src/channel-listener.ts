/**
 * A LISTEN that stays up: one pooled connection LISTENs on a channel; when that connection fails it is
 * released (destroyed) exactly once, `onLost` runs (notifications may have been missed, so callers drop what
 * they cached) and the listener connects again after a pause, until closed. Closing releases the connection
 * once, whether or not it has failed meanwhile: pg-pool throws on a second release.
 */
import type { Pool } from './db.js';

export interface ChannelListenerOptions {
  channel: string;
  onNotify: (payload: string) => void;
  /** The connection was lost; notifications may have been missed. */
  onLost?: () => void;
  log: (message: string) => void;
  /** Pause before listening again after a lost connection. */
  retryMs?: number;
  /**
   * The connection's application_name while it listens (others find this process in pg_stat_activity by it);
   * a named connection is destroyed on close rather than handed back to the pool with the name.
   */
  applicationName?: string;
}

/** The SQL identifier check for a channel name (channels are constants; the check keeps LISTEN text safe). */
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export class ChannelListener {
  /** Releases the current connection, at most once. */
  private releaseCurrent?: (destroy: boolean) => void;
  private closed = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly pool: Pool,
    private readonly options: ChannelListenerOptions,
  ) {
    if (!CHANNEL_NAME.test(options.channel)) throw new Error(`Not a channel name: ${options.channel}`);
  }

  /** Connects and LISTENs; rejects when the first connection cannot be made. */
  async start(): Promise<void> {
    const client = await this.pool.connect();
    let released = false;
    const release = (destroy: boolean) => {
      if (released) return;
      released = true;
      if (this.releaseCurrent === release) this.releaseCurrent = undefined;
      client.release(destroy);
    };
    client.on('notification', (msg) => this.options.onNotify(msg.payload ?? ''));
    client.on('error', (e) => {
      release(true);
      if (this.closed) return;
      this.options.onLost?.();
      this.options.log(`LISTEN ${this.options.channel}: connection lost (${e.message}); listening again`);
      this.listenAgain();
    });
    this.releaseCurrent = release;
    try {
      if (this.options.applicationName) await client.query(`SELECT set_config('application_name', $1, false)`, [this.options.applicationName]);
      await client.query(`LISTEN ${this.options.channel}`);
    } catch (e) {
      release(true);
      throw e;
    }
    if (this.closed) release(this.options.applicationName !== undefined);
  }

  /** Listens again after a pause, and again after each failed try, until closed. */
  private listenAgain(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.start().catch((err) => {
        this.options.log(`LISTEN ${this.options.channel} failed: ${String(err)}`);
        this.listenAgain();
      });
    }, this.options.retryMs ?? 500);
    this.retry.unref();
  }

  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.releaseCurrent?.(this.options.applicationName !== undefined);
  }
}
