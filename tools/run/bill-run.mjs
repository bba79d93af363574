#!/usr/bin/env node
// `npm run bill-run -- --cycle 07 --date 2026-07-07 [--url http://127.0.0.1:3004] [--token T] [--timeout 600]`
// starts (or resumes) the bill run of a cycle on its read date through the invoicing API, shows its
// progress as a bar on stderr (issued, held, waiting for usage, bills/s, time left) and prints a JSON
// summary on stdout when no bill waits for its usage any more. Exit 0 when done, 1 on a timeout, 2 on
// bad arguments or a refused run (with the service's reason).
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { localToken } from './local-token.mjs';

const require = createRequire(import.meta.url);
const fail = (message, code = 2) => {
  process.stderr.write(`bill-run: ${message}\n`);
  process.exit(code);
};

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      cycle: { type: 'string' },
      date: { type: 'string' },
      url: { type: 'string', default: process.env.INVOICING_URL ?? 'http://127.0.0.1:3004' },
      token: { type: 'string' },
      timeout: { type: 'string', default: '600' },
    },
  }));
} catch (e) {
  fail(e.message);
}
if (!args.cycle || !/^\d{4}-\d{2}-\d{2}$/.test(args.date ?? ''))
  fail('usage: npm run bill-run -- --cycle 07 --date 2026-07-07 [--url URL] [--token T] [--timeout SECONDS]');
const timeoutS = Number(args.timeout);
if (!Number.isFinite(timeoutS) || timeoutS <= 0) fail('--timeout is a number of seconds');

async function token() {
  if (args.token ?? process.env.UTILIA_TOKEN) return args.token ?? process.env.UTILIA_TOKEN;
  return localToken({ subject: 'bill-run-cli', roles: ['billing-ops'] }).catch((e) => fail(`${e.message}, or give --token`));
}

const base = `${args.url.replace(/\/+$/, '')}/api/v1`;
const headers = { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' };
const call = async (method, p, body) => {
  let res;
  try {
    res = await fetch(`${base}${p}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
  } catch (e) {
    fail(`the invoicing service does not answer at ${args.url} (${e.cause?.code ?? e.message}): is it running (npm start)?`);
  }
  const answer = await res.json().catch(() => ({}));
  if (res.status >= 400) fail(`${method} ${p} answered ${res.status}: ${answer.detail ?? answer.title ?? JSON.stringify(answer)}`);
  return answer;
};

const started = await call('POST', '/bill-runs', { cycle: args.cycle, runDate: args.date });
const { SingleBar, Presets } = require('cli-progress');
const bar = new SingleBar(
  {
    format: 'cycle {cycle} {date} {bar} {value}/{total} | issued {issued} | held {held} | waiting {waiting} | {rate} bills/s | {left}',
    stream: process.stderr,
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 5000,
  },
  Presets.shades_classic,
);
bar.start(Math.max(started.bills, 1), 0, { cycle: args.cycle, date: args.date, issued: 0, held: 0, waiting: started.bills, rate: 0, left: '' });
const t0 = Date.now();
let progress;
for (;;) {
  progress = await call('GET', `/bill-runs/${started.runId}`);
  const done = progress.issued + progress.held + progress.cancelled + progress.failed;
  bar.setTotal(Math.max(progress.bills, 1));
  bar.update(done, {
    issued: progress.issued,
    held: progress.held,
    waiting: progress.awaitingUsage,
    rate: progress.billsPerSecond,
    left: progress.secondsLeft === null ? 'time left unknown' : `${progress.secondsLeft} s left`,
  });
  if (progress.awaitingUsage === 0) break;
  if (Date.now() - t0 > timeoutS * 1000) break;
  await new Promise((r) => setTimeout(r, 500));
}
bar.stop();
const summary = {
  runId: started.runId,
  resumed: started.resumed,
  cycle: progress.cycle,
  runDate: progress.runDate,
  periodFrom: progress.periodFrom,
  periodTo: progress.periodTo,
  bills: progress.bills,
  issued: progress.issued,
  held: progress.held,
  cancelled: progress.cancelled,
  failed: progress.failed,
  awaitingUsage: progress.awaitingUsage,
  seconds: Math.round((Date.now() - t0) / 100) / 10,
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
if (progress.awaitingUsage > 0)
  fail(`${progress.awaitingUsage} bills still wait for their usage after ${timeoutS} s (is metering running?); run the same command again to resume`, 1);
