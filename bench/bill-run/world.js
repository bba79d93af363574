'use strict';
// The world a bill run bills, as the other services would publish it: rating's residential
// time-of-use tariff (E-RES-TOU-C of rating's seed catalog, both its 2026 versions), and per account
// customer's AccountOpened, AccountDetailsChanged, ServicePointAdded, ServiceAgreementStarted (v2,
// on that tariff) and the meter-install WorkOrderCompleted of its meter; then the meter's hourly
// readings of every local day of the billing period as a head-end sends them on `meter.readings`
// (tools/headend-sim's load shape, summed to hours, with the day's register read).
// Deterministic where a later run needs it: a meter's usage depends only on the seed and its serial,
// so the raw rating ceiling prices the same usage metering delivers.
const path = require('path');
const lib = require('../../tools/headend-sim/lib.js');

const root = path.resolve(__dirname, '../..');

/** Bump when what is seeded changes: cached seeds of another version are seeded again. */
const WORLD_VERSION = 1;
const TARIFF_CODE = 'E-RES-TOU-C';
const HEADEND = 'bench-bill-run';
const HOUR_MS = 3_600_000;
/** The households sit in the tariff's zone (Pacific): their load shape is in local time, UTC-8 near enough. */
const UTC_OFFSET_HOURS = -8;
/** Service (and the meter) began before the billed period, so no bill is a first bill's part period. */
const SERVICE_START = '2026-06-01';

/** The seed catalog's tariff, as rating publishes it (apps/rating's built catalog). */
function catalogTariff() {
  const { SEED_CATALOG } = require(path.join(root, 'apps/rating/dist/seed/catalog.js'));
  const t = SEED_CATALOG.find((x) => x.code === TARIFF_CODE);
  if (!t) throw new Error(`${TARIFF_CODE} is not in rating's seed catalog any more: choose another residential TOU tariff in bench/bill-run/world.js`);
  return t;
}

/** Accounts are numbered 1..N; their meters' serials are `SIM-BR<N>-<k>`, one set per N. */
const serialOf = (accounts, k) => lib.serialOf(`BR${accounts}`, k);

/**
 * A world: the billed period and its local days in the tariff's zone. `startOfLocalDate` is the
 * platform's (what metering bounds a usage request with).
 */
function world({ accounts, cycle, runDate, seed, startOfLocalDate }) {
  const tariff = catalogTariff();
  const readDay = Number(cycle);
  if (!Number.isInteger(readDay) || readDay < 1 || readDay > 28 || Number(runDate.slice(8, 10)) !== readDay)
    throw new Error(`${runDate} is not a read date of cycle ${cycle} (bill cycles are read on the day of the month their code names)`);
  const [y, m] = runDate.split('-').map(Number);
  const prev = new Date(Date.UTC(y, m - 2, readDay)).toISOString().slice(0, 10);
  const days = [];
  for (let d = prev; d < runDate; d = lib.addDays(d, 1)) days.push(d);
  const edges = [...days, runDate].map((d) => startOfLocalDate(d, tariff.timeZone));
  return {
    version: WORLD_VERSION,
    accounts,
    cycle,
    runDate,
    seed,
    tariff,
    zone: tariff.timeZone,
    period: { from: prev, to: runDate },
    /** The local days billed, and their starts (ms), one more than days: the end of the last. */
    days,
    edges,
    hours: Math.round((edges[edges.length - 1] - edges[0]) / HOUR_MS),
    serial: (k) => serialOf(accounts, k),
  };
}

/** A meter's household (tools/headend-sim's traits) and its hourly Wh from `fromMs`, `hours` of them. */
function hourlyWh(w, k, fromMs, hours) {
  const traits = traitsOf(w, k);
  const out = new Array(hours);
  let day;
  let quarters;
  for (let h = 0; h < hours; h++) {
    const t = fromMs + h * HOUR_MS;
    const d = lib.dayOf(t);
    if (d !== day) {
      day = d;
      quarters = lib.dayValues(w.seed, traits, d, UTC_OFFSET_HOURS);
    }
    const q = Math.round((t - lib.dayMs(d)) / 900_000);
    out[h] = quarters[q] + quarters[q + 1] + quarters[q + 2] + quarters[q + 3];
  }
  return out;
}

const traitCache = new Map();
function traitsOf(w, k) {
  const serial = w.serial(k);
  let t = traitCache.get(serial);
  if (!t) {
    if (traitCache.size > 200_000) traitCache.clear();
    t = lib.meterTraits(w.seed, serial);
    traitCache.set(serial, t);
  }
  return t;
}

/** The period's usage of account k as metering delivers it: hourly Wh from the first local day's start. */
const periodWh = (w, k) => hourlyWh(w, k, w.edges[0], w.hours);

/** Kafka messages (topic, key, value, headers) of contract events, built with libs/contracts. */
function messenger(contracts, { validate = false } = {}) {
  const seen = new Set();
  return (type, data) => {
    const id = contracts.uuidv7();
    const meta = { id, time: new Date().toISOString(), subject: type.partitionKey(data), correlationId: id };
    // The first event of each type is checked against its contract (or every one with `validate`).
    const check = validate || !seen.has(type.type);
    seen.add(type.type);
    const envelope = check ? contracts.defaultRegistry.encode(type, data, meta) : contracts.createEnvelope(type, data, meta);
    return { topic: type.topic, ...contracts.toKafkaMessage(envelope) };
  };
}

/** rating's TariffVersionPublished of each version of the tariff: what invoicing rates with. */
function tariffEvents(w, contracts, message) {
  const t = w.tariff;
  const tariffId = contracts.uuidv7();
  const versionIds = t.versions.map(() => contracts.uuidv7());
  const messages = t.versions.map((v, i) =>
    message(contracts.TariffVersionPublishedV1, {
      tariffId,
      versionId: versionIds[i],
      code: t.code,
      name: t.name,
      commodity: t.commodity,
      customerClass: t.customerClass,
      currency: t.currency,
      timeZone: t.timeZone,
      utility: t.utility,
      description: t.description,
      effectiveFrom: v.effectiveFrom,
      effectiveTo: v.effectiveTo ?? null,
      definition: v.definition,
      supersedes: null,
      publishedBy: 'bench:bill-run',
    }),
  );
  return { messages, versionIds };
}

/** The version in force on a day (the one published versions of the seed catalog never overlap). */
function versionOn(w, versionIds, day) {
  const i = w.tariff.versions.findIndex((v) => v.effectiveFrom <= day && (!v.effectiveTo || day < v.effectiveTo));
  return versionIds[i] ?? null;
}

/**
 * Account k's customer events: the account (cycle, residential), its service point, its agreement on
 * the tariff from {@link SERVICE_START}, and the meter fitted there (a completed meter-install work
 * order naming the serial, which metering turns into an installation).
 */
function accountEvents(w, contracts, message, k, tariffVersionId) {
  const id = contracts.uuidv7;
  const accountId = id();
  const customerId = id();
  const premiseId = id();
  const servicePointId = id();
  const agreementId = id();
  const billingAddress = { line1: `${k} Bench Street`, city: 'Springfield', postalCode: '62701', country: 'US' };
  return {
    accountId,
    servicePointId,
    agreementId,
    messages: [
      message(contracts.AccountOpenedV1, {
        accountId,
        accountNumber: String(1_000_000_000 + k),
        customerId,
        currency: w.tariff.currency,
        billCycle: w.cycle,
        openedOn: SERVICE_START,
      }),
      message(contracts.AccountDetailsChangedV1, {
        accountId,
        billingAddress,
        billCycle: w.cycle,
        customerClass: 'residential',
        roles: [{ customerId, role: 'main' }],
      }),
      message(contracts.ServicePointAddedV1, {
        servicePointId,
        premiseId,
        commodity: 'electricity',
        marketId: `BR${w.accounts}-${k}`,
        connectionStatus: 'connected',
      }),
      message(contracts.ServiceAgreementStartedV2, {
        agreementId,
        accountId,
        servicePointId,
        commodity: 'electricity',
        tariffCode: w.tariff.code,
        startDate: SERVICE_START,
        tariffVersionId,
      }),
      message(contracts.WorkOrderCompletedV1, {
        workOrderId: id(),
        servicePointId,
        accountId,
        type: 'meter-install',
        completedAt: `${SERVICE_START}T00:00:00Z`,
        meterSerial: w.serial(k),
        removedMeterSerial: null,
        reads: [],
        notes: null,
      }),
    ],
  };
}

/**
 * A head-end's message of meter k's local day `d` (an index into w.days): its hourly readings
 * (intervalLength 3600) and the register read at the day's end. `register` is the meter's register
 * (Wh) at the day's start; returns the message and the register at its end.
 */
function dayReadings(w, contracts, k, d, register) {
  const from = w.edges[d];
  const hours = Math.round((w.edges[d + 1] - from) / HOUR_MS);
  const values = hourlyWh(w, k, from, hours);
  const end = register + lib.sum(values);
  const data = lib.meterReadingsData(
    w.serial(k),
    HEADEND,
    values.map((v, h) => [lib.isoSeconds(from + h * HOUR_MS), v]),
    { readAt: lib.isoSeconds(w.edges[d + 1]), wh: end },
  );
  for (const block of data.intervalBlocks) block.readingType.intervalLength = 3600;
  return { message: { topic: contracts.Topics.meterReadings, ...lib.toKafka(data, { contracts, headend: HEADEND }) }, register: end };
}

/** Meter k's register at the start of the period: the simulator's start value (the meter is new). */
const registerStart = (w, k) => traitsOf(w, k).registerStartWh;

module.exports = {
  WORLD_VERSION,
  TARIFF_CODE,
  world,
  periodWh,
  messenger,
  tariffEvents,
  versionOn,
  accountEvents,
  dayReadings,
  registerStart,
  METER_REGISTERS: lib.METER_REGISTERS,
};
