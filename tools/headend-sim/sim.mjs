#!/usr/bin/env node
// The head-end simulator: publishes 15-minute interval readings of simulated meters on
// `meter.readings`, one CloudEvent (structured mode) per meter per day, as a head-end system does.
//   npm run --silent headend-sim -- --meters 1000 --days 90 --from 2026-09-01 [--gaps 0.01] ...
//   npm run --silent headend-sim -- --continuous --every 15 --meters 50
// A JSON summary goes to stdout at the end, progress to stderr. See README.md.
import { createWriteStream, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { localToken } from '../run/local-token.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const USAGE = `usage: npm run --silent headend-sim -- [options]
  --meters N          simulated meters, serials SIM-<prefix>-<n> (default 100)
  --prefix P          serial prefix (default A); --start N: the first meter's n (default 1)
  --days D            days to publish, one message per meter per day (default 1)
  --interval M        minutes per reading in batch mode: 15 (default) or 60 (hourly sums of the quarter hours)
  --from YYYY-MM-DD   the first day (UTC; default: D days before today)
  --brokers H:P,...   Kafka (default KAFKA_BROKERS or 127.0.0.1:9092); --topic T (default meter.readings)
  --rate R            messages per second (default: as fast as kafkajs goes); --batch B (default 500)
  --gaps F            share of intervals left out (e.g. 0.01)
  --spikes F          share of intervals sent 15-30 times too high (e.g. 0.001)
  --late F            share of intervals sent wrong and corrected later (e.g. 0.001)
  --seed S            the values depend only on the seed, the serial and the interval (default 1)
  --headend NAME      the head-end's name: CloudEvents source /headend/NAME (default sim)
  --utc-offset H      the households' time zone for the load shape, hours (default 0)
  --validate          check every message against the contract (default: the first of each kind)
  --dry-run           publish nothing (with --out FILE: write the messages there as NDJSON)
  --register URL      first register and install the meters with the metering service at URL
                      (token: --token, UTILIA_TOKEN, or an admin token signed with the development secret)
  --compression gzip  kafkajs GZIP batches (default none)
continuous mode: --continuous [--every S] [--step SECONDS] [--from ISO] [--ticks N]
  every S seconds (default 15), publishes for each meter the intervals that ended since the last
  tick; the simulated clock starts at --from (default: now, so the first tick sends the last
  complete interval), moves --step seconds per tick (default 900) and never passes the real clock.
  Stops on Ctrl-C / SIGTERM, or after --ticks ticks.`;

function fail(message) {
  process.stderr.write(`headend-sim: ${message}\n`);
  process.exit(2);
}
const say = (message) => process.stderr.write(`headend-sim: ${message}\n`);

const FLAGS = new Set(['continuous', 'dry-run', 'validate', 'help']);
const OPTIONS = new Set([
  'meters',
  'prefix',
  'start',
  'days',
  'from',
  'brokers',
  'topic',
  'rate',
  'batch',
  'gaps',
  'spikes',
  'late',
  'seed',
  'headend',
  'utc-offset',
  'out',
  'register',
  'token',
  'compression',
  'every',
  'step',
  'interval',
  'ticks',
]);

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h') out.help = true;
    else if (!arg.startsWith('--')) fail(`unexpected argument ${arg}\n${USAGE}`);
    else {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      if (FLAGS.has(name)) {
        if (eq >= 0) fail(`--${name} takes no value`);
        out[name] = true;
      } else if (OPTIONS.has(name)) {
        const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
        if (value === undefined) fail(`--${name} needs a value`);
        out[name] = value;
      } else fail(`unknown option --${name}\n${USAGE}`);
    }
  }
  return out;
}

function number(args, name, fallback, { min = -Infinity, max = Infinity, integer = false } = {}) {
  if (args[name] === undefined) return fallback;
  const n = Number(args[name]);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    fail(
      `--${name} must be ${integer ? 'a whole number' : 'a number'}${min > -Infinity ? ` >= ${min}` : ''}${max < Infinity ? ` <= ${max}` : ''}, not "${args[name]}"`,
    );
  }
  return n;
}

const args = parseArgs(process.argv.slice(2));
if (args.help) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(0);
}

// The built contracts (libs/contracts/dist, what `@utilia/contracts` resolves to).
if (!existsSync(path.join(root, 'libs/contracts/dist/index.js'))) fail('libs/contracts is not built: run `npx nx run-many -t build` first');
const contracts = require('@utilia/contracts');
const lib = require('./lib.js');

const continuous = Boolean(args.continuous);
const opts = {
  meters: number(args, 'meters', continuous ? 50 : 100, { min: 1, integer: true }),
  prefix: args.prefix ?? 'A',
  start: number(args, 'start', 1, { min: 0, integer: true }),
  days: number(args, 'days', 1, { min: 1, integer: true }),
  brokers: (args.brokers ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()),
  topic: args.topic ?? contracts.Topics.meterReadings,
  rate: number(args, 'rate', 0, { min: 0 }),
  batch: number(args, 'batch', 500, { min: 1, integer: true }),
  gaps: number(args, 'gaps', 0, { min: 0, max: 1 }),
  spikes: number(args, 'spikes', 0, { min: 0, max: 1 }),
  late: number(args, 'late', 0, { min: 0, max: 1 }),
  seed: args.seed ?? '1',
  headend: args.headend ?? 'sim',
  utcOffset: number(args, 'utc-offset', 0, { min: -14, max: 14 }),
  validate: Boolean(args.validate),
  dryRun: Boolean(args['dry-run']),
  out: args.out,
  register: args.register,
  compression: args.compression ?? 'none',
  every: number(args, 'every', 15, { min: 0.05 }),
  step: number(args, 'step', lib.INTERVAL_SECONDS, { min: lib.INTERVAL_SECONDS }),
  ticks: number(args, 'ticks', 0, { min: 0, integer: true }),
  interval: number(args, 'interval', 15, { min: 15, max: 60, integer: true }),
};
if (opts.gaps + opts.spikes + opts.late > 1) fail('--gaps + --spikes + --late must not exceed 1');
if (!Number.isInteger(opts.utcOffset * 4)) fail('--utc-offset must be a multiple of 0.25 hours');
if (!['none', 'gzip'].includes(opts.compression)) fail('--compression is none or gzip');
if (!/^[A-Za-z0-9_.-]{1,20}$/.test(opts.prefix)) fail('--prefix is 1-20 letters, digits, ".", "_" or "-"');
if (lib.serialOf(opts.prefix, opts.start + opts.meters - 1).length > 40) fail('serials would be longer than 40 characters');
if (!/^[A-Za-z0-9_.-]{1,60}$/.test(opts.headend)) fail('--headend is 1-60 letters, digits, ".", "_" or "-"');
if (opts.step % lib.INTERVAL_SECONDS !== 0) fail(`--step is a multiple of ${lib.INTERVAL_SECONDS} seconds`);
if (opts.interval !== 15 && opts.interval !== 60) fail('--interval is 15 or 60 minutes');
if (continuous && opts.interval !== 15) fail('--interval is for batch mode (the continuous mode sends quarter hours)');
if (!continuous && (args.every !== undefined || args.step !== undefined || args.ticks !== undefined)) fail('--every, --step and --ticks are for --continuous');

const QUARTER_MS = lib.INTERVAL_SECONDS * 1000;
const today = lib.dayOf(Date.now());
let fromMs;
if (continuous) {
  if (args.from === undefined) fromMs = Math.floor(Date.now() / QUARTER_MS) * QUARTER_MS - QUARTER_MS;
  else {
    const t = /^\d{4}-\d{2}-\d{2}$/.test(args.from) ? Date.parse(`${args.from}T00:00:00Z`) : Date.parse(args.from);
    if (Number.isNaN(t)) fail(`--from "${args.from}" is not a date or an ISO instant`);
    fromMs = Math.floor(t / QUARTER_MS) * QUARTER_MS;
  }
} else {
  const from = args.from ?? lib.addDays(today, -opts.days);
  try {
    fromMs = lib.dayMs(from);
  } catch {
    fail(`--from "${from}" is not a date (YYYY-MM-DD)`);
  }
  if (lib.dayMs(lib.addDays(from, opts.days)) > Date.now()) say(`note: the last days are in the future (after now): validation will flag them`);
}
const fromDay = lib.dayOf(fromMs);

const serials = Array.from({ length: opts.meters }, (_, k) => lib.serialOf(opts.prefix, opts.start + k));
const meters = serials.map((serial) => lib.meterTraits(opts.seed, serial));
const rates = { gaps: opts.gaps, spikes: opts.spikes, late: opts.late };

// ------------------------------------------------------------------------------- publishing

const stats = {
  messages: 0,
  dayMessages: 0,
  correctionMessages: 0,
  readings: 0,
  registerReads: 0,
  bytes: 0,
  firstStart: undefined,
  lastStart: undefined,
  gaps: 0,
  spikes: 0,
  late: 0,
};
const checked = new Set();
/** The Kafka message of a message's data; the first of each kind (day, correction, window) is validated, every one with --validate. */
function message(kind, data) {
  const validate = opts.validate || !checked.has(kind);
  checked.add(kind);
  const m = lib.toKafka(data, { contracts, headend: opts.headend, validate });
  stats.messages++;
  stats.bytes += m.value.length;
  const readings = data.intervalBlocks.length ? data.intervalBlocks[0].readings : [];
  stats.readings += readings.length;
  stats.registerReads += data.registerReads.length;
  if (readings.length) {
    const first = readings[0].start;
    const last = readings[readings.length - 1].start;
    if (stats.firstStart === undefined || first < stats.firstStart) stats.firstStart = first;
    if (stats.lastStart === undefined || last > stats.lastStart) stats.lastStart = last;
  }
  return m;
}

function kafkaLogger() {
  return ({ namespace, level, log }) => {
    const { message: msg, ...extra } = log;
    const name = ['', 'ERROR', 'WARN', 'INFO', 'DEBUG'][level] ?? level;
    process.stderr.write(`headend-sim: kafkajs ${name} ${namespace}: ${msg} ${JSON.stringify(extra)}\n`);
  };
}

async function connect() {
  if (opts.dryRun) return { send: async () => {}, close: async () => {} };
  const { Kafka, logLevel, Partitioners, CompressionTypes } = require('kafkajs');
  const kafka = new Kafka({ clientId: `headend-sim-${opts.headend}`, brokers: opts.brokers, logLevel: logLevel.WARN, logCreator: kafkaLogger });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.fetchTopicMetadata({ topics: [opts.topic] });
  } catch (e) {
    await admin.disconnect();
    fail(`topic ${opts.topic} is not there on ${opts.brokers.join(',')} (${e.message}): \`npm run infra\` creates it`);
  }
  await admin.disconnect();
  // A head-end's producer: idempotent (one request in flight, acks from all replicas), the Java client's partitioner.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const compression = opts.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  return {
    send: (messages) =>
      continuous
        ? producer.send({ topic: opts.topic, messages, acks: -1, compression })
        : producer.sendBatch({ topicMessages: [{ topic: opts.topic, messages }], acks: -1, compression }),
    close: () => producer.disconnect(),
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends batches one at a time (the idempotent producer keeps one request in flight) while the
 * next one is built, paced to --rate messages/s when given.
 */
function sender(kafka, out) {
  let inFlight = Promise.resolve();
  let sent = 0;
  const t0 = Date.now();
  return {
    async send(messages) {
      if (out) for (const m of messages) out.write(`{"key":${JSON.stringify(m.key)},"headers":${JSON.stringify(m.headers)},"value":${m.value}}\n`);
      await inFlight;
      if (opts.rate > 0) {
        const due = t0 + (sent * 1000) / opts.rate;
        const wait = due - Date.now();
        if (wait > 0) await sleep(wait);
      }
      sent += messages.length;
      inFlight = kafka.send(messages);
    },
    drain: () => inFlight,
  };
}

function progress(started, extra) {
  const s = (Date.now() - started) / 1000;
  say(
    `${extra}: ${stats.messages.toLocaleString('en-US')} messages, ${stats.readings.toLocaleString('en-US')} readings, ${Math.round(stats.messages / Math.max(s, 0.001)).toLocaleString('en-US')} messages/s`,
  );
}

/** Batch mode: day by day, every meter's day; the late corrections of earlier days go with the day they are due. */
async function batch(kafka, out) {
  const batchSize = opts.rate > 0 ? Math.max(1, Math.min(opts.batch, Math.round(opts.rate / 20))) : opts.batch;
  const s = sender(kafka, out);
  let pending = [];
  const flush = async (force) => {
    if (pending.length >= batchSize || (force && pending.length)) {
      const messages = pending;
      pending = [];
      await s.send(messages);
    }
  };
  if (opts.days > 0 && fromDay !== lib.REGISTER_EPOCH) say(`reading the registers of ${opts.meters} meters at ${fromDay}`);
  const registers = meters.map((t) => lib.registerAt(opts.seed, t, fromDay, opts.utcOffset));
  // Hourly data: each hour the sum of its quarter hours; the faults are drawn over the hours.
  const perInterval = opts.interval / 15;
  const intervalSeconds = opts.interval * 60;
  const started = Date.now();
  /** Corrections due on a day index: [{ meter, day, corrections }]. */
  const due = new Map();
  let lastProgress = Date.now();
  for (let d = 0; d < opts.days; d++) {
    const day = lib.addDays(fromDay, d);
    for (let k = 0; k < meters.length; k++) {
      const values = lib.dayValues(opts.seed, meters[k], day, opts.utcOffset);
      const faults = lib.applyFaults(opts.seed, serials[k], day, lib.aggregate(values, perInterval), rates);
      registers[k] += lib.sum(values);
      stats.gaps += faults.gaps;
      stats.spikes += faults.spikes;
      stats.late += faults.late;
      stats.dayMessages++;
      pending.push(message('day', lib.dayMessageData(serials[k], opts.headend, day, faults.sent, registers[k], intervalSeconds)));
      if (faults.corrections.length) {
        const at = d + faults.delayDays;
        if (!due.has(at)) due.set(at, []);
        due.get(at).push({ k, day, corrections: faults.corrections });
      }
      await flush(false);
      if (Date.now() - lastProgress > 2000) {
        lastProgress = Date.now();
        progress(started, `day ${d + 1}/${opts.days}`);
      }
    }
    for (const c of due.get(d) ?? []) {
      stats.correctionMessages++;
      pending.push(message('correction', lib.correctionMessageData(serials[c.k], opts.headend, c.day, c.corrections, intervalSeconds)));
      await flush(false);
    }
    due.delete(d);
  }
  // Corrections due after the last day go at the end.
  for (const d of [...due.keys()].sort((a, b) => a - b)) {
    for (const c of due.get(d)) {
      stats.correctionMessages++;
      pending.push(message('correction', lib.correctionMessageData(serials[c.k], opts.headend, c.day, c.corrections, intervalSeconds)));
      await flush(false);
    }
  }
  await flush(true);
  await s.drain();
  progress(started, 'done');
  return { seconds: (Date.now() - started) / 1000 };
}

/**
 * Continuous mode: each tick, every meter's intervals that ended since its last message (its
 * register read at the end of them); late corrections go 4 ticks per day of delay later (1-3 hours
 * at the default step).
 */
async function live(kafka, out) {
  const started = Date.now();
  const s = sender(kafka, out);
  const state = meters.map((traits, k) => {
    const day = lib.dayOf(fromMs);
    const index = Math.round((fromMs - lib.dayMs(day)) / QUARTER_MS);
    const values = lib.dayValues(opts.seed, traits, day, opts.utcOffset);
    let wh = lib.registerAt(opts.seed, traits, day, opts.utcOffset);
    for (let i = 0; i < index; i++) wh += values[i];
    return { k, next: fromMs, wh, day: undefined, plan: undefined };
  });
  /** The faults of a meter's day as lookups: the value sent at each index (undefined: a gap), the corrections. */
  const dayPlan = (st, day) => {
    if (st.day === day) return st.plan;
    const values = lib.dayValues(opts.seed, meters[st.k], day, opts.utcOffset);
    const faults = lib.applyFaults(opts.seed, serials[st.k], day, values, rates);
    const sent = new Array(values.length);
    for (const [i, v] of faults.sent) sent[i] = v;
    st.day = day;
    st.plan = { values, sent, corrections: new Map(faults.corrections), delayDays: faults.delayDays, spiked: new Set() };
    for (const [i, v] of faults.sent) if (v !== values[i] && !st.plan.corrections.has(i)) st.plan.spiked.add(i);
    return st.plan;
  };
  const corrections = []; // { tick, k, day, list: [[i, v]] }
  let stopping = false;
  let wake;
  const stop = () => {
    stopping = true;
    if (wake) wake();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let simNow = fromMs;
  let tick = 0;
  const sendCorrections = async (all) => {
    const messages = [];
    for (let j = corrections.length - 1; j >= 0; j--) {
      const c = corrections[j];
      if (all || c.tick <= tick) {
        corrections.splice(j, 1);
        stats.correctionMessages++;
        messages.push(message('correction', lib.correctionMessageData(serials[c.k], opts.headend, c.day, c.list)));
      }
    }
    for (let i = 0; i < messages.length; i += opts.batch) await s.send(messages.slice(i, i + opts.batch));
  };
  while (!stopping) {
    tick++;
    simNow = Math.min(simNow + opts.step * 1000, Date.now());
    const end = Math.floor(simNow / QUARTER_MS) * QUARTER_MS;
    const messages = [];
    for (const st of state) {
      if (st.next >= end) continue;
      const readings = [];
      const fixes = new Map();
      for (let t = st.next; t < end; t += QUARTER_MS) {
        const day = lib.dayOf(t);
        const i = Math.round((t - lib.dayMs(day)) / QUARTER_MS);
        const plan = dayPlan(st, day);
        st.wh += plan.values[i];
        if (plan.sent[i] === undefined) {
          stats.gaps++;
          continue;
        }
        readings.push([lib.isoSeconds(t), plan.sent[i]]);
        if (plan.corrections.has(i)) {
          stats.late++;
          if (!fixes.has(day)) fixes.set(day, { list: [], delay: plan.delayDays });
          fixes.get(day).list.push([i, plan.corrections.get(i)]);
        } else if (plan.spiked.has(i)) stats.spikes++;
      }
      st.next = end;
      for (const [day, f] of fixes) corrections.push({ tick: tick + 4 * f.delay, k: st.k, day, list: f.list });
      stats.dayMessages++;
      messages.push(message('window', lib.meterReadingsData(serials[st.k], opts.headend, readings, { readAt: lib.isoSeconds(end), wh: st.wh })));
    }
    for (let i = 0; i < messages.length; i += opts.batch) await s.send(messages.slice(i, i + opts.batch));
    await sendCorrections(false);
    await s.drain();
    say(
      `tick ${tick}: ${messages.length} messages up to ${lib.isoSeconds(end)} (${stats.messages.toLocaleString('en-US')} messages, ${stats.readings.toLocaleString('en-US')} readings in all)`,
    );
    if (opts.ticks && tick >= opts.ticks) break;
    if (!stopping) await new Promise((resolve) => ((wake = resolve), setTimeout(resolve, opts.every * 1000)));
  }
  // What was still to be corrected goes now.
  await sendCorrections(true);
  await s.drain();
  return { seconds: (Date.now() - started) / 1000, ticks: tick };
}

async function register() {
  const token = args.token ?? process.env.UTILIA_TOKEN ?? (await localToken({ subject: 'headend-sim', roles: ['admin'] }).catch((e) => fail(e.message)));
  const installedAt = new Date(fromMs - lib.DAY_MS).toISOString();
  const url = opts.register.replace(/\/+$/, '');
  say(`registering ${serials.length} meters with ${url}, installed at ${installedAt}`);
  const r = await lib.provisionMeters({ baseUrl: url, token, serials, installedAt, newId: () => contracts.uuidv7(), concurrency: 8 });
  say(`registered ${r.registered} meters (${r.existing} were already registered)`);
  return { registered: r.registered, alreadyRegistered: r.existing };
}

const registration = opts.register ? await register() : undefined;
const out = opts.out ? createWriteStream(opts.out) : undefined;
const kafka = await connect();
let result;
try {
  result = continuous ? await live(kafka, out) : await batch(kafka, out);
} finally {
  await kafka.close();
  if (out) await new Promise((resolve) => out.end(resolve));
}
const summary = {
  mode: continuous ? 'continuous' : 'batch',
  topic: opts.topic,
  brokers: opts.dryRun ? undefined : opts.brokers.join(','),
  dryRun: opts.dryRun || undefined,
  headend: opts.headend,
  seed: opts.seed,
  meters: opts.meters,
  firstSerial: serials[0],
  lastSerial: serials[serials.length - 1],
  from: continuous ? new Date(fromMs).toISOString() : fromDay,
  days: continuous ? undefined : opts.days,
  intervalMinutes: continuous ? 15 : opts.interval,
  ticks: result.ticks,
  registration,
  messages: stats.messages,
  dayMessages: continuous ? undefined : stats.dayMessages,
  windowMessages: continuous ? stats.dayMessages : undefined,
  correctionMessages: stats.correctionMessages,
  readings: stats.readings,
  registerReads: stats.registerReads,
  firstStart: stats.firstStart,
  lastStart: stats.lastStart,
  injected: { gaps: stats.gaps, spikes: stats.spikes, late: stats.late },
  bytes: stats.bytes,
  seconds: Math.round(result.seconds * 1000) / 1000,
  messagesPerSecond: Math.round(stats.messages / Math.max(result.seconds, 0.001)),
  readingsPerSecond: Math.round(stats.readings / Math.max(result.seconds, 0.001)),
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
