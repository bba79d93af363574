#!/usr/bin/env node
// The demo seed: a small utility with a history, made through the services' HTTP APIs and Kafka
// only, as an onboarding tool would. `npm start` runs it once every service is ready, unless
// `--no-seed` or the data is there already. By hand: `node tools/demo/seed.mjs [--customers 1000]
// [--seed 1]` against running services (CUSTOMER_URL ... PAYMENTS_URL, KAFKA_BROKERS). See README.md.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { localToken } from '../run/local-token.mjs';
import { ApiError, client, lagWatcher, pool, progressBars, sleep } from './io.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const planLib = require('./plan.js');
const sim = require('../headend-sim/lib.js');

/** Customers (and payments) in flight: enough to keep two cores busy, few enough not to queue in the services. */
const CONCURRENCY = Number(process.env.DEMO_CONCURRENCY ?? 16);
/** The customer that says the demo is there: registered first, renamed when the seed is complete. */
const MARKER = 'Utilia Demo Seed';

const say = (m) => process.stderr.write(`demo: ${m}\n`);

export function adminToken() {
  return localToken({ subject: 'demo-seed', roles: ['admin', 'billing-ops', 'csr', 'csr-supervisor', 'head-end'], ttlSeconds: 6 * 3600 });
}

/** Whether the demo is there: `complete`, `partial` (a seed stopped half-way) or `absent`. */
export async function demoState(api) {
  const hits = await api.customer('GET', `/search?q=${encodeURIComponent(MARKER)}&kind=name&limit=5`);
  const names = (hits.items ?? []).map((h) => h.customerName ?? h.label ?? '');
  if (names.some((n) => n.includes('(complete)'))) return 'complete';
  return names.some((n) => n.startsWith(MARKER)) ? 'partial' : 'absent';
}

/** Runs the head-end simulator (tools/headend-sim/sim.mjs) and shows its progress; resolves with its JSON summary. */
function runSimulator(args, env, progress) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'tools/headend-sim/sim.mjs'), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      err += d;
      const m = /day (\d+)\/(\d+)/.exec(String(d));
      if (m && progress) progress(Number(m[1]));
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`headend-sim exited ${code}: ${err.slice(-1000)}`));
      try {
        resolve(JSON.parse(out));
      } catch {
        reject(new Error(`headend-sim printed no summary: ${out.slice(0, 500)}`));
      }
    });
  });
}

/** The simulator's summaries of several runs, added up. */
function sumOf(summaries) {
  const add = (f) => summaries.reduce((t, s) => t + (f(s) ?? 0), 0);
  return {
    runs: summaries.length,
    messages: add((s) => s.messages),
    readings: add((s) => s.readings),
    registerReads: add((s) => s.registerReads),
    correctionMessages: add((s) => s.correctionMessages),
    injected: { gaps: add((s) => s.injected.gaps), spikes: add((s) => s.injected.spikes), late: add((s) => s.injected.late) },
  };
}

/** A stage: its bar, its time. */
function stages() {
  const times = {};
  const bars = progressBars();
  return {
    times,
    bars,
    stop: () => bars.stop(),

    async run(name, total, unit, fn) {
      const t0 = Date.now();
      const b = bars.bar(name, total, unit);
      try {
        return await fn(b);
      } finally {
        b.stop();
        times[name] = Math.round((Date.now() - t0) / 100) / 10;
      }
    },
  };
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Seeds the demo utility. `urls`: the five services' base URLs; `brokers`: Kafka. Answers the
 * summary (counts, per-stage seconds), or `{ skipped }` when the demo is there already.
 */
export async function seedDemo({ urls, brokers, customers = 1000, seed = 1, day = today() }) {
  const t0 = Date.now();
  const token = await adminToken();
  const api = Object.fromEntries(Object.entries(urls).map(([k, u]) => [k, client(u, token)]));
  const state = await demoState(api);
  if (state === 'complete') return { skipped: 'the demo data is there already' };
  if (state === 'partial')
    throw new Error(`a demo seed was started before and did not finish: start over with \`npm run infra -- reset\` (it drops the services' databases)`);

  const cycles = (await api.invoicing('GET', '/bill-cycles')).items.map((c) => ({ code: c.code, readDay: c.readDay }));
  const plan = planLib.demoPlan({ seed, customers, today: day, cycles });
  const counts = planLib.countsOf(plan);
  const { calendar } = plan;
  say(
    `seeding ${customers} customers in cycles ${calendar.cycles.map((c) => c.code).join(', ')}, readings ${calendar.readingsFrom} .. ${sim.addDays(day, -1)} (${calendar.readingsDays} days)`,
  );
  const kafka = lagWatcher(brokers);
  const st = stages();
  const ids = plan.customers.map(() => ({}));
  const result = { billRuns: [], payments: 0, collections: {}, creditNotes: 0 };
  try {
    // The catalog: rating publishes its seed catalog at start; every tariff the plan uses must be there.
    const needed = [...new Set(plan.customers.map((c) => c.tariffCode))];
    await st.run('tariff catalog', needed.length, 'tariffs', async (b) => {
      for (let i = 0; ; i++) {
        const codes = new Set(((await api.rating('GET', '/tariffs')).items ?? []).map((t) => t.code));
        b.update(needed.filter((c) => codes.has(c)).length);
        if (needed.every((c) => codes.has(c))) break;
        if (i > 120) throw new Error(`the rating catalog lacks ${needed.filter((c) => !codes.has(c)).join(', ')} (was rating started with its seed catalog?)`);
        await sleep(500);
      }
      // Customer and invoicing keep copies of the catalog (rating.events): wait until they have read it.
      await kafka.settle([
        ['customer.tariff-catalog', 'rating.events'],
        ['invoicing.rating-copies', 'rating.events'],
      ]);
    });
    const marker = await api.customer('POST', '/customers', { kind: 'organisation', organisationName: `${MARKER} (in progress)` });

    // Customers, their meters and move-ins, one pipeline per customer; the head-end simulator
    // publishes each chunk of meters' three months on meter.readings as soon as those meters are
    // installed, so metering stores readings while the customer service onboards the next ones.
    const installedAt = `${calendar.readingsFrom}T00:00:00Z`;
    const simEnv = { ...process.env, KAFKA_BROKERS: brokers };
    const headend = plan.headend;
    const published = st.bars.bar('readings published', headend.runs.length * headend.days, 'meter-days');
    const publishingSince = Date.now();
    const simRuns = [];
    let simQueue = Promise.resolve();
    let nextRun = 0;
    let installed = 0; // customers 1..installed have their meters on their points
    const done = new Set();
    const startReadyRuns = () => {
      while (nextRun < headend.runs.length) {
        const r = headend.runs[nextRun];
        if (r.start + r.meters - 1 > installed) return;
        nextRun++;
        const k = simRuns.length;
        simQueue = simQueue.then(async () => {
          const summary = await runSimulator(
            [
              ...['--start', String(r.start), '--meters', String(r.meters), '--prefix', 'DEMO', '--days', String(headend.days), '--from', headend.from],
              ...['--interval', String(headend.intervalMinutes)],
              ...['--seed', String(seed), '--headend', 'demo-ami', '--brokers', brokers],
              ...['--gaps', String(r.gaps), '--spikes', String(r.spikes), '--late', String(r.late)],
            ],
            simEnv,
            (d) => published.update(k * headend.days + d),
          );
          published.update((k + 1) * headend.days);
          return summary;
        });
        simRuns.push(simQueue);
      }
    };
    await st.run('customers (onboarding)', plan.customers.length, 'customers', (b) =>
      pool(
        plan.customers,
        CONCURRENCY,
        async (c, i) => {
          await onboard(api, c, ids[i], installedAt);
          // Readings of a meter may come once it is installed: the contiguous installed prefix starts the simulator's runs.
          done.add(c.n);
          while (done.has(installed + 1)) done.delete(++installed);
          startReadyRuns();
          if (c.solar) await api.metering('POST', '/readings/csv', exportCsv(plan, c), { headers: { 'content-type': 'text/csv' } });
          await moveIn(api, c, ids[i]);
        },
        () => b.increment(),
      ),
    );
    const summaries = await Promise.all(simRuns);
    published.stop();
    st.times['readings published'] = Math.round((Date.now() - publishingSince) / 100) / 10;
    result.headend = sumOf(summaries);
    const total = await kafka.published('meter.readings');
    await st.run('readings stored', total, 'messages', async (b) => {
      for (;;) {
        const lag = await kafka.lag('metering.readings', 'meter.readings');
        b.update(Math.max(0, total - lag));
        if (lag <= 0) break;
        await sleep(500);
      }
    });
    // Invoicing and payments must know the accounts and agreements before the first bill run.
    await kafka.settle([
      ['invoicing.customer-copies', 'customer.events'],
      ['payments.customer-copies', 'customer.events'],
      ['metering.customer-read-models', 'customer.events'],
    ]);

    // The months: bill runs on their read dates, payments on the days they were made, the collections job every day.
    await st.run('bills, payments, collections', plan.timeline.length, 'days', (b) =>
      pool(
        plan.timeline,
        1,
        (d) => businessDay(api, kafka, plan, ids, d, result),
        () => b.increment(),
      ),
    );

    // The head-end sends days of the flaky meters again with the true values, after they were billed:
    // the gaps estimated and the spikes billed become actual values, metering says UsageCorrected,
    // invoicing credits and rebills.
    const resend = headend.resend;
    await st.run('late corrections', resend.meters, 'meters', async (b) => {
      await runSimulator(
        [
          ...['--start', String(resend.start), '--meters', String(resend.meters), '--prefix', 'DEMO', '--days', String(resend.days), '--from', resend.from],
          ...['--interval', String(headend.intervalMinutes)],
          ...['--seed', String(seed), '--headend', 'demo-ami', '--brokers', brokers],
        ],
        simEnv,
      );
      result.resent = resend;
      const accounts = plan.customers.slice(resend.start - 1, resend.start - 1 + resend.meters).map((c) => ids[c.n - 1].accountId);
      // Readings -> UsageCorrected -> usage asked again -> answered -> credit note and rebill: until the count stays put.
      let last = -1;
      for (let i = 0; i < 40; i++) {
        await kafka.settle([
          ['metering.readings', 'meter.readings'],
          ['invoicing.usage-profiles', 'metering.events'],
          ['metering.usage-requests', 'invoicing.events'],
        ]);
        let n = 0;
        let touched = 0;
        await pool(accounts, CONCURRENCY, async (accountId) => {
          const k = ((await api.invoicing('GET', `/credit-notes?accountId=${accountId}`)).items ?? []).length;
          n += k;
          if (k > 0) touched++;
        });
        b.update(touched);
        if (n > 0 && n === last) break;
        last = n;
        await sleep(1000);
      }
      result.creditNotes = Math.max(last, 0);
    });

    await st.run('arrangement', 1, 'accounts', async (b) => {
      const c = plan.customers.find((x) => x.payer === 'arrangement');
      if (c) {
        await kafka.settle([['payments.billing', 'invoicing.events']]);
        result.arrangement = await api.payments('POST', `/accounts/${ids[c.n - 1].accountId}/arrangements`, { installments: 3 });
        result.arrangement.accountNumber = ids[c.n - 1].accountNumber;
      }
      b.increment();
    });

    await api.customer('PUT', `/customers/${marker.customerId}`, { kind: 'organisation', organisationName: `${MARKER} (complete)` });
    result.overview = await overview(api, day);
  } finally {
    st.stop();
    await kafka.close();
  }
  return {
    day,
    seed: String(seed),
    cycles: calendar.cycles,
    readingsFrom: calendar.readingsFrom,
    readingsDays: calendar.readingsDays,
    counts,
    ...result,
    example: { accountNumber: ids[0].accountNumber, accountId: ids[0].accountId, customerId: ids[0].customerId },
    stageSeconds: st.times,
    seconds: Math.round((Date.now() - t0) / 100) / 10,
  };
}

/** A customer, its account, premise and point, its meter registered and installed, and its protection. */
async function onboard(api, c, id, installedAt) {
  const contactPoints = [
    { kind: 'email', value: c.email, primary: true },
    { kind: 'mobile', value: c.phone },
  ];
  const details =
    c.kind === 'organisation' ? { kind: 'organisation', organisationName: c.name } : { kind: 'person', givenName: c.givenName, familyName: c.familyName };
  const customer = await api.customer('POST', '/customers', { ...details, contactPoints, preferences: { paperless: c.paperless } });
  id.customerId = customer.customerId;
  const account = await api.customer('POST', '/accounts', {
    customerId: id.customerId,
    currency: 'USD',
    billCycle: c.cycle,
    customerClass: c.customerClass,
    billingAddress: c.address,
  });
  id.accountId = account.accountId;
  id.accountNumber = account.accountNumber;
  const premise = await api.customer('POST', '/premises', { address: c.address, premiseType: c.premiseType });
  const point = await api.customer('POST', `/premises/${premise.premiseId}/service-points`, { commodity: 'electricity', marketId: c.marketId });
  id.servicePointId = point.servicePointId;
  // The meter is in the inventory and on the point from the first day of readings: metering's
  // installation API takes the date it was fitted (a work order is completed now, see moveIn).
  const registers = c.solar ? [...sim.METER_REGISTERS, { ...sim.METER_REGISTERS[0], code: '2.8.0', direction: 'export' }] : sim.METER_REGISTERS;
  await api.metering('POST', '/meters', { serial: c.serial, commodity: 'electricity', kind: 'interval', registers });
  await api.metering('POST', `/service-points/${id.servicePointId}/meters`, { serial: c.serial, installedAt, reads: [] });
  if (c.protection) await api.customer('POST', `/customers/${id.customerId}/protections`, c.protection);
}

/** The move-in on the plan's day, and its connect work order dispatched and completed with the meter found. */
async function moveIn(api, c, id) {
  const body = {
    accountId: id.accountId,
    servicePointId: id.servicePointId,
    tariffCode: c.tariffCode,
    startDate: c.moveIn,
    meteringArrangement: c.meteringArrangement,
  };
  const started = await api.customer('POST', '/service-agreements', body);
  id.agreementId = started.agreementId;
  if (started.connectWorkOrderId) {
    await api.customer('POST', `/work-orders/${started.connectWorkOrderId}/dispatch`, { crew: `demo-crew-${(c.n % 4) + 1}` });
    await api.customer('POST', `/work-orders/${started.connectWorkOrderId}/complete`, {
      completedAt: new Date().toISOString(),
      meterSerial: c.serial,
      notes: 'Demo: meter found on the premises, connected',
    });
  }
}

/** A solar home's exports over the readings, as the readings CSV (`meter,start,length,value,unit,direction`), in the head-end's interval. */
function exportCsv(plan, c) {
  const seconds = plan.headend.intervalMinutes * 60;
  const lines = ['meter,start,length,value,unit,direction'];
  for (let d = 0; d < plan.calendar.readingsDays; d++) {
    const day = sim.addDays(plan.calendar.readingsFrom, d);
    const starts = sim.intervalStarts(day, seconds);
    // The catalog's homes are in California: the sun is up from 6 a.m. to 6 p.m. Pacific time.
    const values = sim.aggregate(planLib.exportWh(plan.seed, c.serial, day, -8), seconds / sim.INTERVAL_SECONDS);
    values.forEach((wh, i) => lines.push(`${c.serial},${starts[i]},${seconds},${wh},Wh,export`));
  }
  return `${lines.join('\n')}\n`;
}

/** One business day of the timeline: the bill runs it starts, then its payments, then the collections job. */
export async function businessDay(api, kafka, plan, ids, d, result) {
  if (d.startRuns.length) {
    const runs = await Promise.all(d.startRuns.map((r) => api.invoicing('POST', '/bill-runs', r)));
    const progress = await Promise.all(
      runs.map(async (run) => {
        for (;;) {
          const p = await api.invoicing('GET', `/bill-runs/${run.runId}`);
          if (p.awaitingUsage === 0) return p;
          await sleep(300);
        }
      }),
    );
    for (const p of progress) result.billRuns.push({ cycle: p.cycle, runDate: p.runDate, bills: p.bills, issued: p.issued, held: p.held, failed: p.failed });
    // Payments take the invoices from invoicing.events: they must have read them before anyone pays.
    await kafka.settle([['payments.billing', 'invoicing.events']]);
  }
  await pool(d.payments, CONCURRENCY, async ({ n, runDate }) => {
    const c = plan.customers[n - 1];
    const id = ids[n - 1];
    const invoice = ((await api.invoicing('GET', `/invoices?accountId=${id.accountId}`)).items ?? []).find((x) => x.issueDate === runDate && !x.creditedBy);
    if (!invoice) return; // held, or not billed: nothing to pay
    await api.payments(
      'POST',
      '/payments',
      {
        accountId: id.accountId,
        amount: { amount: invoice.total, currency: invoice.currency },
        channel: c.channel,
        reference: invoice.number,
        receivedOn: d.day,
        ...(c.channel === 'card' ? { card: { token: `tok_demo_${plan.seed}_${n}`, last4: String(1000 + (n % 9000)).slice(-4) } } : {}),
      },
      { headers: { 'idempotency-key': `demo-${plan.seed}-${n}-${runDate}` } },
    );
    result.payments++;
  });
  if (d.collections) {
    // Customer's refusals of disconnections come back through Kafka (a case on hold): let them land first.
    if (result.collections.disconnectionRequests) await kafka.settle([['payments.collections', 'customer.events']]);
    const r = await api.payments('POST', '/collections/run', { date: d.day });
    for (const [k, v] of Object.entries(r)) if (typeof v === 'number') result.collections[k] = (result.collections[k] ?? 0) + v;
  }
}

/** What the services say at the end: the receivables' aging, open collections cases, VEE exceptions. */
export async function overview(api, day) {
  const safe = (p) => p.catch((e) => ({ error: e instanceof ApiError ? e.status : e.message }));
  const [aging, cases, vee] = await Promise.all([
    safe(api.payments('GET', `/aging?asOf=${day}&currency=USD`)),
    safe(api.payments('GET', '/collections/cases?status=open&limit=100')),
    safe(api.metering('GET', '/vee-exceptions?limit=100')),
  ]);
  return {
    aging: aging.totals ?? aging,
    openCollectionsCases: cases.items ? `${cases.items.length}${cases.nextCursor ? '+' : ''}` : JSON.stringify(cases),
    veeExceptions: vee.items ? `${vee.items.length}${vee.nextCursor ? '+' : ''}` : JSON.stringify(vee),
  };
}

/** The summary `npm start` prints. */
export function summaryText(s, urls) {
  const lines = [];
  if (s.skipped) lines.push(`demo data: ${s.skipped} (\`npm run infra -- reset\` starts over)`);
  else {
    const c = s.counts;
    const issued = s.billRuns.reduce((a, r) => a + r.issued, 0);
    const held = s.billRuns.reduce((a, r) => a + r.held, 0);
    lines.push(
      `demo utility seeded in ${s.seconds} s (seed ${s.seed}):`,
      `  ${c.customers} customers: ${c.residential} residential (${c.solar} with solar and export), ${c.commercial} commercial; ${c.paperless} paperless, ${c.protected} protected`,
      `  tariffs: ${Object.entries(c.byTariff)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
      `  readings ${s.readingsFrom} .. ${sim.addDays(s.day, -1)} (${s.readingsDays} days): ${s.headend.readings.toLocaleString('en-US')} hourly readings in ${s.headend.messages.toLocaleString('en-US')} messages from tools/headend-sim; injected ${s.headend.injected.gaps} gaps, ${s.headend.injected.spikes} spikes, ${s.headend.injected.late} late corrections`,
      `  bill runs: ${s.billRuns.length} (cycles ${s.cycles.map((x) => x.code).join(', ')}), ${issued} invoices issued, ${held} held`,
      `  payments: ${s.payments}; late payers ${c.late}, non-payers ${c.never + c.arrangement}; collections: ${s.collections.lateFees ?? 0} late fees, ${s.collections.reminders ?? 0} reminders, ${s.collections.finalNotices ?? 0} final notices, ${s.collections.disconnectionRequests ?? 0} disconnection requests, ${s.collections.withheld ?? 0} withheld`,
      `  receivables (USD) by days past due: ${Object.entries(s.overview.aging ?? {})
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
      `  open collections cases: ${s.overview.openCollectionsCases}; VEE exceptions: ${s.overview.veeExceptions}; credit notes after the late corrections: ${s.creditNotes}`,
      s.arrangement
        ? `  payment arrangement: account ${s.arrangement.accountNumber}, arrears ${s.arrangement.arrears} ${s.arrangement.currency} in ${s.arrangement.installments?.length} installments`
        : '  payment arrangement: none',
      `  e.g. account ${s.example.accountNumber}: ${urls.customer}/api/v1/accounts/${s.example.accountId}/360`,
      `  stages (s): ${Object.entries(s.stageSeconds)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  }
  return lines.join('\n');
}

// The command line: the services' URLs from the environment (npm start's defaults otherwise).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({ options: { customers: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' } } });
  const ports = { customer: 3001, metering: 3002, rating: 3003, invoicing: 3004, payments: 3005 };
  const urls = Object.fromEntries(
    Object.entries(ports).map(([k, p]) => [k, process.env[`${k.toUpperCase()}_URL`] ?? `http://127.0.0.1:${process.env[`${k.toUpperCase()}_PORT`] ?? p}`]),
  );
  try {
    const s = await seedDemo({ urls, brokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092', customers: Number(values.customers), seed: values.seed });
    process.stderr.write(`${summaryText(s, urls)}\n`);
    process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
  } catch (e) {
    say(e.message);
    process.exit(1);
  }
}
