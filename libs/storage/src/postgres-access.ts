/**
 * PostgreSQL refuses to run as root, so as root the embedded server runs as the OS user `postgres`, which must
 * reach its binaries and its data folder. A checkout under a private folder (a clone in /root, mode 0700)
 * hides the binaries: they are then run from a copy in the temporary folder. A private DATA_DIR of our own
 * (`mktemp -d`) is handed to that user; a private folder above DATA_DIR is not ours to open, so the database
 * then lives in a folder of its own under /var/lib/funnelcraft.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse, resolve } from 'node:path';

export interface OsUser {
  name: string;
  uid: number;
  gid: number;
  /** Primary and supplementary groups. */
  groups: number[];
}

const isRoot = (): boolean => process.getuid?.() === 0;

/** The user the server runs as (as root: `postgres`, created when missing); undefined when not root. */
export function postgresUser(log: (m: string) => void): OsUser | undefined {
  if (!isRoot()) return undefined;
  const id = (flag: string) => execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim();
  try {
    id('-u');
  } catch {
    log('creating the OS user "postgres" to run the embedded PostgreSQL (it refuses to run as root)');
    execFileSync('groupadd', ['-f', 'postgres']);
    execFileSync('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
  }
  return { name: 'postgres', uid: Number(id('-u')), gid: Number(id('-g')), groups: id('-G').split(/\s+/).map(Number) };
}

/** Whether `user` has all of `bits` (r = 4, w = 2, x = 1) on `path`, by its owner, group and other modes. */
function allowed(path: string, user: OsUser, bits: number): boolean {
  const st = statSync(path);
  const shift = st.uid === user.uid ? 6 : user.groups.includes(st.gid) ? 3 : 0;
  return ((st.mode >> shift) & bits) === bits;
}

/** The first folder from the root down to `path` (inclusive) that `user` cannot pass through, if any. */
export function blockingFolder(path: string, user: OsUser): string | undefined {
  const chain: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    chain.unshift(p);
    if (p === parse(p).root) break;
  }
  return chain.find((p) => existsSync(p) && !allowed(p, user, 1));
}

/** Whether `user` can run the programs of a PostgreSQL distribution folder (bin/, lib/, share/) in place. */
function canRun(nativeDir: string, user: OsUser): boolean {
  return !blockingFolder(join(nativeDir, 'bin'), user) && ['postgres', 'initdb'].every((b) => allowed(join(nativeDir, 'bin', b), user, 5));
}

/** A copy is usable when it is complete and only root can change it (anyone else could swap the programs). */
function trustedCopy(dir: string): boolean {
  if (!existsSync(join(dir, '.complete'))) return false;
  const st = statSync(dir);
  return st.uid === 0 && (st.mode & 0o022) === 0;
}

/**
 * The distribution folder to run the programs from: `nativeDir` itself when `user` can reach it, else a copy
 * in the temporary folder (made once per source and version, reused by later starts).
 */
export function reachableBinaries(nativeDir: string, version: string, user: OsUser, log: (m: string) => void): string {
  if (canRun(nativeDir, user)) return nativeDir;
  const base = tmpdir();
  const blocked = blockingFolder(base, user);
  if (blocked) {
    throw new Error(
      `The embedded PostgreSQL runs as the OS user "${user.name}", which cannot reach its programs under ${nativeDir} (a folder above is private), nor the temporary folder ${base} to run a copy from (${blocked} is closed to it). Set TMPDIR to a folder it can reach, or use DATABASE_URL.`,
    );
  }
  const target = join(base, `funnelcraft-postgres-${version}-${createHash('sha1').update(nativeDir).digest('hex').slice(0, 8)}`);
  if (trustedCopy(target)) return target;
  log(`copying the PostgreSQL programs to ${target}: the OS user "${user.name}" cannot reach ${nativeDir}`);
  const staging = mkdtempSync(`${target}.partial-`);
  cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
  chmodSync(staging, 0o755);
  writeFileSync(join(staging, '.complete'), `${nativeDir}\n`);
  if (existsSync(target)) rmSync(target, { recursive: true, force: true });
  try {
    renameSync(staging, target);
  } catch (e) {
    // Another start made the same copy meanwhile: use it.
    rmSync(staging, { recursive: true, force: true });
    if (!trustedCopy(target)) throw e;
  }
  return target;
}

/** Where PostgreSQL data folders go when the `postgres` user cannot reach DATA_DIR (see preparePgDir). */
export const RELOCATED_PG_BASE = '/var/lib/funnelcraft';
/** The note left in DATA_DIR when its database lives elsewhere: the path of that database's folder. */
export const PG_LOCATION_NOTE = 'pg.location';

/** A folder of its own for DATA_DIR's database under RELOCATED_PG_BASE, named by DATA_DIR's path. */
export const relocatedPgDir = (dataDir: string): string =>
  join(
    RELOCATED_PG_BASE,
    `${parse(dataDir).base.replace(/[^\w.-]/g, '_') || 'data'}-${createHash('sha1').update(resolve(dataDir)).digest('hex').slice(0, 12)}`,
    'pg',
  );

/**
 * Creates DATA_DIR and says where its PostgreSQL data folder lives, made reachable for `user`:
 * - `DATA_DIR/pg` normally; DATA_DIR itself, when private and ours (root's, e.g. from `mktemp -d`), is handed
 *   to that user (root keeps full access).
 * - When a private folder above DATA_DIR hides it from that user (a clone in /root with the default `.data`),
 *   the database gets a folder of its own under /var/lib/funnelcraft, named by DATA_DIR's path, so that
 *   `npm start` works there as well and keeps its data across restarts. DATA_DIR keeps everything else
 *   (attachments) and a note, `pg.location`, saying where the database is.
 */
export function preparePgDir(dataDir: string, user: OsUser, log: (m: string) => void): string {
  const above = blockingFolder(dirname(dataDir), user);
  mkdirSync(dataDir, { recursive: true });
  // Once relocated, always: the database stays where its data is, whatever the folders' modes are now.
  const known = knownPgDir(dataDir);
  if (known !== join(dataDir, 'pg') && existsSync(join(known, 'PG_VERSION'))) return known;
  if (above) return relocate(dataDir, above, user, log);
  if (!allowed(dataDir, user, 1)) {
    const st = statSync(dataDir);
    if (st.uid !== 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the OS user "${user.name}", which cannot enter DATA_DIR ${dataDir} (owned by uid ${st.uid}, mode ${(st.mode & 0o777).toString(8)}). Give it access (chmod o+x), choose another DATA_DIR, or use DATABASE_URL.`,
      );
    }
    log(`DATA_DIR ${dataDir} is private: handing it to the OS user "${user.name}", which runs PostgreSQL (root keeps access)`);
    chownSync(dataDir, user.uid, user.gid);
  }
  return join(dataDir, 'pg');
}

function relocate(dataDir: string, above: string, user: OsUser, log: (m: string) => void): string {
  const pgDir = relocatedPgDir(dataDir);
  const blocked = blockingFolder(RELOCATED_PG_BASE, user);
  if (blocked) {
    throw new Error(
      `The embedded PostgreSQL runs as the OS user "${user.name}" (PostgreSQL refuses root), which cannot reach DATA_DIR ${dataDir} (${above} is closed to it) nor ${RELOCATED_PG_BASE} (${blocked} is). Set DATA_DIR to a folder it can reach, run as another user, or use DATABASE_URL.`,
    );
  }
  if (!existsSync(join(pgDir, 'PG_VERSION'))) {
    log(`the OS user "${user.name}" cannot reach DATA_DIR ${dataDir} (${above} is private): its database lives in ${pgDir}`);
  }
  mkdirSync(dirname(pgDir), { recursive: true, mode: 0o755 });
  writeFileSync(join(dataDir, PG_LOCATION_NOTE), `${pgDir}\n`);
  return pgDir;
}

/** DATA_DIR's PostgreSQL data folder as the last start left it: the relocated one when DATA_DIR notes one. */
export function knownPgDir(dataDir: string): string {
  const note = join(dataDir, PG_LOCATION_NOTE);
  return existsSync(note) ? readFileSync(note, 'utf8').trim() : join(dataDir, 'pg');
}

/** The PostgreSQL data folder inside DATA_DIR, owned by `user` and private to it. */
export function ownPgDir(dir: string, user: OsUser): void {
  chownSync(dir, user.uid, user.gid);
  chmodSync(dir, 0o700);
}
