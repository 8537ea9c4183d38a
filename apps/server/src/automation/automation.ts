/**
 * Automation in every server process: a dispatcher woken by `automation_events` notifications (sent when a
 * write's events commit) and at start (events committed while no server ran), and a graphile-worker runner
 * executing action jobs. Several servers share one queue: events are claimed with SKIP LOCKED and each job
 * runs once per attempt; the action rows make a second run of a job a no-op.
 */
import { EventEmitter } from 'node:events';
import { Logger, run, type Runner, type WorkerEvents } from 'graphile-worker';
import { AUTOMATION_PRESENCE_PREFIX, ChannelListener, pruneAutomationLog, unlockAbandonedJobs, type PlatformOrm, type Pool } from '@funnelcraft/storage';
import { executeAction, type ActionSettings } from './actions.js';
import { executeActionBatch } from './batch.js';
import { createMailer, type Mailer, type MailSettings } from './mail.js';
import { DISPATCH_BATCH, dispatchBatch } from './dispatcher.js';
import { AutomationModels } from './models.js';
import { fireTimer } from './timers.js';
import { AUTOMATION_CRONTAB, fireSchedules } from './schedules.js';

export interface AutomationSettings extends ActionSettings {
  mail: MailSettings;
  concurrency: number;
  /** Run-log rows older than this many days are deleted (0: kept). */
  retentionDays: number;
  /** How often the sweep runs: missed events, jobs of servers that died, log pruning. */
  sweepMs: number;
  /** A job locked this long by a worker pool whose process is gone is unlocked for others to run. */
  abandonedAfterMs: number;
  /**
   * How long a wake-up waits before dispatching, so that a burst of commits is dispatched in one round
   * rather than one round per commit (each round costs a few statements on the writers' database).
   */
  dispatchDelayMs?: number;
}

const quiet = new Logger(() => () => undefined);

export class Automation {
  private readonly models: AutomationModels;
  /** Emits `activity` after each dispatch round and each action attempt (tests wait on it instead of sleeping). */
  readonly events = new EventEmitter();
  private runner?: Runner;
  private listener?: ChannelListener;
  private draining?: Promise<void>;
  private pending?: NodeJS.Timeout;
  private again = false;
  private closed = false;
  private sweep?: NodeJS.Timeout;
  private readonly mailer: Mailer;

  /** `pool` is the automation's own (Platform.start makes it): stop() ends it. */
  constructor(
    private readonly pool: Pool,
    private readonly orm: PlatformOrm,
    private readonly settings: AutomationSettings,
    private readonly log: (m: string) => void,
  ) {
    this.models = new AutomationModels(orm);
    this.mailer = createMailer(settings.mail, settings.webhookTimeoutMs);
  }

  async start(): Promise<void> {
    // An idle pooled connection that breaks must not crash the process (graphile-worker checks for these).
    if (!this.pool.listeners('error').length) this.pool.on('error', (e) => this.log(`database pool: ${e.message}`));
    if (!this.pool.listeners('connect').length) this.pool.on('connect', (c) => c.on('error', (e) => this.log(`database connection: ${e.message}`)));
    // The worker pool's id names this process's LISTEN connection: the presence other servers' sweeps look for.
    const workerEvents = new EventEmitter() as WorkerEvents;
    let poolId = '';
    workerEvents.on('pool:create', ({ workerPool }) => (poolId = workerPool.id));
    this.runner = await run({
      pgPool: this.pool,
      events: workerEvents,
      concurrency: this.settings.concurrency,
      noHandleSignals: true,
      pollInterval: 2000,
      logger: quiet,
      crontab: AUTOMATION_CRONTAB,
      taskList: {
        automation_cron: async (payload) => {
          const ts = (payload as { _cron?: { ts?: string } })._cron?.ts;
          await fireSchedules(this.pool, this.models, ts ? new Date(ts) : new Date(), this.log);
          this.events.emit('activity');
        },
        automation_action: async (payload) => {
          await executeAction(this.pool, this.orm, this.models, this.settings, { mailer: this.mailer }, (payload as { actionId: string }).actionId, this.log);
          this.events.emit('activity');
        },
        automation_actions: async (payload) => {
          await executeActionBatch(
            this.pool,
            this.orm,
            this.models,
            this.settings,
            { mailer: this.mailer },
            (payload as { actionIds: string[] }).actionIds,
            this.log,
          );
          this.events.emit('activity');
        },
        automation_timer: async (payload) => {
          await fireTimer(this.pool, this.models, payload as { tenantId: string; rule: string; recordId: string; at: string });
          this.events.emit('activity');
        },
      },
    });
    // A lost connection is made again; the sweep below covers what was missed meanwhile.
    this.listener = new ChannelListener(this.pool, {
      channel: 'automation_events',
      onNotify: () => this.wake(),
      log: this.log,
      applicationName: `${AUTOMATION_PRESENCE_PREFIX}${poolId}`,
    });
    await this.listener.start();
    // A slow sweep catches events whose notification was missed (a lost LISTEN connection), frees the jobs of
    // servers that died holding them, and prunes the log.
    this.sweep = setInterval(() => this.sweepOnce(), this.settings.sweepMs);
    this.sweep.unref();
    this.sweepOnce();
  }

  private sweepOnce(): void {
    this.wake();
    void unlockAbandonedJobs(this.pool, this.settings.abandonedAfterMs)
      .then((pools) => pools.length && this.log(`automation: unlocked the jobs of ${pools.length} worker pool(s) whose server is gone: ${pools.join(', ')}`))
      .catch((e) => this.log(`automation: unlocking abandoned jobs failed: ${String(e)}`));
    if (this.settings.retentionDays > 0)
      void pruneAutomationLog(this.pool, this.settings.retentionDays).catch((e) => this.log(`automation: pruning failed: ${String(e)}`));
  }

  /**
   * Drains pending events after the dispatch delay: the wake-ups of a burst share one round, and a wake-up
   * during a round schedules one more after it.
   */
  wake(): void {
    if (this.closed) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.drain();
    }, this.settings.dispatchDelayMs ?? 0);
  }

  private drain(): void {
    this.draining = (async () => {
      try {
        while ((await dispatchBatch(this.pool, this.models, this.log)) >= DISPATCH_BATCH && !this.closed);
      } catch (e) {
        this.log(`automation: dispatch failed: ${String(e)}`);
      } finally {
        this.draining = undefined;
        this.events.emit('activity');
        if (this.again) {
          this.again = false;
          this.wake();
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.closed = true;
    if (this.sweep) clearInterval(this.sweep);
    if (this.pending) clearTimeout(this.pending);
    await this.draining;
    this.listener?.close();
    await this.runner?.stop();
    this.mailer.close();
    await this.pool.end();
  }
}
