/** Settings from the environment, read once. Defaults live here (not in main.ts: ESM imports are hoisted). */
import { resolve } from 'node:path';
import type { AutomationSettings } from './automation/automation.js';
import type { LoginThrottleLimits } from '@funnelcraft/storage';
import type { RateLimitSettings } from './request-gate/rate-limits.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-limits.js';

export interface ServerConfig {
  port: number;
  host: string;
  /** Use this PostgreSQL server; without it an embedded one runs in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Connections the records pool may open (the platform ORM keeps up to ORM_POOL_SIZE more). */
  databasePoolSize: number;
  adminEmail: string;
  adminPassword?: string;
  /** Token signing secret; without it one is generated once and kept in the database. */
  authSecret?: string;
  /** The bearer token of the server operator's operations (createTenant); unset: those are off. */
  operatorToken?: string;
  /** Create the demo tenant on first start. */
  seedDemo: boolean;
  /** Folder of the built studio, served at `/`. */
  studioDir: string;
  /** Cost limits of `/graphql` queries (see query-limits.ts). */
  queryLimits: QueryLimits;
  /** Longest a statement of a tenant data query may run (0: no limit); platform work and DDL have none. */
  statementTimeoutMs: number;
  /** Largest request body `/graphql` accepts. */
  maxBodyBytes: number;
  /** Rule webhooks may call private and loopback addresses (WEBHOOK_ALLOW_PRIVATE=true); off by default. */
  webhookAllowPrivate: boolean;
  /** Requests a minute per token or user and per client address (0: no limit); see rate-limits.ts. */
  rateLimits: RateLimitSettings;
  /** Failed sign-ins held against an account and an address (0: no limit); see login-throttle.ts. */
  loginThrottle: LoginThrottleLimits;
  /** The client address is the last one of X-Forwarded-For (TRUST_PROXY=true: behind one reverse proxy). */
  trustProxy: boolean;
  /** Automation workers in this process (AUTOMATION_WORKERS, default 8 concurrent jobs; 0: none here). */
  automation: AutomationSettings;
  log: (message: string) => void;
}

/** A non-negative integer setting, or its default; a value that is not one stops the start with its name. */
function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0, not "${raw}"`);
  return value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: Number(env['PORT'] ?? 3000),
    host: env['HOST'] ?? '0.0.0.0',
    databaseUrl: env['DATABASE_URL'] || undefined,
    dataDir: resolve(env['DATA_DIR'] ?? '.data'),
    databasePoolSize: poolSize(env['DATABASE_POOL_SIZE']),
    adminEmail: env['ADMIN_EMAIL'] ?? 'admin@demo.local',
    adminPassword: env['ADMIN_PASSWORD'] || undefined,
    authSecret: env['AUTH_SECRET'] || undefined,
    operatorToken: operatorToken(env['OPERATOR_TOKEN']),
    seedDemo: env['SEED_DEMO'] !== 'false',
    studioDir: resolve(env['STUDIO_DIR'] ?? new URL('../../studio/dist', import.meta.url).pathname),
    queryLimits: {
      maxDepth: intSetting(env, 'GRAPHQL_MAX_DEPTH', DEFAULT_QUERY_LIMITS.maxDepth),
      maxFields: intSetting(env, 'GRAPHQL_MAX_FIELDS', DEFAULT_QUERY_LIMITS.maxFields),
      maxCost: intSetting(env, 'GRAPHQL_MAX_COST', DEFAULT_QUERY_LIMITS.maxCost),
      maxResponseBytes: intSetting(env, 'GRAPHQL_MAX_RESPONSE_BYTES', DEFAULT_QUERY_LIMITS.maxResponseBytes),
    },
    statementTimeoutMs: intSetting(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 15_000),
    maxBodyBytes: intSetting(env, 'GRAPHQL_MAX_BODY_BYTES', 20 * 1024 * 1024),
    webhookAllowPrivate: env['WEBHOOK_ALLOW_PRIVATE'] === 'true',
    rateLimits: {
      perPrincipal: intSetting(env, 'RATE_LIMIT_PER_MINUTE', 600),
      perIp: intSetting(env, 'RATE_LIMIT_IP_PER_MINUTE', 3000),
    },
    loginThrottle: {
      maxFailures: intSetting(env, 'LOGIN_MAX_FAILURES', 5),
      maxFailuresPerIp: intSetting(env, 'LOGIN_MAX_FAILURES_PER_IP', 100),
      windowSeconds: Math.max(1, intSetting(env, 'LOGIN_THROTTLE_WINDOW_SECONDS', 900)),
    },
    trustProxy: env['TRUST_PROXY'] === 'true',
    automation: {
      concurrency: intSetting(env, 'AUTOMATION_WORKERS', 8),
      maxAttempts: Math.max(1, intSetting(env, 'AUTOMATION_MAX_ATTEMPTS', 8)),
      backoffBaseMs: intSetting(env, 'AUTOMATION_BACKOFF_MS', 5_000),
      webhookTimeoutMs: intSetting(env, 'AUTOMATION_WEBHOOK_TIMEOUT_MS', 10_000),
      mail: { smtpUrl: env['SMTP_URL'] || undefined, from: env['MAIL_FROM'] || 'Funnelcraft <no-reply@funnelcraft.local>' },
      retentionDays: intSetting(env, 'AUTOMATION_LOG_RETENTION_DAYS', 30),
      sweepMs: Math.max(100, intSetting(env, 'AUTOMATION_SWEEP_MS', 30_000)),
      abandonedAfterMs: intSetting(env, 'AUTOMATION_ABANDONED_AFTER_MS', 30_000),
      dispatchDelayMs: intSetting(env, 'AUTOMATION_DISPATCH_DELAY_MS', 10),
    },
    log: (m) => console.log(`[funnelcraft] ${m}`),
  };
}

/** OPERATOR_TOKEN: a secret of at least 32 characters (e.g. `openssl rand -base64 32`), or unset. */
function operatorToken(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.trim().length < 32) throw new Error('OPERATOR_TOKEN must be at least 32 characters (e.g. the output of `openssl rand -base64 32`)');
  return value.trim();
}

/** DATABASE_POOL_SIZE: a whole number from 2 (a LISTEN connection plus one for work) to 1000; default 20. */
function poolSize(value: string | undefined): number {
  if (value === undefined || value === '') return 20;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 2 && n <= 1000)) throw new Error(`DATABASE_POOL_SIZE must be a whole number from 2 to 1000, got "${value}"`);
  return n;
}
