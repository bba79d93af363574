#!/usr/bin/env node
// Rating benchmark (not run in CI): bills per second on one core.
//   (a) 4-period residential TOU tariff (corpus ssc-residential-tou-4period), a month of hourly data;
//   (b) commercial TOU energy + tiered TOU demand (corpus ssc-commercial-tou-demand-tiers), a month of 15-minute data;
// each beside a naive reference: a plain big.js multiply-add (kWh × rate) over the same intervals.
// Usage: node bench/rating/run.mjs [seconds per measurement, default 2]
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(root, 'fixtures');
const seconds = Number(process.argv[2] ?? 2);

const build = spawnSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'libs/rating/tsconfig.lib.json'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const require = createRequire(import.meta.url);
const rating = require(path.join(root, 'libs/rating/dist/index.js'));
const Big = require('big.js');

function scenario(name) {
  const file = path.join(fixtures, 'rating', `${name}.json`);
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const parsed = rating.parseScenario(json);
  const text = readFileSync(path.resolve(path.dirname(file), json.load.file), 'utf8');
  return { parsed, values: rating.profileValues(text, 'load.file') };
}

/** A month (January 2018, UTC, as in the corpus) of integer Wh at `minutes` from an hourly kW profile. */
function january(values, minutes) {
  return rating.toWattHours(values.slice(0, 31 * 24), 'kW', 60, minutes);
}

function measure(label, fn) {
  // Warm up long enough for the JIT to settle, then report the median of three timed runs.
  const run = (limitNs) => {
    let n = 0;
    const t0 = process.hrtime.bigint();
    let elapsed = 0n;
    do {
      for (let i = 0; i < 20; i++) fn();
      n += 20;
      elapsed = process.hrtime.bigint() - t0;
    } while (elapsed < limitNs);
    return n / (Number(elapsed) / 1e9);
  };
  run(BigInt(Math.round(seconds * 5e8)));
  const runs = [0, 1, 2].map(() => run(BigInt(Math.round(seconds * 1e9)))).sort((a, b) => a - b);
  const perSecond = runs[1];
  console.log(`${label.padEnd(58)} ${Math.round(perSecond).toLocaleString('en-US').padStart(10)} bills/s`);
  return perSecond;
}

function naive(wh, rates) {
  // The textbook way: price every interval with big.js.
  return () => {
    let total = new Big(0);
    for (let i = 0; i < wh.length; i++) total = total.plus(new Big(wh[i]).div(1000).times(rates[i]));
    return total;
  };
}

function intervalRates(tariff, wh, minutes) {
  // Energy rate of each interval's TOU period (first tier), for the naive reference only.
  const v = tariff.versions[0];
  const rates = [];
  const start = Date.UTC(2018, 0, 1);
  for (let i = 0; i < wh.length; i++) {
    const d = new Date(start + i * minutes * 60_000);
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    const sched = weekend ? v.energy.schedule.weekend : v.energy.schedule.weekday;
    rates.push(new Big(v.energy.periods[sched[d.getUTCMonth()][d.getUTCHours()]].tiers[0].rate));
  }
  return rates;
}

const cases = [
  { label: '(a) residential 4-period TOU, hourly month', name: 'ssc-residential-tou-4period', minutes: 60, target: 20000 },
  { label: '(b) commercial TOU energy + tiered TOU demand, 15-min month', name: 'ssc-commercial-tou-demand-tiers', minutes: 15, target: 5000 },
];

console.log(`node ${process.version}, ${seconds}s per measurement, one core`);
for (const c of cases) {
  const { parsed, values } = scenario(c.name);
  const wh = january(values, c.minutes);
  const input = {
    tariff: parsed.tariff,
    period: { start: '2018-01-01', end: '2018-02-01' },
    usage: { load: { start: '2018-01-01T00:00:00Z', intervalMinutes: c.minutes, wh } },
  };
  const bill = rating.rate(input);
  console.log(`${c.label}: ${wh.length} intervals, bill total ${bill.total} ${bill.currency}, ${bill.lines.length} lines`);
  const engine = measure('  engine (buckets in integer Wh, priced with big.js)', () => rating.rate(input));
  const reference = measure('  naive reference (big.js multiply-add per interval)', naive(wh, intervalRates(parsed.tariff, wh, c.minutes)));
  console.log(
    `  target ${c.target.toLocaleString('en-US')} bills/s: ${engine >= c.target ? 'met' : 'NOT met'}; engine/naive = ${(engine / reference).toFixed(1)}x`,
  );
}
