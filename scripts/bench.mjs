// `npm run bench [-- --quick] [group …]`: builds the server and the bench, then runs it with --expose-gc.
import { execFileSync, spawnSync } from 'node:child_process';
import { buildProjects, SERVER, STUDIO } from './build-needed.mjs';

// The studio group measures the built studio in Chromium.
buildProjects([SERVER, STUDIO]);
execFileSync('npx', ['tsc', '-p', 'bench/tsconfig.json'], { stdio: 'inherit' });
const run = spawnSync(process.execPath, ['--expose-gc', 'bench/dist/run.js', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
