/**
 * The MikroORM instance for the platform schema. It has its own small connection pool (knex's), separate from
 * the records pool: nothing runs one logical transaction across both. Callers pass the ORM (each call forks
 * a fresh EntityManager) or an EntityManager they forked for a request or opened a transaction on.
 */
import { MikroORM, PostgreSqlDriver, type EntityManager } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { SESSION_OPTIONS } from '../db.js';
import { PLATFORM_MIGRATIONS } from './migrations/index.js';
import { PLATFORM_ENTITIES, PLATFORM_SCHEMA } from './platform-entities.js';

export type PlatformOrm = MikroORM;
export type PlatformEm = EntityManager;
/** Where a platform store call runs: the ORM (a fork per call) or an EntityManager the caller holds. */
export type PlatformDb = PlatformOrm | PlatformEm;

/** Connections the ORM may hold at once: platform CRUD is light next to record traffic. */
export const ORM_POOL_SIZE = 4;

// Told apart by shape: under a bundler or a test runner the ORM class may load twice, so instanceof can lie.
const isOrm = (db: PlatformDb): db is PlatformOrm => typeof (db as Partial<PlatformOrm>).getMigrator === 'function';
export const emOf = (db: PlatformDb): PlatformEm => (isOrm(db) ? db.em.fork() : db);

const hasNul = (v: unknown): boolean => (typeof v === 'string' ? v.includes('\u0000') : Array.isArray(v) && v.some(hasNul));

/**
 * MikroORM 6 writes values into the statement text (escaped), and PostgreSQL's protocol ends a statement's
 * text at a NUL, which would fail as a protocol error. A NUL in a value is refused as PostgreSQL refuses one
 * in a bound text (character_not_in_repertoire), so it is reported like every other NUL.
 */
function refuseNul(sql: string, params: readonly unknown[]): string {
  if (params.some(hasNul)) throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
  return sql;
}

export function openPlatformOrm(connectionString: string, poolSize = ORM_POOL_SIZE): Promise<PlatformOrm> {
  return MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: connectionString,
    entities: PLATFORM_ENTITIES,
    extensions: [Migrator],
    discovery: { disableDynamicFileAccess: true, warnWhenNoEntities: false },
    metadataCache: { enabled: false },
    ensureDatabase: false,
    allowGlobalContext: false,
    onQuery: refuseNul,
    pool: { min: 0, max: poolSize, idleTimeoutMillis: 30_000 },
    driverOptions: { connection: { options: SESSION_OPTIONS } },
    migrations: {
      tableName: `${PLATFORM_SCHEMA}.orm_migrations`,
      migrationsList: PLATFORM_MIGRATIONS,
      path: new URL('./migrations/', import.meta.url).pathname.replace('/dist/', '/src/'),
      emit: 'ts',
      transactional: true,
      allOrNothing: true,
      // A generated migration never drops: tables and schemas the entities do not describe are tenants'.
      safe: true,
      dropTables: false,
      snapshot: false,
      silent: true,
    },
  });
}

/**
 * What the ORM would change in the platform schema to match the entities (empty when they agree). Only the
 * platform schema is compared and nothing is dropped, so tenant schemas are never touched.
 */
export function platformSchemaDiff(orm: PlatformOrm): Promise<string> {
  return orm.schema.getUpdateSchemaSQL({ schema: PLATFORM_SCHEMA, safe: true, dropTables: false, wrap: false });
}
