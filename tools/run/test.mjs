// `npm test`: the same set-up as `npm start`, then build, lint and every test (unit and
// integration, against the real PostgreSQL and Kafka), with an honest exit code.
import { readdirSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTopics, installIfNeeded, nx, root, say, startInfra, stopInfra } from './common.mjs';

installIfNeeded();
const started = Date.now();
const infra = startInfra();
const reports = join(root, '.reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
let failed = false;
try {
  nx(['run-many', '-t', 'build', '--output-style=static'], infra);
  createTopics(infra);
  // Tests of one project at a time: the machine has two cores and one broker.
  nx(['run-many', '-t', 'lint', 'test', '--parallel=1', '--output-style=static', '--skip-nx-cache'], {
    ...infra,
    JEST_JSON_REPORTS: reports,
    CI: 'true',
  });
} catch (e) {
  failed = true;
  say(e.message);
} finally {
  stopInfra(infra);
}

let passed = 0;
let failedTests = 0;
for (const f of readdirSync(reports).filter((f) => f.endsWith('.json'))) {
  const r = JSON.parse(readFileSync(join(reports, f), 'utf8'));
  passed += r.numPassedTests;
  failedTests += r.numFailedTests;
}
say(`finished in ${Math.round((Date.now() - started) / 1000)} s`);
// The plain closing line CI reads.
console.log(`${passed} passed, ${failedTests} failed`);
process.exit(failed || failedTests > 0 ? 1 : 0);
