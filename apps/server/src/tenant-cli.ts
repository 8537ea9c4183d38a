/**
 * `npm run tenant -- create <slug> --admin-email <email> [--password <pw>] [--name <name>] [--currency EUR]`:
 * provisions a tenant on the database the server uses (DATABASE_URL; else the embedded one in DATA_DIR, the
 * running server's when one runs, else started for the command). A generated password is printed once.
 */
import { parseArgs } from 'node:util';
import { isDomainError } from '@funnelcraft/kernel';
import { createPool, migratePlatform, openPlatformOrm, runningEmbeddedPostgres, startEmbeddedPostgres, type EmbeddedDatabase } from '@funnelcraft/storage';
import { configFromEnv } from './config.js';
import { provisionTenant } from './tenant-provisioning.js';

const USAGE =
  'usage: npm run tenant -- create <slug> --admin-email <email> [--password <password>] [--name <name>] [--currency <ISO 4217>] [--admin-name <name>]';

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'admin-email': { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      currency: { type: 'string' },
      'admin-name': { type: 'string' },
    },
  });
  const [command, slug, ...rest] = positionals;
  if (command !== 'create' || !slug || rest.length || !values['admin-email']) {
    console.error(USAGE);
    return 2;
  }
  const config = configFromEnv();
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl ?? runningEmbeddedPostgres(config.dataDir);
  if (!url) {
    embedded = await startEmbeddedPostgres(config.dataDir);
    url = embedded.connectionString;
  }
  const pool = createPool(url, 2);
  const orm = await openPlatformOrm(url, 1);
  try {
    await migratePlatform(pool, orm);
    const { tenant, admin, generatedPassword } = await provisionTenant(orm, {
      slug,
      adminEmail: values['admin-email'],
      password: values.password,
      name: values.name,
      currency: values.currency,
      adminName: values['admin-name'],
    });
    console.log(`tenant "${tenant.slug}" created (currency ${tenant.currency}); admin ${admin.email}`);
    if (generatedPassword) console.log(`password: ${generatedPassword}  (shown once: it is not stored, only its hash)`);
    return 0;
  } catch (e) {
    if (!isDomainError(e)) throw e;
    console.error(`${e.code}: ${e.message}`);
    for (const d of e.details) console.error(`  ${d.path}: ${d.message}`);
    return 1;
  } finally {
    await orm.close();
    await pool.end();
    await embedded?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('[funnelcraft] tenant command failed:', error);
    process.exit(1);
  },
);
