/** Settings from the environment, read once. Defaults live here (not in main.ts: ESM imports are hoisted). */
import { resolve } from 'node:path';

export interface ServerConfig {
  port: number;
  host: string;
  /** Use this PostgreSQL server; without it an embedded one runs in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  adminEmail: string;
  adminPassword?: string;
  /** Token signing secret; without it one is generated once and kept in the database. */
  authSecret?: string;
  /** Create the demo tenant on first start. */
  seedDemo: boolean;
  /** Folder of the built studio, served at `/`. */
  studioDir: string;
  log: (message: string) => void;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: Number(env['PORT'] ?? 3000),
    host: env['HOST'] ?? '0.0.0.0',
    databaseUrl: env['DATABASE_URL'] || undefined,
    dataDir: resolve(env['DATA_DIR'] ?? '.data'),
    adminEmail: env['ADMIN_EMAIL'] ?? 'admin@demo.local',
    adminPassword: env['ADMIN_PASSWORD'] || undefined,
    authSecret: env['AUTH_SECRET'] || undefined,
    seedDemo: env['SEED_DEMO'] !== 'false',
    studioDir: resolve(env['STUDIO_DIR'] ?? new URL('../../studio/dist', import.meta.url).pathname),
    log: (m) => console.log(`[funnelcraft] ${m}`),
  };
}
