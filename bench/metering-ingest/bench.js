#!/usr/bin/env node
// The metering ingestion benchmark: head-end readings on `meter.readings` -> the metering service
// (apps/metering/dist/main.js, a child process) -> reading_day rows, against the raw ceilings of
// the same messages measured in the same run (a plain kafkajs consumer; PostgreSQL COPY and a
// bulk INSERT of the same rows). Not run in CI. Build first: npx nx run-many -t build. See README.md.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const say = (msg) => process.stderr.write(`bench: ${msg}\n`);

// ------------------------------------------------------------------ what must be built first

/** The service's entry point: the built metering app (BENCH_SERVICE_MAIN names another build). */
const SERVICE_MAIN = process.env.BENCH_SERVICE_MAIN ? path.resolve(process.env.BENCH_SERVICE_MAIN) : path.join(root, 'apps/metering/dist/main.js');

function checkBuilt() {
  const missing = [];
  if (!fs.existsSync(SERVICE_MAIN)) missing.push(path.relative(root, SERVICE_MAIN));
  for (const lib of fs.readdirSync(path.join(root, 'libs'))) {
    if (!fs.existsSync(path.join(root, 'libs', lib, 'package.json'))) continue;
    if (!fs.existsSync(path.join(root, 'libs', lib, 'dist', 'index.js'))) missing.push(`libs/${lib}/dist`);
  }
  if (missing.length) {
    say(`${missing.join(', ')} missing: run \`npx nx run-many -t build\` first`);
    process.exit(1);
  }
}
checkBuilt();

const { Client, Pool } = require('pg');
const { Partitioners } = require('kafkajs');
const contracts = require('@utilia/contracts');
const { ensureTopics, signToken, readAuthConfig } = require('@utilia/platform');
const lib = require('../../tools/headend-sim/lib.js');
const profileSummary = require('../lib/profile.js');
const { machine, processTicks } = require('../lib/cpu.js');
const { withClient: pgWithClient } = require('../lib/pg.js');
const { kafkaClient } = require('../lib/kafka.js');
const { newestProfile, startService: startBuiltService, tail } = require('../lib/service.js');

// ------------------------------------------------------------------ knobs

const int = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    say(`${name} must be a positive number, not "${raw}"`);
    process.exit(2);
  }
  return n;
};
const METERS = Math.round(int('BENCH_METERS', 2000));
const DAYS = Math.round(int('BENCH_DAYS', 30));
const LATENCY_RATE = int('BENCH_LATENCY_RATE', 50_000); // readings/s
const LATENCY_SECONDS = int('BENCH_LATENCY_SECONDS', 20);
const BATCH = Math.round(int('BENCH_BATCH', 500));
const TIMEOUT_S = int('BENCH_TIMEOUT', 900);
const POLL_MS = int('BENCH_POLL_MS', 250);
const LATENCY_POLL_MS = int('BENCH_LATENCY_POLL_MS', 100);
const REGISTER_CONCURRENCY = Math.round(int('BENCH_REGISTER_CONCURRENCY', 16));
const PROFILE = Boolean(process.env.BENCH_PROFILE);
const SKIP_RAW = Boolean(process.env.BENCH_SKIP_RAW);
const SKIP_LATENCY = Boolean(process.env.BENCH_SKIP_LATENCY);

const PORT = 3912;
const HOST = '127.0.0.1';
const DB = 'utilia_bench_metering';
const SERVER_URL = 'postgres://postgres@127.0.0.1:5432';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const TOPIC = contracts.Topics.meterReadings;
/** The service's consumer group of `meter.readings` (apps/metering/src/readings/headend.handler.ts). */
const SERVICE_GROUP = process.env.BENCH_SERVICE_GROUP ?? 'metering.readings';
const PER_DAY = lib.INTERVALS_PER_DAY;
const AIMS = { readingsPerSecond: 200_000, p99Ms: 5000, rssMb: 512 };

const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const PREFIX = `B${runId}`;
const HEADEND = 'bench';
const SEED = runId;
const tmp = path.join(os.tmpdir(), `utilia-bench-metering-${runId}`);
fs.mkdirSync(tmp, { recursive: true });
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR ? path.resolve(process.env.BENCH_PROFILE_DIR) : path.join(tmp, 'profile');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const round = (n, digits = 0) => (n === undefined || n === null || Number.isNaN(n) ? null : Math.round(n * 10 ** digits) / 10 ** digits);
const quantile = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : null);

const kafka = kafkaClient({ clientId: `bench-metering-${runId}`, brokers: BROKERS, say });

// ------------------------------------------------------------------ the dates of the run

const DAY_MS = lib.DAY_MS;
const today = lib.dayOf(Date.now());
const latencyMessages = SKIP_LATENCY ? 0 : Math.round((LATENCY_RATE * LATENCY_SECONDS) / PER_DAY);
const latencyDays = Math.ceil(latencyMessages / METERS);
/** Throughput days, then latency days, ending the day before yesterday (no reading in the future). */
const firstDay = lib.addDays(today, -(DAYS + latencyDays + 2));
const warmupDay = lib.addDays(firstDay, -1);
const installedAt = new Date(lib.dayMs(warmupDay)).toISOString();
const WARMUP_METERS = 6; // one per partition of meter.readings

const serials = Array.from({ length: METERS }, (_, k) => lib.serialOf(PREFIX, k + 1));
const warmupSerials = Array.from({ length: WARMUP_METERS }, (_, k) => lib.serialOf(`${PREFIX}W`, k + 1));

// ------------------------------------------------------------------ database

const withClient = (database, fn) => pgWithClient(`${SERVER_URL}/${database}`, fn, 'bench metering');

async function recreateDatabase() {
  await withClient('postgres', async (c) => {
    await c.query(`drop database if exists ${DB} with (force)`);
    await c.query(`create database ${DB}`);
  });
}

// ------------------------------------------------------------------ the service

/** The service: its log until it starts, then the handle of bench/lib/service.js. */
let service = { log: path.join(tmp, 'metering.log') };

async function startService() {
  const log = service.log;
  service = await startBuiltService({
    name: 'metering',
    main: SERVICE_MAIN,
    port: PORT,
    host: HOST,
    env: { DATABASE_URL: `${SERVER_URL}/postgres`, DATABASE_NAME: DB, KAFKA_BROKERS: BROKERS.join(','), LOG_LEVEL: 'warn' },
    log,
    profileDir: PROFILE ? PROFILE_DIR : undefined,
    onExit: (code, signal) => {
      say(`the metering service exited (code ${code}, signal ${signal}); its log: ${log}`);
      say(tail(log));
      process.exit(1);
    },
  });
  return service.readySeconds;
}

async function stopService() {
  const exit = await service.stop();
  service.rss.hwm = exit.hwmKb;
  return { code: exit.code, signal: exit.signal, seconds: exit.seconds, killedAfter20s: exit.killed };
}

// ------------------------------------------------------------------ meters

async function registerMeters() {
  const token = await signToken({ subject: 'bench', roles: ['admin'], accounts: [] }, readAuthConfig({}), { ttlSeconds: 3600 });
  const started = Date.now();
  let last = Date.now();
  const all = [...warmupSerials, ...serials];
  const r = await lib.provisionMeters({
    baseUrl: `http://${HOST}:${PORT}`,
    token,
    serials: all,
    installedAt,
    newId: () => contracts.uuidv7(),
    concurrency: REGISTER_CONCURRENCY,
    onProgress: (done, total) => {
      if (Date.now() - last > 5000) {
        last = Date.now();
        say(`registered ${fmt(done)}/${fmt(total)} meters`);
      }
    },
  });
  if (r.registered !== all.length) throw new Error(`registered ${r.registered} meters, not ${all.length}`);
  // The readings' handler looks meters and installations up in read models: wait until they have them all.
  const ids = await withClient(DB, async (c) => {
    for (;;) {
      const { rows } = await c.query(
        `select (select count(*) from m_meter where serial like $1)::int as meters, (select count(*) from m_installation where serial like $1)::int as installed`,
        [`SIM-${PREFIX}%`],
      );
      if (rows[0].meters >= all.length && rows[0].installed >= all.length) break;
      if (Date.now() - started > 300_000)
        throw new Error(`after 300 s the read models have ${rows[0].meters} meters and ${rows[0].installed} installations of ${all.length}`);
      await sleep(250);
    }
    const { rows } = await c.query('select serial, id from m_meter where serial like $1', [`SIM-${PREFIX}%`]);
    return new Map(rows.map((x) => [x.serial, x.id]));
  });
  const seconds = (Date.now() - started) / 1000;
  return { ids, seconds, meters: all.length, requests: all.length * 2 };
}

// ------------------------------------------------------------------ messages

/** The registers (Wh) of the run's meters: each starts its register on the warm-up day. */
const traits = serials.map((s) => lib.meterTraits(SEED, s));
const registers = traits.map((t) => t.registerStartWh);

/** A clean day of a meter (no gap, spike or correction: every reading counts once) as a Kafka message. */
function dayMessage(k, day) {
  const values = lib.dayValues(SEED, traits[k], day);
  registers[k] += lib.sum(values);
  const data = lib.dayMessageData(
    serials[k],
    HEADEND,
    day,
    values.map((v, i) => [i, v]),
    registers[k],
  );
  return lib.toKafka(data, { contracts, headend: HEADEND });
}

/** Messages of `days` days from `from`, day by day, every meter's day (as a head-end publishes). */
function buildMessages(from, days, limit = Infinity) {
  const out = [];
  for (let d = 0; d < days && out.length < limit; d++) {
    const day = lib.addDays(from, d);
    for (let k = 0; k < METERS && out.length < limit; k++) {
      const m = dayMessage(k, day);
      m.day = day;
      m.k = k;
      out.push(m);
    }
  }
  return out;
}

/** A head-end's producer, as the simulator's: idempotent (one request in flight), the Java client's partitioner. */
async function producer() {
  const p = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await p.connect();
  return p;
}

const strip = (m) => ({ key: m.key, value: m.value, headers: m.headers });

async function topicEnds(admin) {
  const offsets = await admin.fetchTopicOffsets(TOPIC);
  return new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
}

async function groupLag(admin) {
  try {
    const [ends, [group]] = await Promise.all([topicEnds(admin), admin.fetchOffsets({ groupId: SERVICE_GROUP, topics: [TOPIC] })]);
    let lag = 0n;
    for (const p of group.partitions) {
      const end = ends.get(p.partition) ?? 0n;
      const at = BigInt(p.offset) < 0n ? 0n : BigInt(p.offset);
      lag += end > at ? end - at : 0n;
    }
    return Number(lag);
  } catch {
    return undefined;
  }
}

/**
 * One message per partition, for warm-up meters, then wait until their days are stored: the
 * service's consumer has joined, has every partition, and has worked through whatever earlier
 * runs left on the topic before them (their unknown meters are dead-lettered).
 */
async function warmUp(admin, prod, ids) {
  const started = Date.now();
  const messages = warmupSerials.map((serial, p) => {
    const t = lib.meterTraits(SEED, serial);
    const values = lib.dayValues(SEED, t, warmupDay);
    const data = lib.dayMessageData(
      serial,
      HEADEND,
      warmupDay,
      values.map((v, i) => [i, v]),
      t.registerStartWh + lib.sum(values),
    );
    return { ...lib.toKafka(data, { contracts, headend: HEADEND, validate: true }), partition: p };
  });
  await prod.send({ topic: TOPIC, messages, acks: -1 });
  const meterIds = warmupSerials.map((s) => ids.get(s));
  let last = 0;
  await withClient(DB, async (c) => {
    for (;;) {
      const { rows } = await c.query('select count(*)::int as n from reading_day where meter_id = any($1::uuid[])', [meterIds]);
      if (rows[0].n >= WARMUP_METERS) break;
      if (Date.now() - last > 5000) {
        last = Date.now();
        const lag = await groupLag(admin);
        say(
          `waiting for the service's consumer (${rows[0].n}/${WARMUP_METERS} warm-up days stored${lag === undefined ? '' : `, group ${SERVICE_GROUP} lag ${fmt(lag)} messages`})`,
        );
      }
      if (Date.now() - started > TIMEOUT_S * 1000) throw new Error(`the warm-up readings were not stored after ${TIMEOUT_S} s: see ${service.log}`);
      await sleep(200);
    }
  });
  return (Date.now() - started) / 1000;
}

// ------------------------------------------------------------------ phases

/**
 * How the throughput phase notices that everything is stored. `offsets` (default): every POLL_MS
 * the service group's committed offsets (a cheap request to the broker: the service commits after
 * each chunk's transaction), and from the moment they cover every message published, the sum of
 * reading_day's readings every POLL_MS until it is all there. `db`: that sum every POLL_MS from the
 * start. The sum is a sequential scan of the whole table (reading_day has no index it could use):
 * ~45 ms at 20,000 rows, ~130 ms at 60,000, 4 times a second, on a 2-core machine shared with the
 * service (README.md).
 */
const POLL = process.env.BENCH_POLL === 'db' ? 'db' : 'offsets';

async function committed(admin) {
  const [group] = await admin.fetchOffsets({ groupId: SERVICE_GROUP, topics: [TOPIC] });
  return new Map(group.partitions.map((p) => [p.partition, BigInt(p.offset)]));
}

async function throughput(admin, prod, messages) {
  const expected = messages.length * PER_DAY;
  const before = await topicEnds(admin);
  const db = new Client({ connectionString: `${SERVER_URL}/${DB}`, application_name: 'bench metering poll' });
  await db.connect();
  let dbPolls = 0;
  let dbMs = 0;
  const stored = async () => {
    const q0 = Date.now();
    const n = Number((await db.query('select coalesce(sum(cardinality(vals)), 0)::bigint as n from reading_day')).rows[0].n);
    dbMs += Date.now() - q0;
    dbPolls++;
    return n;
  };
  const baseline = await stored();
  dbPolls = 0;
  dbMs = 0;
  service.phase = 'throughput';
  const profileFrom = nowUs();
  const t0 = Date.now();
  // Publish: batches of BATCH, one sendBatch in flight (the idempotent producer's one request).
  let after;
  const publishing = (async () => {
    for (let i = 0; i < messages.length; i += BATCH) {
      await prod.sendBatch({ topicMessages: [{ topic: TOPIC, messages: messages.slice(i, i + BATCH).map(strip) }], acks: -1 });
    }
    const at = Date.now();
    after = await topicEnds(admin);
    return at;
  })();
  let publishedAt;
  publishing.then((t) => (publishedAt = t));
  // Poll what is stored; give up when nothing more is stored for a minute after the last publish.
  let progressAt = Date.now();
  let lastSay = Date.now();
  let done;
  let n = 0;
  let estimate = 0;
  let caughtUp = false;
  for (;;) {
    await sleep(POLL_MS);
    if (POLL === 'offsets' && !caughtUp) {
      const at = await committed(admin);
      let consumed = 0n;
      for (const [p, from] of before) consumed += (at.get(p) ?? from) > from ? at.get(p) - from : 0n;
      if (Number(consumed) * PER_DAY > estimate) progressAt = Date.now();
      estimate = Number(consumed) * PER_DAY;
      caughtUp = Boolean(after) && [...after].every(([p, end]) => (at.get(p) ?? 0n) >= end);
    }
    if (POLL === 'db' || caughtUp) {
      const now = (await stored()) - baseline;
      if (now > n) progressAt = Date.now();
      n = now;
      estimate = Math.max(estimate, n);
      if (n >= expected) {
        done = Date.now();
        break;
      }
    }
    if (Date.now() - lastSay > 5000) {
      lastSay = Date.now();
      const s = (Date.now() - t0) / 1000;
      say(
        `throughput: ${fmt(estimate)}/${fmt(expected)} readings stored after ${s.toFixed(1)} s (${fmt(estimate / s)}/s)${publishedAt ? '' : ', still publishing'}`,
      );
    }
    if (Date.now() - t0 > TIMEOUT_S * 1000 || (publishedAt && Date.now() - Math.max(progressAt, publishedAt) > 60_000)) {
      say(
        `throughput: gave up after ${((Date.now() - t0) / 1000).toFixed(0)} s with ${fmt(n || estimate)} of ${fmt(expected)} readings stored (see ${service.log})`,
      );
      break;
    }
  }
  publishedAt = await publishing;
  const profileTo = nowUs();
  await db.end();
  const seconds = ((done ?? Date.now()) - t0) / 1000;
  return {
    messages: messages.length,
    readings: expected,
    stored: n,
    complete: done !== undefined,
    publishSeconds: round((publishedAt - t0) / 1000, 2),
    publishMessagesPerSecond: round(messages.length / ((publishedAt - t0) / 1000)),
    seconds: round(seconds, 2),
    readingsPerSecond: round(n / seconds),
    messagesPerSecond: round(n / PER_DAY / seconds),
    poll: POLL,
    dbPolls,
    dbPollMsAvg: round(dbMs / Math.max(dbPolls, 1), 1),
    offsets: { before, after },
    profileWindowUs: { from: profileFrom, to: profileTo },
  };
}

async function latency(prod, messages, ids) {
  const total = messages.length;
  const messagesPerSecond = LATENCY_RATE / PER_DAY;
  const db = new Client({ connectionString: `${SERVER_URL}/${DB}`, application_name: 'bench metering latency poll' });
  await db.connect();
  service.phase = 'latency';
  const publishedAt = new Array(total);
  const seenAt = new Array(total);
  /** Published and not seen yet: `meterId|day` -> message index. */
  const pending = new Map();
  let sent = 0;
  let seen = 0;
  const t0 = Date.now();
  const publishing = (async () => {
    while (sent < total) {
      const due = Math.min(total, Math.floor(((Date.now() - t0) / 1000) * messagesPerSecond) + 1);
      if (due > sent) {
        const batch = messages.slice(sent, due);
        const at = Date.now();
        for (let i = sent; i < due; i++) {
          publishedAt[i] = at;
          pending.set(`${ids.get(serials[messages[i].k])}|${messages[i].day}`, i);
        }
        sent = due;
        await prod.send({ topic: TOPIC, messages: batch.map(strip), acks: -1 });
      } else await sleep(Math.max(1, Math.min(10, t0 + ((sent + 1) / messagesPerSecond) * 1000 - Date.now())));
    }
    return Date.now();
  })();
  let publishEnd;
  publishing.then((t) => (publishEnd = t));
  let lastSay = Date.now();
  let progressAt = Date.now();
  // Poll the days published and not seen yet, by primary key (reading_day has no index on updated_at).
  while (seen < total) {
    await sleep(LATENCY_POLL_MS);
    if (pending.size === 0) continue;
    const keys = [...pending.keys()];
    const { rows } = await db.query(
      `select d.meter_id::text as meter_id, d.day::text as day from reading_day d
       join unnest($1::uuid[], $2::date[]) as k(meter_id, day) on d.meter_id = k.meter_id and d.day = k.day`,
      [keys.map((k) => k.slice(0, 36)), keys.map((k) => k.slice(37))],
    );
    const at = Date.now();
    for (const r of rows) {
      const key = `${r.meter_id}|${r.day}`;
      const i = pending.get(key);
      if (i === undefined) continue;
      pending.delete(key);
      seenAt[i] = at;
      seen++;
      progressAt = at;
    }
    if (Date.now() - lastSay > 5000) {
      lastSay = Date.now();
      say(`latency: ${fmt(sent)}/${fmt(total)} messages published, ${fmt(seen)} stored`);
    }
    if (Date.now() - t0 > (LATENCY_SECONDS + TIMEOUT_S) * 1000 || (publishEnd && Date.now() - Math.max(progressAt, publishEnd) > 60_000)) {
      say(`latency: gave up with ${fmt(seen)} of ${fmt(total)} stored`);
      break;
    }
  }
  publishEnd = await publishing;
  await db.end();
  const lat = [];
  for (let i = 0; i < total; i++) if (seenAt[i] !== undefined) lat.push(seenAt[i] - publishedAt[i]);
  lat.sort((a, b) => a - b);
  const publishSeconds = (publishEnd - t0) / 1000;
  return {
    targetReadingsPerSecond: LATENCY_RATE,
    targetMessagesPerSecond: round(messagesPerSecond, 1),
    messages: total,
    readings: total * PER_DAY,
    publishSeconds: round(publishSeconds, 2),
    achievedReadingsPerSecond: round((total * PER_DAY) / publishSeconds),
    stored: seen,
    p50Ms: quantile(lat, 0.5),
    p99Ms: quantile(lat, 0.99),
    maxMs: lat.length ? lat[lat.length - 1] : null,
    pollMs: LATENCY_POLL_MS,
  };
}

/** (a) A plain kafkajs consumer (its own group) reading and JSON.parse-ing the throughput phase's messages. */
async function rawConsumer(offsets) {
  const ranges = [...offsets.before].map(([p, from]) => ({ partition: p, from, to: offsets.after.get(p) })).filter((r) => r.to > r.from);
  const consumer = kafka.consumer({ groupId: `bench-metering-raw-${runId}` });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: false });
  let messages = 0;
  let readings = 0;
  let first;
  let last;
  const remaining = new Set(ranges.map((r) => r.partition));
  const byPartition = new Map(ranges.map((r) => [r.partition, r]));
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  await consumer.run({
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      const r = byPartition.get(batch.partition);
      if (!r) return;
      first ??= Date.now();
      for (const m of batch.messages) {
        const offset = BigInt(m.offset);
        if (offset < r.from || offset >= r.to) continue;
        const event = JSON.parse(m.value.toString('utf8'));
        if (event.subject.startsWith(`SIM-${PREFIX}-`)) {
          for (const block of event.data.intervalBlocks) readings += block.readings.length;
          messages++;
        }
        resolveOffset(m.offset);
        if (offset === r.to - 1n) {
          remaining.delete(batch.partition);
          last = Date.now();
          if (remaining.size === 0) finish();
        }
      }
      await heartbeat();
    },
  });
  for (const r of ranges) consumer.seek({ topic: TOPIC, partition: r.partition, offset: String(r.from) });
  const timeout = setTimeout(finish, TIMEOUT_S * 1000);
  await finished;
  clearTimeout(timeout);
  await consumer.disconnect();
  const seconds = ((last ?? Date.now()) - first) / 1000;
  return { messages, readings, seconds: round(seconds, 2), messagesPerSecond: round(messages / seconds), readingsPerSecond: round(readings / seconds) };
}

/**
 * The throughput phase's rows as the service stored them (every column of reading_day, whatever
 * the service's schema is by now): the rows the raw ceilings write again.
 */
function runRowsQuery(columns) {
  const lastDay = lib.addDays(firstDay, DAYS - 1);
  return `select ${columns} from reading_day where meter_id in (select id from m_meter where serial like 'SIM-${PREFIX}-%') and day between '${firstDay}' and '${lastDay}'`;
}

const hasPsql = () => spawnSync('psql', ['--version'], { encoding: 'utf8' }).status === 0;

function psql(command) {
  const r = spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', DB, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', command], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql ${command.slice(0, 80)}... failed: ${r.stderr}`);
  return r;
}

/** (b) PostgreSQL COPY of the same rows into a scratch table shaped as reading_day (psql's \copy, i.e. COPY ... FROM STDIN, from a CSV file). */
async function copyCeiling() {
  if (!hasPsql()) return { skipped: 'psql is not installed' };
  const file = path.join(tmp, 'reading_day.csv');
  psql(`\\copy (${runRowsQuery('*')}) to '${file}' with (format csv)`);
  const bytes = fs.statSync(file).size;
  await withClient(DB, (c) => c.query('drop table if exists bench_copy; create table bench_copy (like reading_day including all)'));
  const t0 = Date.now();
  psql(`\\copy bench_copy from '${file}' with (format csv)`);
  const seconds = (Date.now() - t0) / 1000;
  fs.rmSync(file, { force: true });
  const { n, readings } = await withClient(DB, async (c) => {
    const { rows } = await c.query('select count(*)::int as n, coalesce(sum(cardinality(vals)), 0)::bigint as readings from bench_copy');
    await c.query('drop table bench_copy');
    return { n: rows[0].n, readings: Number(rows[0].readings) };
  });
  return {
    method: 'psql \\copy (COPY ... FROM STDIN) of a CSV file, into a table like reading_day (its primary key too)',
    rows: n,
    readings,
    csvMb: round(bytes / 1e6, 1),
    seconds: round(seconds, 2),
    readingsPerSecond: round(readings / seconds),
  };
}

/**
 * (b') The same rows as multi-row INSERT ... SELECT FROM unnest(...) of 1000 rows a statement, one
 * connection, every column sent as text and cast (the statement shape the service's store uses).
 */
async function insertCeiling() {
  const pool = new Pool({ connectionString: `${SERVER_URL}/${DB}`, max: 1, application_name: 'bench metering insert' });
  const cols = (
    await pool.query(
      `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type from pg_attribute a
       where a.attrelid = 'reading_day'::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`,
    )
  ).rows;
  const { rows } = await pool.query({ text: runRowsQuery(cols.map((c) => `${c.name}::text`).join(', ')), rowMode: 'array' });
  await pool.query('drop table if exists bench_insert; create table bench_insert (like reading_day including all)');
  const sql = `insert into bench_insert (${cols.map((c) => c.name).join(', ')})
    select ${cols.map((c, i) => `t.c${i}::${c.type}`).join(', ')}
    from unnest(${cols.map((_, i) => `$${i + 1}::text[]`).join(', ')}) as t(${cols.map((_, i) => `c${i}`).join(', ')})`;
  const params = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const b = rows.slice(i, i + 1000);
    params.push(cols.map((_, j) => b.map((r) => r[j])));
  }
  const t0 = Date.now();
  for (const p of params) await pool.query(sql, p);
  const seconds = (Date.now() - t0) / 1000;
  const readings = Number((await pool.query('select coalesce(sum(cardinality(vals)), 0)::bigint as n from bench_insert')).rows[0].n);
  await pool.query('drop table bench_insert');
  await pool.end();
  return {
    method: 'INSERT ... SELECT FROM unnest($1::text[], ...) casting each column, 1000 rows a statement, one connection',
    rows: rows.length,
    readings,
    seconds: round(seconds, 2),
    readingsPerSecond: round(readings / seconds),
  };
}

// ------------------------------------------------------------------ the run

/** What the machine and the service did between two readings: busy share of all cores, stolen share, the service's cores. */
function cpuBetween(m0, p0, m1, p1) {
  const total = Math.max(1, m1.total - m0.total);
  const cores = os.cpus().length;
  return {
    machineBusy: round((m1.busy - m0.busy) / total, 3),
    stolen: round((m1.steal - m0.steal) / total, 3),
    serviceCores: round(((p1 - p0) / total) * cores, 2),
  };
}

async function main() {
  const date = new Date().toISOString();
  say(
    `run ${runId}: ${fmt(METERS)} meters x ${DAYS} days = ${fmt(METERS * DAYS * PER_DAY)} readings (days ${firstDay} to ${lib.addDays(firstDay, DAYS - 1)}), then ${fmt(LATENCY_RATE)} readings/s for ${LATENCY_SECONDS} s; scratch: ${tmp}`,
  );
  await recreateDatabase();
  // The topics as `npm start` and `npm test` create them (meter.readings with its 6 partitions).
  const setup = kafka.admin();
  await setup.connect();
  await ensureTopics(setup, contracts.TopicPlan);
  await setup.disconnect();
  const startSeconds = await startService();
  say(
    `metering service ready in ${startSeconds.toFixed(1)} s (pid ${service.child.pid}, log ${service.log}${PROFILE ? `, profiling into ${PROFILE_DIR}` : ''})`,
  );
  service.phase = 'registration';
  const reg = await registerMeters();
  say(`registration: ${fmt(reg.meters)} meters registered and installed in ${reg.seconds.toFixed(1)} s (${fmt(reg.requests / reg.seconds)} requests/s)`);

  const admin = kafka.admin();
  await admin.connect();
  const prod = await producer();
  service.phase = 'warm-up';
  const warm = await warmUp(admin, prod, reg.ids);
  say(`warm-up: the service's consumer stored the warm-up days in ${warm.toFixed(1)} s`);

  const g0 = Date.now();
  const tpMessages = buildMessages(firstDay, DAYS);
  const latMessages = SKIP_LATENCY ? [] : buildMessages(lib.addDays(firstDay, DAYS), latencyDays, latencyMessages);
  say(
    `built ${fmt(tpMessages.length + latMessages.length)} messages in ${((Date.now() - g0) / 1000).toFixed(1)} s (${fmt(tpMessages.reduce((s, m) => s + m.value.length, 0) / tpMessages.length)} bytes each)`,
  );

  const m0 = machine();
  const p0 = processTicks(service.child.pid);
  const tp = await throughput(admin, prod, tpMessages);
  tp.cpu = cpuBetween(m0, p0, machine(), processTicks(service.child.pid));
  say(
    `throughput: ${fmt(tp.readings)} readings (${fmt(tp.messages)} messages) stored in ${tp.seconds} s = ${fmt(tp.readingsPerSecond)} readings/s (published in ${tp.publishSeconds} s, ${fmt(tp.publishMessagesPerSecond)} messages/s; polling ${tp.poll}, ${tp.dbPolls} sums of reading_day of ${tp.dbPollMsAvg} ms; machine ${Math.round(tp.cpu.machineBusy * 100)} % busy, ${Math.round(tp.cpu.stolen * 100)} % stolen, the service ${tp.cpu.serviceCores} cores)${tp.complete ? '' : ' INCOMPLETE'}`,
  );
  tpMessages.length = 0;

  let lat;
  if (!SKIP_LATENCY) {
    const lm0 = machine();
    const lp0 = processTicks(service.child.pid);
    lat = await latency(prod, latMessages, reg.ids);
    lat.cpu = cpuBetween(lm0, lp0, machine(), processTicks(service.child.pid));
    say(
      `latency: ${fmt(lat.messages)} messages at ${fmt(lat.achievedReadingsPerSecond)} readings/s, publish -> stored p50 ${lat.p50Ms} ms, p99 ${lat.p99Ms} ms, max ${lat.maxMs} ms (${fmt(lat.stored)} stored; machine ${Math.round(lat.cpu.machineBusy * 100)} % busy, the service ${lat.cpu.serviceCores} cores)`,
    );
  }
  await prod.disconnect();
  await admin.disconnect();
  service.phase = 'idle';
  const exit = await stopService();
  say(`the metering service stopped in ${exit.seconds} s (${exit.signal ?? `code ${exit.code}`}${exit.killedAfter20s ? ', killed after 20 s' : ''})`);
  const rssMb = round(service.rss.maxKb / 1024, 1);
  say(`memory: metering service resident memory max ${rssMb} MB sampled every second (VmHWM ${round((service.rss.hwm ?? 0) / 1024, 1)} MB)`);

  let raw;
  let copy;
  let insert;
  if (!SKIP_RAW) {
    raw = await rawConsumer(tp.offsets);
    say(
      `raw consumer: ${fmt(raw.messages)} messages, ${fmt(raw.readings)} readings JSON.parse-d in ${raw.seconds} s = ${fmt(raw.messagesPerSecond)} messages/s, ${fmt(raw.readingsPerSecond)} readings/s`,
    );
    copy = await copyCeiling();
    say(
      copy.skipped
        ? `copy: skipped (${copy.skipped})`
        : `copy: ${fmt(copy.rows)} rows (${fmt(copy.readings)} readings) in ${copy.seconds} s = ${fmt(copy.readingsPerSecond)} readings/s`,
    );
    insert = await insertCeiling();
    say(`bulk insert: ${fmt(insert.rows)} rows in ${insert.seconds} s = ${fmt(insert.readingsPerSecond)} readings/s`);
  }

  let profile;
  if (PROFILE) {
    const newest = newestProfile(PROFILE_DIR);
    if (newest) {
      profile = profileSummary.summarize(newest, { top: 20, from: tp.profileWindowUs.from, to: tp.profileWindowUs.to });
      say(`profile of the throughput phase:\n${profileSummary.format(profile)}`);
    } else say(`no CPU profile in ${PROFILE_DIR} (the service exited with ${JSON.stringify(exit)})`);
  }

  const ratio = (a, b) => (a && b ? round(a / b, 3) : null);
  const p99 = lat?.p99Ms ?? null;
  const summary = {
    date,
    runId,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, memoryGb: round(os.totalmem() / 2 ** 30, 1) },
    meters: METERS,
    days: DAYS,
    readingsPerMessage: PER_DAY,
    serviceStartSeconds: round(startSeconds, 1),
    serviceStop: exit,
    registration: { meters: reg.meters, seconds: round(reg.seconds, 1), requestsPerSecond: round(reg.requests / reg.seconds) },
    warmUpSeconds: round(warm, 1),
    throughput: { ...tp, offsets: undefined },
    latency: lat,
    memory: {
      maxRssMb: rssMb,
      vmHwmMb: round((service.rss.hwm ?? 0) / 1024, 1),
      maxRssMbByPhase: Object.fromEntries(Object.entries(service.rss.byPhase).map(([k, v]) => [k, round(v / 1024, 1)])),
    },
    ceilings: { rawConsumer: raw, copy, bulkInsert: insert },
    ratios: {
      throughputToRawConsumer: ratio(tp.readingsPerSecond, raw?.readingsPerSecond),
      throughputToCopy: ratio(tp.readingsPerSecond, copy?.readingsPerSecond),
      throughputToBulkInsert: ratio(tp.readingsPerSecond, insert?.readingsPerSecond),
    },
    aims: {
      throughput: {
        aim: `>= ${fmt(AIMS.readingsPerSecond)} readings/s`,
        value: tp.readingsPerSecond,
        met: tp.complete && tp.readingsPerSecond >= AIMS.readingsPerSecond,
      },
      latencyP99: {
        aim: `p99 < ${AIMS.p99Ms} ms at ${fmt(LATENCY_RATE)} readings/s`,
        value: p99,
        met: lat ? lat.stored === lat.messages && p99 < AIMS.p99Ms : null,
      },
      memory: { aim: `resident memory < ${AIMS.rssMb} MB`, value: rssMb, met: rssMb < AIMS.rssMb },
    },
    profile: profile
      ? {
          file: profile.file,
          busyMs: profile.totalMs,
          idleMs: profile.idleMs,
          byPackage: profile.byPackage.slice(0, 10),
          byFile: profile.byFile.slice(0, 15),
          byFunction: profile.byFunction.slice(0, 20),
        }
      : undefined,
    serviceLog: service.log,
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  async (e) => {
    say(`failed: ${e.stack ?? e}`);
    if (service.child && service.child.exitCode === null) {
      service.stopping = true;
      service.child.kill('SIGKILL');
    }
    process.exit(1);
  },
);
