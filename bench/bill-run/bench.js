#!/usr/bin/env node
// The bill run benchmark: N residential time-of-use accounts with a month of hourly usage in the
// metering service, a cycle's bill run started through invoicing's API, timed until no bill awaits
// its usage (every bill issued or held), end to end and by stage, with the CPU of every process
// (metering, invoicing, their PostgreSQL backends, the Kafka broker) and the services' resident
// memory; in the same invocation, the raw ceilings: libs/rating's rate() pricing the same bills in
// this process, and a kafkajs request/answer round trip of the same sizes. Runs the built services
// (apps/<name>/dist/main.js) as child processes against a Kafka broker of its own. Not run in CI.
// See README.md.
const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const say = (msg) => process.stderr.write(`bench: ${msg}\n`);

for (const f of [
  'apps/metering/dist/main.js',
  'apps/invoicing/dist/main.js',
  'apps/rating/dist/seed/catalog.js',
  'libs/platform/dist/index.js',
  'libs/contracts/dist/index.js',
  'libs/rating/dist/index.js',
]) {
  if (!fs.existsSync(path.join(root, f))) {
    say(`${f} missing: run \`npx nx run-many -t build\` first`);
    process.exit(1);
  }
}

const { Client } = require('pg');
const { AssignerProtocol, ConfigResourceTypes, Partitioners } = require('kafkajs');
const contracts = require('@utilia/contracts');
const platform = require('@utilia/platform');
const rating = require('@utilia/rating');
const W = require('./world.js');
const { cpuTimeline, rssKb } = require('../lib/cpu.js');
const { startService, newestProfile, tail } = require('../lib/service.js');
const { withClient: pgWithClient } = require('../lib/pg.js');
const { kafkaClient } = require('../lib/kafka.js');
const profileSummary = require('../lib/profile.js');

// ------------------------------------------------------------------ options

const USAGE = `usage: node bench/bill-run/bench.js --accounts N [--runs K] [--profile] [--keep] [--reseed] [--cycle 01 --run-date 2026-12-01]
       node bench/bill-run/bench.js --clean      (drops every utilia_bench_billrun_* database: the cached seeds too)
  environment: BENCH_KAFKA_BROKERS (127.0.0.1:9292: a broker of its own), BENCH_DATABASE_SERVER (postgres://postgres@127.0.0.1:5432)`;

function parseArgs(argv) {
  const o = { accounts: undefined, runs: 3, profile: false, keep: false, reseed: false, clean: false, cycle: '01', runDate: '2026-12-01', ceilings: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    if (a === '--accounts') o.accounts = Number(value());
    else if (a === '--runs') o.runs = Number(value());
    else if (a === '--profile') o.profile = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '--reseed') o.reseed = true;
    else if (a === '--clean') o.clean = true;
    else if (a === '--cycle') o.cycle = value();
    else if (a === '--run-date') o.runDate = value();
    else if (a === '--no-ceilings') o.ceilings = false;
    else if (a === '--help' || a === '-h') {
      process.stderr.write(`${USAGE}\n`);
      process.exit(0);
    } else fail(`unknown option ${a}`);
  }
  if (!o.clean && !(Number.isInteger(o.accounts) && o.accounts > 0)) fail('--accounts N is required (a whole number above 0)');
  if (!(Number.isInteger(o.runs) && o.runs >= 0)) fail('--runs K is a whole number (0: the seed and the ceilings only)');
  return o;
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const opts = parseArgs(process.argv.slice(2));
const HOST = '127.0.0.1';
const PORTS = { metering: 3914, invoicing: 3915 };
const SERVER_URL = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const BROKERS = (process.env.BENCH_KAFKA_BROKERS ?? '127.0.0.1:9292').split(',');
const POLL_MS = 1000;
/** A run that moves no bill for this long has stalled (see the services' logs). */
const STALL_MS = 300_000;
const SEED = 'bill-run';
/**
 * The services' outbox relays publish up to 2,000 events in one request; 2,000 UsageProfileReady of
 * a month of hours (~3.9 kB each) make record batches of ~1.3 MB a partition, above Kafka's default
 * max.message.bytes (1 MB): the broker refuses them and metering's relay retries forever (README.md).
 * The bench raises the limit on its own broker's topics so that the run can be measured; 0 leaves
 * the broker's default.
 */
const TOPIC_MAX_MESSAGE_BYTES = Number(process.env.BENCH_TOPIC_MAX_MESSAGE_BYTES ?? 16 * 1024 * 1024);
/** The kafkajs round trip sends at least this many requests (a few hundred measure only its start). */
const KAFKA_CEILING_MIN = 20_000;
const AIM = { billsPerSecond: 278 };
const runDb = (svc) => `utilia_bench_billrun_${svc}`;
const seedDb = (svc) => `utilia_bench_billrun_seed${opts.accounts}_${svc}`;
const SERVICES = ['metering', 'invoicing'];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const round = (n, digits = 0) => (n === undefined || n === null || Number.isNaN(n) ? null : Math.round(n * 10 ** digits) / 10 ** digits);
const median = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  if (s.length === 0) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const tmp = path.join(os.tmpdir(), `utilia-bench-bill-run-${runId}`);
fs.mkdirSync(tmp, { recursive: true });

const kafka = kafkaClient({ clientId: `bench-bill-run-${runId}`, brokers: BROKERS, say });

// ------------------------------------------------------------------ PostgreSQL

const withClient = (database, fn) => pgWithClient(`${SERVER_URL}/${database}`, fn, 'bench bill-run');
const admin = (fn) => withClient('postgres', fn);

/** The cached seed of this N: its description (COMMENT ON DATABASE), or undefined when there is none (or an unfinished one). */
async function cachedSeed() {
  return admin(async (c) => {
    const { rows } = await c.query(`select d.datname, shobj_description(d.oid, 'pg_database') as note from pg_database d where d.datname = any($1::text[])`, [
      SERVICES.map(seedDb),
    ]);
    if (rows.length !== SERVICES.length) return undefined;
    const notes = rows.map((r) => {
      try {
        return JSON.parse(r.note ?? '');
      } catch {
        return undefined;
      }
    });
    return notes.every((n) => n && n.complete && n.version === W.WORLD_VERSION && n.cycle === opts.cycle && n.runDate === opts.runDate) ? notes[0] : undefined;
  });
}

async function dropDatabases(names) {
  await admin(async (c) => {
    for (const n of names) await c.query(`drop database if exists ${n} with (force)`);
  });
}

/** The run's databases as copies of the cached seed (a file copy: the seed's pages as they are). */
async function databasesFromSeed() {
  await dropDatabases(SERVICES.map(runDb));
  const t0 = Date.now();
  await admin(async (c) => {
    for (const svc of SERVICES) await c.query(`create database ${runDb(svc)} template ${seedDb(svc)} strategy file_copy`);
  });
  return (Date.now() - t0) / 1000;
}

async function databaseSizes(prefix) {
  return admin(async (c) => {
    const { rows } = await c.query(`select datname, pg_database_size(datname)::bigint as bytes from pg_database where datname like $1 order by datname`, [
      `${prefix}%`,
    ]);
    return Object.fromEntries(rows.map((r) => [r.datname, round(Number(r.bytes) / 1e6)]));
  });
}

// ------------------------------------------------------------------ Kafka

/** The consumer groups on the broker (the services'; this bench's own raw clients are left out). */
async function serviceGroups(kadmin) {
  const { groups } = await kadmin.listGroups();
  return groups.map((g) => g.groupId).filter((g) => !g.startsWith('bench-'));
}

/**
 * Every group that is behind on a topic is moved to its end: nothing an earlier (perhaps
 * interrupted) run left on the topics is consumed by the next run's services. The end offsets are
 * committed as numbers (kafkajs' resetOffsets commits "latest" as -1, which a consumer reads as no
 * offset at all, and the services' consumers then start from the beginning). The groups must have no
 * members (a stopped service's member may linger until its session times out: retried).
 */
async function resetGroupsToLatest(kadmin) {
  const topics = contracts.TopicPlan.map((t) => t.topic);
  const ends = new Map();
  for (const topic of topics) ends.set(topic, await kadmin.fetchTopicOffsets(topic));
  let moved = 0;
  for (const groupId of await serviceGroups(kadmin)) {
    for (const committed of await kadmin.fetchOffsets({ groupId, topics })) {
      const high = new Map(ends.get(committed.topic).map((p) => [p.partition, BigInt(p.high)]));
      // A group that never committed on a topic does not consume it (every service group commits as it goes).
      const behind = committed.partitions.some((p) => BigInt(p.offset) >= 0n && BigInt(p.offset) < high.get(p.partition));
      if (!behind) continue;
      const started = Date.now();
      for (;;) {
        try {
          await kadmin.setOffsets({
            groupId,
            topic: committed.topic,
            partitions: ends.get(committed.topic).map((p) => ({ partition: p.partition, offset: p.high })),
          });
          moved++;
          break;
        } catch (e) {
          if (Date.now() - started > 90_000) throw new Error(`could not move group ${groupId} to the end of ${committed.topic}: ${e.message}`);
          await sleep(2000);
        }
      }
    }
  }
  return moved;
}

/** The topics each group's members are assigned (the groups must be Stable). */
async function assignedTopics(kadmin, groupIds) {
  const { groups } = await kadmin.describeGroups(groupIds);
  return groups.map((g) => ({
    groupId: g.groupId,
    state: g.state,
    members: g.members.length,
    topics: [
      ...new Set(
        g.members.flatMap((m) => {
          if (!m.memberAssignment || m.memberAssignment.length === 0) return [];
          const a = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
          return a ? Object.keys(a.assignment) : [];
        }),
      ),
    ],
  }));
}

/** Waits until the services' groups have joined and settled: the same Stable groups, each with members, for 3 s. */
async function waitGroupsStable(kadmin, timeoutMs = 120_000) {
  const started = Date.now();
  let last = '';
  let since = Date.now();
  for (;;) {
    const ids = await serviceGroups(kadmin);
    const groups = ids.length ? await assignedTopics(kadmin, ids) : [];
    const key = groups.map((g) => `${g.groupId}:${g.state}:${g.members}`).join(',');
    const stable = groups.length > 0 && groups.every((g) => g.state === 'Stable' && g.members > 0);
    if (key !== last || !stable) {
      last = key;
      since = Date.now();
    } else if (Date.now() - since >= 3000) return groups;
    if (Date.now() - started > timeoutMs) throw new Error(`the services' consumer groups did not settle in ${timeoutMs / 1000} s: ${key}`);
    await sleep(500);
  }
}

/** Waits until every topic's partitions have a leader (topics just created have none for a moment). */
async function waitLeaders(kadmin) {
  const started = Date.now();
  for (const { topic } of contracts.TopicPlan) {
    for (;;) {
      try {
        await kadmin.fetchTopicOffsets(topic);
        break;
      } catch (e) {
        if (Date.now() - started > 60_000) throw e;
        await sleep(500);
      }
    }
  }
}

async function topicEnds(kadmin, topic) {
  return (await kadmin.fetchTopicOffsets(topic)).reduce((s, p) => s + BigInt(p.high), 0n);
}

/** Messages the services' groups have not consumed yet on the topics they are assigned. */
async function totalLag(kadmin, groups) {
  let lag = 0n;
  const ends = new Map();
  for (const g of groups) {
    for (const topic of g.topics) {
      if (!ends.has(topic)) ends.set(topic, new Map((await kadmin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)])));
      const [committed] = await kadmin.fetchOffsets({ groupId: g.groupId, topics: [topic] });
      for (const p of committed.partitions) {
        const end = ends.get(topic).get(p.partition) ?? 0n;
        const at = BigInt(p.offset) < 0n ? 0n : BigInt(p.offset);
        if (end > at) lag += end - at;
      }
    }
  }
  return Number(lag);
}

/** Waits until every group has consumed everything and the topics stopped growing (the services' relays are done) for 3 s. */
async function waitQuiet(kadmin, groups, what, timeoutMs = 3_600_000) {
  const started = Date.now();
  let lastSay = Date.now();
  let quietSince;
  let lastEnds;
  for (;;) {
    const lag = await totalLag(kadmin, groups);
    let ends = 0n;
    for (const t of contracts.TopicPlan) ends += await topicEnds(kadmin, t.topic);
    if (lag === 0 && ends === lastEnds) {
      quietSince ??= Date.now();
      if (Date.now() - quietSince >= 3000) return (Date.now() - started) / 1000;
    } else quietSince = undefined;
    lastEnds = ends;
    if (Date.now() - lastSay > 10_000) {
      lastSay = Date.now();
      say(`${what}: ${fmt(lag)} messages still to consume`);
    }
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: still ${lag} messages to consume after ${timeoutMs / 1000} s`);
    await sleep(1000);
  }
}

/** Messages on the dead-letter topics (`*.dlq`), to notice what a service could not take. */
async function deadLetters(kadmin) {
  const topics = (await kadmin.listTopics()).filter((t) => t.endsWith('.dlq'));
  const out = {};
  for (const t of topics) out[t] = Number(await topicEnds(kadmin, t));
  return out;
}

async function producer() {
  const p = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await p.connect();
  return p;
}

/** Sends messages ({ topic, key, value, headers }) in batches, one batch in flight. */
async function sendAll(prod, messages, batch = 1000) {
  for (let i = 0; i < messages.length; i += batch) {
    const byTopic = new Map();
    for (const m of messages.slice(i, i + batch)) {
      const list = byTopic.get(m.topic) ?? [];
      list.push({ key: m.key, value: m.value, headers: m.headers });
      byTopic.set(m.topic, list);
    }
    await prod.sendBatch({ topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })), acks: -1 });
  }
}

// ------------------------------------------------------------------ the services

const services = {};

function serviceEnv(svc, dbName) {
  return {
    DATABASE_URL: `${SERVER_URL}/postgres`,
    DATABASE_NAME: dbName,
    KAFKA_BROKERS: BROKERS.join(','),
    LOG_LEVEL: 'warn',
    // Metering bounds a usage request by local days of the utility's zone: the tariff's.
    ...(svc === 'metering' ? { UTILITY_TIME_ZONE: world.zone } : {}),
    // BENCH_SERVICE_NODE_OPTIONS (e.g. --max-old-space-size=256): V8 options of the services only, to
    // tell a leak (it fails) from a heap V8 lets grow because it may (it stays within the cap).
    ...(process.env.BENCH_SERVICE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVICE_NODE_OPTIONS } : {}),
  };
}

async function startServices(dbOf, profileDir) {
  for (const svc of SERVICES) {
    services[svc] = await startService({
      name: svc,
      port: PORTS[svc],
      host: HOST,
      env: serviceEnv(svc, dbOf(svc)),
      log: path.join(tmp, `${svc}-${Date.now()}.log`),
      profileDir: profileDir ? path.join(profileDir, svc) : undefined,
      onExit: (code, signal) => {
        say(`${svc} exited (code ${code}, signal ${signal}); its log: ${services[svc].log}\n${tail(services[svc].log)}`);
        process.exit(1);
      },
    });
  }
}

async function stopServices() {
  const out = {};
  for (const svc of SERVICES) if (services[svc]) out[svc] = await services[svc].stop();
  return out;
}

let token;
async function api(svc, method, url, body) {
  token ??= await platform.signToken({ subject: 'bench-bill-run', roles: ['billing-ops'], accounts: [] }, platform.readAuthConfig(process.env), {
    ttlSeconds: 12 * 3600,
  });
  // node:http rather than fetch: starting a large run answers after minutes, beyond fetch's header timeout.
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: HOST,
        port: PORTS[svc],
        method,
        path: `/api/v1${url}`,
        headers: { authorization: `Bearer ${token}`, ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, json, text });
        });
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

async function expectOk(svc, method, url, body, statuses = [200, 201]) {
  const r = await api(svc, method, url, body);
  if (!statuses.includes(r.status)) throw new Error(`${svc} ${method} ${url} answered ${r.status}: ${r.text.slice(0, 500)}`);
  return r.json;
}

// ------------------------------------------------------------------ seeding

let world;

/** Registers the meters with metering (its API: metering owns the inventory), `concurrency` requests in flight. */
async function registerMeters(concurrency = 16) {
  let next = 1;
  let done = 0;
  let lastSay = Date.now();
  const t0 = Date.now();
  const worker = async () => {
    while (next <= world.accounts) {
      const k = next++;
      const r = await api('metering', 'POST', '/meters', { serial: world.serial(k), commodity: 'electricity', kind: 'interval', registers: W.METER_REGISTERS });
      if (r.status !== 201 && r.status !== 409) throw new Error(`POST /meters answered ${r.status}: ${r.text.slice(0, 300)}`);
      done++;
      if (Date.now() - lastSay > 10_000) {
        lastSay = Date.now();
        say(`registered ${fmt(done)}/${fmt(world.accounts)} meters (${fmt(done / ((Date.now() - t0) / 1000))}/s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (Date.now() - t0) / 1000;
}

/**
 * Seeds the world into fresh databases through the running services: meters over metering's API;
 * the tariff, accounts, service points, agreements and meter installs as rating's and customer's
 * events; then every meter's hourly readings of the period as a head-end publishes them, a message
 * per meter per local day. Then keeps the databases as the cached seed of this N.
 */
async function seed(kadmin) {
  const timings = {};
  await dropDatabases([...SERVICES.map(runDb), ...SERVICES.map(seedDb)]);
  await resetGroupsToLatest(kadmin);
  const dlqBefore = await deadLetters(kadmin);
  await startServices(runDb);
  const groups = await waitGroupsStable(kadmin);
  say(`seeding ${fmt(world.accounts)} accounts: services ready, ${groups.length} consumer groups joined`);

  timings.registerMetersSeconds = round(await registerMeters(), 1);
  say(`seed: ${fmt(world.accounts)} meters registered in ${timings.registerMetersSeconds} s`);

  const prod = await producer();
  const message = W.messenger(contracts);
  let t0 = Date.now();
  const tariff = W.tariffEvents(world, contracts, message);
  await sendAll(prod, tariff.messages);
  const versionId = W.versionOn(world, tariff.versionIds, world.period.from);
  const samples = [];
  const every = Math.max(1, Math.floor(world.accounts / 20));
  let batch = [];
  for (let k = 1; k <= world.accounts; k++) {
    const a = W.accountEvents(world, contracts, message, k, versionId);
    if (k % every === 0 || k === 1) samples.push({ k, ...a, messages: undefined });
    batch.push(...a.messages);
    if (batch.length >= 5000) {
      await sendAll(prod, batch);
      batch = [];
    }
  }
  await sendAll(prod, batch);
  timings.customerEventsPublishSeconds = round((Date.now() - t0) / 1000, 1);
  timings.customerEventsConsumedSeconds = round(timings.customerEventsPublishSeconds + (await waitQuiet(kadmin, groups, 'seed: customer events')), 1);
  say(`seed: tariff, accounts, agreements and meter installs published and consumed in ${timings.customerEventsConsumedSeconds} s`);

  // Readings: day by day, every meter's day (as a head-end sends them), one batch in flight.
  t0 = Date.now();
  const registers = new Float64Array(world.accounts + 1);
  for (let k = 1; k <= world.accounts; k++) registers[k] = W.registerStart(world, k);
  let sent = 0;
  let lastSay = Date.now();
  for (let d = 0; d < world.days.length; d++) {
    batch = [];
    for (let k = 1; k <= world.accounts; k++) {
      const r = W.dayReadings(world, contracts, k, d, registers[k]);
      registers[k] = r.register;
      batch.push(r.message);
      if (batch.length >= 500) {
        await sendAll(prod, batch, 500);
        sent += batch.length;
        batch = [];
        if (Date.now() - lastSay > 10_000) {
          lastSay = Date.now();
          say(`seed: ${fmt(sent)} reading messages published (day ${d + 1} of ${world.days.length}), ${fmt(await totalLag(kadmin, groups))} not consumed yet`);
        }
      }
    }
    await sendAll(prod, batch, 500);
    sent += batch.length;
  }
  await prod.disconnect();
  timings.readingsPublishSeconds = round((Date.now() - t0) / 1000, 1);
  timings.readingsStoredSeconds = round(timings.readingsPublishSeconds + (await waitQuiet(kadmin, groups, 'seed: readings')), 1);
  timings.readingMessages = sent;
  timings.readingMessagesPerSecond = round(sent / timings.readingsStoredSeconds);
  say(
    `seed: ${fmt(sent)} reading messages (${fmt(sent * 24)} hourly readings) published in ${timings.readingsPublishSeconds} s, stored in ${timings.readingsStoredSeconds} s (${fmt(timings.readingMessagesPerSecond)} messages/s)`,
  );

  await checkSeed(samples);
  const dlqAfter = await deadLetters(kadmin);
  const dead = Object.entries(dlqAfter).filter(([t, n]) => n > (dlqBefore[t] ?? 0));
  if (dead.length) throw new Error(`seeding dead-lettered messages: ${dead.map(([t, n]) => `${t} +${n - (dlqBefore[t] ?? 0)}`).join(', ')}`);
  await stopServices();
  await admin(async (c) => {
    for (const svc of SERVICES) {
      await c.query(`alter database ${runDb(svc)} rename to ${seedDb(svc)}`);
      const note = {
        complete: true,
        version: W.WORLD_VERSION,
        accounts: world.accounts,
        cycle: opts.cycle,
        runDate: opts.runDate,
        seededAt: new Date().toISOString(),
        timings,
      };
      await c.query(`comment on database ${seedDb(svc)} is '${JSON.stringify(note).replace(/'/g, "''")}'`);
    }
  });
  return timings;
}

/** A sample of the seeded accounts through the services' APIs: invoicing knows the account and agreement; metering has every hour of the period. */
async function checkSeed(samples) {
  const last = world.days[world.days.length - 1];
  for (const s of samples) {
    const account = await expectOk('invoicing', 'GET', `/accounts/${s.accountId}`);
    if (JSON.stringify(account).indexOf(s.agreementId) < 0)
      throw new Error(`invoicing's account ${s.accountId} has not its agreement: ${JSON.stringify(account).slice(0, 300)}`);
    const usage = await expectOk('metering', 'GET', `/service-points/${s.servicePointId}/usage?from=${world.days[0]}&to=${last}&granularity=day`);
    const expected = W.periodWh(world, s.k).reduce((a, b) => a + b, 0);
    if (usage.totals.importWh !== expected || usage.counts.actual !== world.hours)
      throw new Error(
        `metering's usage of account ${s.k} (${s.servicePointId}): ${usage.totals.importWh} Wh over ${usage.counts.actual} actual hours, expected ${expected} Wh over ${world.hours}`,
      );
  }
  say(`seed: ${samples.length} sampled accounts check out (invoicing's copies, metering's ${world.hours} hours of each)`);
}

// ------------------------------------------------------------------ a run

/** Process families whose CPU is sampled: the two services, PostgreSQL backends of their databases, the broker. */
function classify(pid, comm, cmd) {
  for (const svc of SERVICES) if (services[svc] && services[svc].pid === Number(pid)) return svc;
  if (comm.startsWith('postgres')) {
    // Backends are titled "postgres: <user> <database> <client> <state>".
    for (const svc of SERVICES) if (cmd.includes(` ${runDb(svc)} `)) return `postgres (${svc})`;
    return /^postgres: (\S+: )?(checkpointer|background writer|walwriter|autovacuum|logical replication)/.test(cmd) ? 'postgres (server)' : undefined;
  }
  if (comm === 'java' && cmd.includes('kafka.Kafka') && BROKERS.some((b) => cmd.includes(`kafka-${b.split(':')[1]}/`))) return 'kafka';
  if (Number(pid) === process.pid) return 'bench';
  return undefined;
}

/** The last line of a service's log that says something failed (its message). */
function lastFailure(log) {
  const line = tail(log, 200)
    .split('\n')
    .reverse()
    .find((l) => /fail|error/i.test(l));
  if (!line) return undefined;
  try {
    return JSON.parse(line).msg;
  } catch {
    return line.slice(0, 300);
  }
}

/** A stage's CPU seconds by family, and what the rest of the machine used meanwhile (other engineers' work on a shared machine). */
function withOthers(c) {
  const ours = Object.values(c.cpuSeconds).reduce((a, b) => a + b, 0);
  return { ...c.cpuSeconds, 'not this bench': round(Math.max(0, c.machineBusySeconds - ours), 2) };
}

async function oneRun(kadmin, i, profileDir) {
  const copySeconds = await databasesFromSeed();
  await resetGroupsToLatest(kadmin);
  await startServices(runDb, profileDir);
  await waitGroupsStable(kadmin);
  for (const svc of SERVICES) services[svc].phase = 'idle';
  const idleRss = Object.fromEntries(SERVICES.map((svc) => [svc, round(rssKb(services[svc].pid) / 1024)]));
  const cpu = cpuTimeline(classify, 1000);
  const meteringDb = new Client({ connectionString: `${SERVER_URL}/${runDb('metering')}`, application_name: 'bench bill-run poll' });
  await meteringDb.connect();
  for (const svc of SERVICES) services[svc].phase = 'run';

  const profileFrom = nowUs();
  const t0 = Date.now();
  const started = await api('invoicing', 'POST', '/bill-runs', { cycle: opts.cycle, runDate: opts.runDate });
  const t1 = Date.now();
  if (started.status !== 201 && started.status !== 200)
    throw new Error(
      `POST /bill-runs answered ${started.status} after ${((t1 - t0) / 1000).toFixed(1)} s: ${started.text.slice(0, 300)}; invoicing's last failure: ${lastFailure(services.invoicing.log) ?? 'none logged'} (README.md, "Figures")`,
    );
  const { runId: billRunId, bills } = started.json;
  say(`run ${i}: POST /bill-runs answered in ${((t1 - t0) / 1000).toFixed(1)} s: ${fmt(bills)} bills awaiting usage`);
  if (bills !== world.accounts) say(`run ${i}: ${bills} bills, not ${world.accounts}: the cycle has other accounts than the seeded ones?`);

  const timeline = [];
  let firstAnswer;
  let allAnswered;
  let done;
  let lastMove = Date.now();
  let lastSay = Date.now();
  let lastKey = '';
  for (;;) {
    const p = await expectOk('invoicing', 'GET', `/bill-runs/${billRunId}`);
    const answered = Number((await meteringDb.query('select count(*)::int as n from usage_delivery')).rows[0].n);
    const at = Date.now();
    timeline.push({
      s: round((at - t0) / 1000, 1),
      answered,
      issued: p.issued,
      held: p.held,
      awaiting: p.awaitingUsage,
      rssMb: Object.fromEntries(SERVICES.map((svc) => [svc, round((rssKb(services[svc].pid) ?? 0) / 1024)])),
    });
    if (answered > 0) firstAnswer ??= at;
    if (answered >= bills) allAnswered ??= at;
    const key = `${answered}/${p.issued}/${p.held}/${p.awaitingUsage}`;
    if (key !== lastKey) {
      lastKey = key;
      lastMove = at;
    }
    if (p.awaitingUsage === 0) {
      done = at;
      allAnswered ??= at;
      firstAnswer ??= at;
      break;
    }
    if (at - lastSay > 10_000) {
      lastSay = at;
      const s = (at - t0) / 1000;
      say(
        `run ${i}: ${s.toFixed(0)} s: metering answered ${fmt(answered)}, invoicing issued ${fmt(p.issued)} held ${fmt(p.held)}, ${fmt(p.awaitingUsage)} awaiting usage (${fmt((p.issued + p.held) / s)} bills/s)`,
      );
    }
    if (at - lastMove > STALL_MS) {
      const failures = SERVICES.map((svc) => `${svc}: ${lastFailure(services[svc].log) ?? 'no failure logged'}`).join('\n  ');
      throw new Error(
        `run ${i} stalled: nothing moved for ${STALL_MS / 1000} s (answered/issued/held/awaiting ${key}); the services' last failures:\n  ${failures}`,
      );
    }
    await sleep(POLL_MS);
  }
  const profileTo = nowUs();
  cpu.stop();
  await meteringDb.end();
  const rss = Object.fromEntries(SERVICES.map((svc) => [svc, round(services[svc].rss.byPhase.run / 1024)]));
  const progress = await expectOk('invoicing', 'GET', `/bill-runs/${billRunId}`);
  const exits = await stopServices();
  const hwm = Object.fromEntries(SERVICES.map((svc) => [svc, round(exits[svc].hwmKb / 1024)]));

  // The stages from the databases' own clocks (now(): the start of the writing transaction).
  const inv = await withClient(runDb('invoicing'), async (c) => {
    const { rows } = await c.query(
      `select (extract(epoch from r.started_at) * 1000)::float8 as started,
              (select (extract(epoch from min(issued_at)) * 1000)::float8 from invoice) as first_issued,
              (select (extract(epoch from max(issued_at)) * 1000)::float8 from invoice) as last_issued,
              (select count(*)::int from invoice) as invoices,
              (select (extract(epoch from max(updated_at)) * 1000)::float8 from bill where run_id = r.id and status <> 'awaiting-usage') as last_decided,
              (select count(*)::int from bill where run_id = r.id and status = 'held') as held,
              (select coalesce(jsonb_agg(distinct reasons), '[]'::jsonb) from bill where run_id = r.id and status = 'held') as hold_reasons,
              (select percentile_cont(0.5) within group (order by total) from bill where run_id = r.id and status = 'issued')::float8 as median_total
         from bill_run r where r.id = $1`,
      [billRunId],
    );
    return rows[0];
  });
  const met = await withClient(runDb('metering'), async (c) => {
    const { rows } = await c.query(
      `select (extract(epoch from min(delivered_at)) * 1000)::float8 as first, (extract(epoch from max(delivered_at)) * 1000)::float8 as last, count(*)::int as n from usage_delivery`,
    );
    return rows[0];
  });
  const sec = (ms) => (ms === null || ms === undefined ? null : round((ms - t0) / 1000, 1));
  const total = (done - t0) / 1000;
  const stages = {
    start: { from: 0, to: sec(t1), what: 'POST /bill-runs: the due agreements, a bill and a UsageProfileRequested each, one transaction' },
    answer: { from: sec(t1), to: sec(allAnswered), what: "until metering's last answer (usage_delivery rows counted every second)" },
    tail: { from: sec(allAnswered), to: sec(done), what: 'until no bill awaits usage (GET /bill-runs/{id} every second)' },
  };
  for (const s of Object.values(stages)) {
    const c = cpu.between(t0 + s.from * 1000, t0 + s.to * 1000);
    s.seconds = round(s.to - s.from, 1);
    s.cpuSeconds = withOthers(c);
    s.machineBusy = c.machineBusy;
  }
  const whole = cpu.between(t0, done);
  const billsDone = progress.issued + progress.held;
  const result = {
    run: i,
    bills,
    issued: progress.issued,
    held: progress.held,
    holdReasons: inv.hold_reasons,
    seconds: round(total, 1),
    billsPerSecond: round(billsDone / total, 1),
    medianInvoiceTotal: round(inv.median_total, 2),
    stages,
    databaseClock: {
      runStarted: sec(inv.started),
      firstDelivered: sec(met.first),
      lastDelivered: sec(met.last),
      firstIssued: sec(inv.first_issued),
      lastIssued: sec(inv.last_issued),
      lastDecided: sec(inv.last_decided),
      note: 'seconds from the POST; each is the start of the transaction that wrote the row (PostgreSQL now())',
    },
    cpuSeconds: withOthers(whole),
    cpuMicrosecondsPerBill: Object.fromEntries(Object.entries(whole.cpuSeconds).map(([f, s]) => [f, round((s * 1e6) / billsDone)])),
    machineBusy: whole.machineBusy,
    rssMb: { idle: idleRss, runMax: rss, hwm },
    databaseCopySeconds: round(copySeconds, 1),
    timeline: timeline.filter((_, j) => j % Math.max(1, Math.ceil(timeline.length / 60)) === 0 || j === timeline.length - 1),
    logs: Object.fromEntries(SERVICES.map((svc) => [svc, services[svc].log])),
  };
  if (profileDir) {
    result.profile = {};
    for (const svc of SERVICES) {
      const file = newestProfile(path.join(profileDir, svc));
      if (!file) {
        say(`no CPU profile of ${svc} in ${path.join(profileDir, svc)} (it exited with ${JSON.stringify(exits[svc])})`);
        continue;
      }
      const s = profileSummary.summarize(file, { top: 25, from: profileFrom, to: profileTo });
      result.profile[svc] = s;
      say(`profile of ${svc} during the run:\n${profileSummary.format(s)}`);
    }
  }
  say(
    `run ${i}: ${fmt(billsDone)} bills (${fmt(progress.issued)} issued, ${fmt(progress.held)} held) in ${total.toFixed(1)} s = ${result.billsPerSecond} bills/s; ` +
      `stages start ${stages.start.seconds} s, answer ${stages.answer.seconds} s, tail ${stages.tail.seconds} s; ` +
      `CPU s ${Object.entries(withOthers(whole))
        .map(([f, s]) => `${f} ${s}`)
        .join(', ')}; machine ${Math.round((whole.machineBusy ?? 0) * 100)} % busy; RSS max metering ${rss.metering} MB, invoicing ${rss.invoicing} MB`,
  );
  return result;
}

// ------------------------------------------------------------------ raw ceilings

/** libs/rating's rate() pricing the seeded bills in this process, one core: the tariff as invoicing builds it, each account's own usage. */
function ratingCeiling(seconds = 5) {
  const t = world.tariff;
  const tariff = rating.tariffFromPublished(
    { code: t.code, name: t.name, currency: t.currency, timeZone: t.timeZone },
    t.versions.map((v, i) => ({
      versionId: `v${i}`,
      effectiveFrom: v.effectiveFrom,
      effectiveTo: v.effectiveTo ?? null,
      supersedes: null,
      definition: v.definition,
    })),
  );
  const start = new Date(world.edges[0]).toISOString();
  const usages = Array.from({ length: Math.min(world.accounts, 2000) }, (_, j) => ({ load: { start, intervalMinutes: 60, wh: W.periodWh(world, j + 1) } }));
  const period = { start: world.period.from, end: world.period.to, cycle: { start: world.period.from, end: world.period.to } };
  const price = (usage) => rating.rate({ tariff, period, usage });
  for (let j = 0; j < 200; j++) price(usages[j % usages.length]); // warm up
  let n = 0;
  const t0 = process.hrtime.bigint();
  const until = t0 + BigInt(seconds * 1e9);
  while (process.hrtime.bigint() < until) for (let j = 0; j < 50; j++) price(usages[n++ % usages.length]);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const sample = price(usages[0]);
  return {
    billsPerSecond: round(n / s),
    bills: n,
    seconds: round(s, 2),
    sampleTotal: sample.total,
    method: `rate() of @utilia/rating with the tariff compiled once (tariffFromPublished of its ${t.versions.length} versions), ${usages.length} accounts' own ${world.hours}-hour usage in turn, this process, one core`,
  };
}

/**
 * A kafkajs round trip of the run's shape: UsageProfileRequested-sized messages to one topic, an
 * echo consumer answering each with a UsageProfileReady-sized message on another, a consumer counting
 * the answers. Producers as the services' relays (idempotent, one request in flight, acks all),
 * batches of 500; the bytes are real events built with libs/contracts. Its own topics and groups.
 */
async function kafkaCeiling(kadmin, n) {
  const requestTopic = 'bench.bill-run.requests';
  const answerTopic = 'bench.bill-run.answers';
  const leftover = (await kadmin.listTopics()).filter((t) => t === requestTopic || t === answerTopic);
  if (leftover.length) await kadmin.deleteTopics({ topics: leftover });
  const configEntries = TOPIC_MAX_MESSAGE_BYTES > 0 ? [{ name: 'max.message.bytes', value: String(TOPIC_MAX_MESSAGE_BYTES) }] : [];
  await kadmin.createTopics({ topics: [requestTopic, answerTopic].map((topic) => ({ topic, numPartitions: 6, configEntries })), waitForLeaders: true });
  const message = W.messenger(contracts);
  const id = contracts.uuidv7;
  // One bill's request and answer: the answer repeats the request's references and period.
  const ref = {
    requestId: id(),
    agreementId: id(),
    accountId: id(),
    servicePointId: id(),
    periodStart: world.period.from,
    periodEnd: world.days[world.days.length - 1],
  };
  const request = message(contracts.UsageProfileRequestedV1, { ...ref, requestedAt: new Date().toISOString() });
  const wh = W.periodWh(world, 1);
  const answer = message(contracts.UsageProfileReadyV1, {
    ...ref,
    start: new Date(world.edges[0]).toISOString(),
    intervalMinutes: 60,
    importWh: wh,
    registers: [{ register: '1.8.0', startRead: '12345.678', endRead: '12800.000', consumption: '454.322' }],
    maxDemandW: Math.max(...wh),
    counts: { actual: wh.length, estimated: 0, edited: 0, missing: 0 },
  });
  const requester = await producer();
  const answerer = await producer();
  const echo = kafka.consumer({ groupId: `bench-bill-run-echo-${runId}` });
  const counter = kafka.consumer({ groupId: `bench-bill-run-count-${runId}` });
  let answered = 0;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  await echo.connect();
  await echo.subscribe({ topic: requestTopic, fromBeginning: true });
  await echo.run({
    eachBatch: async ({ batch }) => {
      const msgs = batch.messages.map((m) => ({ key: m.key, value: answer.value, headers: answer.headers }));
      for (let i = 0; i < msgs.length; i += 500) await answerer.send({ topic: answerTopic, messages: msgs.slice(i, i + 500), acks: -1 });
    },
  });
  let crashed;
  for (const c of [echo, counter])
    c.on(c.events.CRASH, (e) => {
      crashed = e.payload.error.message;
      finish();
    });
  await counter.connect();
  await counter.subscribe({ topic: answerTopic, fromBeginning: true });
  await counter.run({
    eachBatch: async ({ batch }) => {
      answered += batch.messages.length;
      if (answered >= n) finish();
    },
  });
  await sleep(3000); // both groups joined
  const t0 = Date.now();
  const messages = Array.from({ length: n }, (_, i) => ({ topic: requestTopic, key: `${i}`, value: request.value, headers: request.headers }));
  await sendAll(requester, messages, 500);
  const timeout = setTimeout(finish, 600_000);
  await finished;
  clearTimeout(timeout);
  const s = (Date.now() - t0) / 1000;
  await Promise.all([echo.disconnect(), counter.disconnect(), requester.disconnect(), answerer.disconnect()]);
  await kadmin.deleteTopics({ topics: [requestTopic, answerTopic] });
  if (crashed || answered < n) return { failed: crashed ?? `${answered} of ${n} answered in 600 s` };
  return {
    roundTripsPerSecond: round(answered / s),
    roundTrips: answered,
    seconds: round(s, 2),
    requestBytes: request.value.length,
    answerBytes: answer.value.length,
    method: 'kafkajs 2.2.4: request -> echo consumer -> answer -> counting consumer, 6 partitions, idempotent producers, batches of 500, this process',
  };
}

// ------------------------------------------------------------------ main

async function clean() {
  const names = await admin(async (c) =>
    (await c.query(`select datname from pg_database where datname like 'utilia_bench_billrun_%'`)).rows.map((r) => r.datname),
  );
  await dropDatabases(names);
  say(`dropped ${names.length ? names.join(', ') : 'nothing'}`);
}

async function main() {
  if (opts.clean) return clean();
  world = W.world({ accounts: opts.accounts, cycle: opts.cycle, runDate: opts.runDate, seed: SEED, startOfLocalDate: platform.startOfLocalDate });
  say(
    `${fmt(world.accounts)} accounts on ${world.tariff.code} (${world.zone}), cycle ${world.cycle} run ${world.runDate}: ${world.days.length} days (${world.period.from}..${world.days[world.days.length - 1]}, ${world.hours} hours); broker ${BROKERS.join(',')}; scratch ${tmp}`,
  );
  if (BROKERS.some((b) => b.endsWith(':9092')))
    say(
      `the broker ${BROKERS.join(',')} is the platform's usual one: any service on it will consume the accounts and readings this bench publishes (README.md, "Kafka")`,
    );
  const kadmin = kafka.admin();
  await kadmin.connect();
  await platform.ensureTopics(kadmin, contracts.TopicPlan);
  await waitLeaders(kadmin);
  if (TOPIC_MAX_MESSAGE_BYTES > 0) {
    await kadmin.alterConfigs({
      validateOnly: false,
      resources: contracts.TopicPlan.map((t) => ({
        type: ConfigResourceTypes.TOPIC,
        name: t.topic,
        configEntries: [{ name: 'max.message.bytes', value: String(TOPIC_MAX_MESSAGE_BYTES) }],
      })),
    });
    say(`topics' max.message.bytes set to ${fmt(TOPIC_MAX_MESSAGE_BYTES)} on this broker (BENCH_TOPIC_MAX_MESSAGE_BYTES; see README.md)`);
  }

  let seeded = opts.reseed ? undefined : await cachedSeed();
  let seedTimings;
  if (!seeded) {
    const t0 = Date.now();
    seedTimings = await seed(kadmin);
    seedTimings.totalSeconds = round((Date.now() - t0) / 1000, 1);
    seeded = await cachedSeed();
    say(`seeded in ${seedTimings.totalSeconds} s; kept as ${SERVICES.map(seedDb).join(', ')}`);
  } else say(`using the cached seed ${SERVICES.map(seedDb).join(', ')} (seeded ${seeded.seededAt}; --reseed seeds again)`);

  const runs = [];
  for (let i = 1; i <= opts.runs; i++) {
    const profileDir = opts.profile && i === 1 ? path.join(tmp, 'profiles') : undefined;
    runs.push(await oneRun(kadmin, i, profileDir));
  }
  let ceilings;
  if (opts.ceilings) {
    const r = ratingCeiling();
    say(`ceiling: rate() prices ${fmt(r.billsPerSecond)} bills/s in this process (sample total ${r.sampleTotal})`);
    const k = await kafkaCeiling(kadmin, Math.max(world.accounts, KAFKA_CEILING_MIN));
    say(
      k.failed
        ? `ceiling: the kafkajs round trip failed: ${k.failed}`
        : `ceiling: kafkajs round trips ${fmt(k.roundTripsPerSecond)}/s (${k.requestBytes} B requests, ${k.answerBytes} B answers)`,
    );
    ceilings = { rating: r, kafkaRoundTrip: k };
  }
  const sizes = await databaseSizes('utilia_bench_billrun_');
  if (!opts.keep) await dropDatabases(SERVICES.map(runDb));
  await kadmin.disconnect();

  const ratio = (a, b) => (a && b ? round(a / b, 4) : null);
  const medianOf = (f) => median(runs.map(f));
  const byRun = runs.map((r) => ({
    ...r,
    toRatingCeiling: ratio(r.billsPerSecond, ceilings?.rating.billsPerSecond),
    toKafkaRoundTrip: ratio(r.billsPerSecond, ceilings?.kafkaRoundTrip.roundTripsPerSecond),
  }));
  const families = [...new Set(runs.flatMap((r) => Object.keys(r.cpuMicrosecondsPerBill)))];
  const summary = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      node: process.version,
      memoryGb: round(os.totalmem() / 2 ** 30, 1),
      loadAverage: os.loadavg().map((x) => round(x, 2)),
    },
    accounts: world.accounts,
    cycle: world.cycle,
    runDate: world.runDate,
    tariff: world.tariff.code,
    hoursPerBill: world.hours,
    seed: seedTimings ?? seeded,
    databaseSizesMb: sizes,
    medians: {
      runs: runs.length,
      billsPerSecond: medianOf((r) => r.billsPerSecond),
      seconds: medianOf((r) => r.seconds),
      stageSeconds: Object.fromEntries(['start', 'answer', 'tail'].map((s) => [s, medianOf((r) => r.stages[s].seconds)])),
      cpuMicrosecondsPerBill: Object.fromEntries(families.map((f) => [f, medianOf((r) => r.cpuMicrosecondsPerBill[f])])),
      rssMaxMb: Object.fromEntries(SERVICES.map((svc) => [svc, medianOf((r) => r.rssMb.runMax[svc])])),
      toRatingCeiling: median(byRun.map((r) => r.toRatingCeiling)),
      toKafkaRoundTrip: median(byRun.map((r) => r.toKafkaRoundTrip)),
    },
    aim: {
      billsPerSecond: AIM.billsPerSecond,
      met: medianOf((r) => r.billsPerSecond) >= AIM.billsPerSecond,
      note: 'end to end until every bill is issued or held (payments does not post invoices yet)',
    },
    ceilings,
    runs: byRun,
    scratch: tmp,
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  async (e) => {
    say(`failed: ${e.stack ?? e}`);
    for (const svc of SERVICES) if (services[svc] && !services[svc].stopping) services[svc].child.kill('SIGKILL');
    process.exit(1);
  },
);
