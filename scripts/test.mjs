// `npm test`: build the server and the studio (browser tests load the built studio), then run every Vitest
// project: unit specs, integration tests on a real embedded PostgreSQL, API and browser end-to-end tests.
// Ends with a plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { buildProjects, SERVER, STUDIO } from './build-needed.mjs';

buildProjects([SERVER, STUDIO]);
mkdirSync(new URL('../.tmp', import.meta.url), { recursive: true });
const report = new URL('../.tmp/vitest-report.json', import.meta.url);
const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report.pathname}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
let summary = '';
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  summary = `tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`;
} catch {
  summary = 'tests: no report written';
}
console.log(summary);
process.exit(run.status ?? 1);
