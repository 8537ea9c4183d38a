// Builds what is not built yet (Nx caches by input hash, so an up-to-date tree costs about two seconds).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function buildProjects(projects) {
  const present = projects.filter((p) => existsSync(new URL(`../${p.dir}/package.json`, import.meta.url)));
  execFileSync('npx', ['nx', 'run-many', '-t', 'build', `--projects=${present.map((p) => p.name).join(',')}`, '--output-style=stream-without-prefixes'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' },
  });
}

export const SERVER = { name: '@funnelcraft/server', dir: 'apps/server' };
export const STUDIO = { name: '@funnelcraft/studio', dir: 'apps/studio' };
