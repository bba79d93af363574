'use strict';
// The pure parts of the head-end simulator (sim.mjs) and of bench/metering-ingest: a residential
// load shape, the faults a head-end's data has (gaps, spikes, late corrections) and the
// `meter.readings` message builder. CommonJS so the `tools` jest project can test it as is
// (lib.unit.spec.ts) and sim.mjs can load it with createRequire. Everything here is deterministic:
// a value depends only on the seed, the meter's serial and the interval, never on the order in
// which meters or days are generated.
// It loads no other module: the message builder is handed the contracts library by its caller
// (sim.mjs and the bench: the built one, libs/contracts/dist; the spec: the sources).

/** Seconds per interval: head-ends send 15-minute data. */
const INTERVAL_SECONDS = 900;
/** Intervals per UTC day. */
const INTERVALS_PER_DAY = 86400 / INTERVAL_SECONDS;
const DAY_MS = 86_400_000;
/**
 * The day a meter's register reads its start register (`traits.registerStartWh`) at midnight UTC.
 * The register at any other midnight is that plus (or minus) every interval in between, so two runs
 * of the simulator with the same seed agree on the register, whatever their `--from`.
 */
const REGISTER_EPOCH = '2026-01-01';
/** Normal interval values are kept within these bounds (integer Wh per 15 minutes). */
const MIN_WH = 50;
const MAX_WH = 600;

/** FNV-1a, 32 bits: a string to a seed. */
function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast, seedable PRNG; returns a function giving floats in [0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A PRNG for one purpose: the seed and the parts (serial, day, what for) name its stream. */
function rngFor(seed, ...parts) {
  return mulberry32(hash32(`${seed}|${parts.join('|')}`));
}

/**
 * A deviate of mean 0 and variance 1, near enough normal (Irwin-Hall: the sum of four uniforms,
 * within ±3.5): a third of the cost of Box-Muller, and no wild outliers in the "true" values.
 */
function gaussian(rng) {
  return (rng() + rng() + rng() + rng() - 2) * 1.7320508075688772;
}

const between = (rng, lo, hi) => lo + (hi - lo) * rng();

/** The serial of simulated meter n: `SIM-<prefix>-<n>`. */
function serialOf(prefix, n) {
  return `SIM-${prefix}-${n}`;
}

/**
 * A meter's household: what makes its load its own. Deterministic from the seed and the serial.
 * - `scale`: the household's size (0.6-1.3 of the typical);
 * - `baseWh`: the always-on load per 15 minutes (fridge, standby), 50-80 Wh;
 * - `morningHour`, `eveningHour`: when its peaks are, local time;
 * - `heating`, `cooling`: how much more it uses in winter and in summer;
 * - `noise`: how much its intervals vary around the shape;
 * - `registerStartWh`: its register at midnight UTC of {@link REGISTER_EPOCH}, in Wh.
 */
function meterTraits(seed, serial) {
  const rng = rngFor(seed, serial, 'traits');
  return {
    serial,
    scale: between(rng, 0.6, 1.3),
    baseWh: between(rng, 50, 80),
    morningHour: between(rng, 6.25, 8),
    eveningHour: between(rng, 17.5, 20),
    heating: between(rng, 0.05, 0.25),
    cooling: between(rng, 0, 0.2),
    noise: between(rng, 0.06, 0.16),
    registerStartWh: Math.round(between(rng, 10_000, 40_000) * 1000),
  };
}

const bump = (hour, centre, width) => {
  // The shortest way round the clock, so a peak near midnight wraps.
  let d = Math.abs(hour - centre) % 24;
  if (d > 12) d = 24 - d;
  return Math.exp(-(d * d) / (2 * width * width));
};

/**
 * The residential load shape, 0..1, at a local hour (fractional) of a weekday or a weekend day:
 * low at night, a morning peak (later and flatter at weekends), a daytime plateau (higher at
 * weekends, when people are at home), the evening peak the highest.
 */
function loadShape(hour, weekend, morningHour = 7, eveningHour = 19) {
  const night = 0.05;
  const morning = weekend ? 0.45 * bump(hour, morningHour + 1.5, 1.6) : 0.55 * bump(hour, morningHour, 1.0);
  // The daytime plateau rises after the morning and falls into the evening.
  const day = (weekend ? 0.32 : 0.14) * (1 / (1 + Math.exp(-(hour - 9.5) * 2))) * (1 / (1 + Math.exp((hour - 17) * 2)));
  const evening = (weekend ? 0.85 : 0.95) * bump(hour, eveningHour, 1.7);
  return Math.min(1, night + morning + day + evening);
}

/** Day of the year (0-based) of a UTC midnight in ms. */
function dayOfYear(ms) {
  const d = new Date(ms);
  return Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS);
}

/** The season's factor on a day of the year: heating peaks mid-January, cooling mid-July (northern hemisphere). */
function seasonalFactor(traits, doy) {
  const heat = Math.max(0, Math.cos((2 * Math.PI * (doy - 15)) / 365));
  const cool = Math.max(0, Math.cos((2 * Math.PI * (doy - 196)) / 365));
  return 0.85 + traits.heating * heat + traits.cooling * cool;
}

/** Milliseconds of a UTC day's midnight (`YYYY-MM-DD`). */
function dayMs(day) {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(ms)) throw new RangeError(`not a date (YYYY-MM-DD): ${day}`);
  return ms;
}

/** The UTC day (`YYYY-MM-DD`) of an instant in ms. */
function dayOf(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The day `n` days after `day`. */
function addDays(day, n) {
  return dayOf(dayMs(day) + n * DAY_MS);
}

/** Weekend (Saturday, Sunday) and the season's factor of a local day, by its day number since 1970. */
function dayTraits(traits, localDayNumber) {
  const midnight = localDayNumber * DAY_MS;
  const weekday = new Date(midnight).getUTCDay();
  return { weekend: weekday === 0 || weekday === 6, seasonal: seasonalFactor(traits, dayOfYear(midnight)) };
}

/**
 * The mean of a meter's 15-minute interval starting at `ms` (UTC), in Wh, before noise: its
 * household's base load plus the load shape scaled by its size and the season. `utcOffsetHours`
 * places the household in its time zone (the shape is in local time).
 */
function expectedWh(traits, ms, utcOffsetHours = 0) {
  const local = ms + utcOffsetHours * 3_600_000;
  const localDay = Math.floor(local / DAY_MS);
  const hour = (local - localDay * DAY_MS) / 3_600_000 + 0.125; // the interval's middle
  const { weekend, seasonal } = dayTraits(traits, localDay);
  return traits.baseWh + traits.scale * seasonal * 360 * loadShape(hour, weekend, traits.morningHour, traits.eveningHour);
}

/** A meter's load shape at each local quarter hour, weekday and weekend (computed once per meter). */
const shapeCache = new WeakMap();
function shapesOf(traits) {
  let shapes = shapeCache.get(traits);
  if (!shapes) {
    shapes = { weekday: new Float64Array(INTERVALS_PER_DAY), weekend: new Float64Array(INTERVALS_PER_DAY) };
    for (let q = 0; q < INTERVALS_PER_DAY; q++) {
      shapes.weekday[q] = loadShape(q / 4 + 0.125, false, traits.morningHour, traits.eveningHour);
      shapes.weekend[q] = loadShape(q / 4 + 0.125, true, traits.morningHour, traits.eveningHour);
    }
    shapeCache.set(traits, shapes);
  }
  return shapes;
}

/** A UTC offset in hours as whole quarter hours (the shape is per quarter hour). */
function offsetQuarters(utcOffsetHours) {
  const q = utcOffsetHours * 4;
  if (!Number.isInteger(q) || Math.abs(utcOffsetHours) > 14)
    throw new RangeError(`a UTC offset is a multiple of 15 minutes within ±14 h, not ${utcOffsetHours}`);
  return q;
}

/**
 * What a meter measured over each 15-minute interval of a UTC day, integer Wh (96 of them), the
 * "true" values: the expected load ({@link expectedWh}) times a day-to-day factor (0.85-1.15:
 * weather, visitors) and per-interval noise (appliances switching), within 50-600 Wh.
 */
function dayValues(seed, traits, day, utcOffsetHours = 0) {
  const dayNumber = dayMs(day) / DAY_MS;
  const shift = offsetQuarters(utcOffsetHours);
  const shapes = shapesOf(traits);
  const rng = rngFor(seed, traits.serial, day, 'values');
  const dayFactor = between(rng, 0.85, 1.15);
  const values = new Array(INTERVALS_PER_DAY);
  let localDay = NaN;
  let weekend = false;
  let level = 0;
  for (let i = 0; i < INTERVALS_PER_DAY; i++) {
    const localQ = i + shift;
    const d = dayNumber + Math.floor(localQ / INTERVALS_PER_DAY);
    if (d !== localDay) {
      localDay = d;
      const t = dayTraits(traits, d);
      weekend = t.weekend;
      level = traits.scale * t.seasonal * 360;
    }
    const q = ((localQ % INTERVALS_PER_DAY) + INTERVALS_PER_DAY) % INTERVALS_PER_DAY;
    const mean = (traits.baseWh + level * (weekend ? shapes.weekend[q] : shapes.weekday[q])) * dayFactor;
    const v = Math.round(mean * (1 + traits.noise * gaussian(rng)));
    values[i] = v < MIN_WH ? MIN_WH : v > MAX_WH ? MAX_WH : v;
  }
  return values;
}

const sum = (values) => {
  let s = 0;
  for (const v of values) s += v;
  return s;
};

/**
 * A meter's register (cumulative Wh) at midnight UTC starting `day`: its start register at
 * {@link REGISTER_EPOCH} plus every interval since (minus every interval before, for earlier days).
 * Costs one {@link dayValues} per day between the two; a caller going day by day adds each day's
 * sum instead. `epoch` may be moved (the bench makes new meters whose register starts on their first day).
 */
function registerAt(seed, traits, day, utcOffsetHours = 0, epoch = REGISTER_EPOCH) {
  let wh = traits.registerStartWh;
  const from = dayMs(epoch);
  const days = Math.round((dayMs(day) - from) / DAY_MS);
  const step = days >= 0 ? 1 : -1;
  for (let d = days >= 0 ? 0 : days; d < (days >= 0 ? days : 0); d++) wh += step * sum(dayValues(seed, traits, dayOf(from + d * DAY_MS), utcOffsetHours));
  return wh;
}

/** Cumulative Wh as kWh with 3 decimals, exactly (no floating point): 10234517 -> "10234.517". */
function formatKwh(wh) {
  if (!Number.isSafeInteger(wh) || wh < 0) throw new RangeError(`a register is a non-negative whole number of Wh, not ${wh}`);
  return `${Math.floor(wh / 1000)}.${String(wh % 1000).padStart(3, '0')}`;
}

const startsCache = new Map();
/** The ISO starts of a UTC day's 96 quarter hours, e.g. `2026-09-01T00:15:00Z` (cached per day). */
function quarterHourStarts(day) {
  return intervalStarts(day, INTERVAL_SECONDS);
}

/** The ISO starts of a UTC day's intervals of `intervalSeconds` (900: quarter hours, 3600: hours; cached per day). */
function intervalStarts(day, intervalSeconds) {
  const key = `${day}|${intervalSeconds}`;
  let starts = startsCache.get(key);
  if (!starts) {
    dayMs(day);
    starts = [];
    for (let i = 0; i < 86400 / intervalSeconds; i++) {
      const minutes = (i * intervalSeconds) / 60;
      starts.push(`${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00Z`);
    }
    if (startsCache.size > 4000) startsCache.clear();
    startsCache.set(key, starts);
  }
  return starts;
}

/** A day's quarter-hour values summed into longer intervals (`perInterval` quarter hours each: 4 for hourly data). */
function aggregate(values, perInterval) {
  if (perInterval === 1) return values;
  const out = new Array(Math.ceil(values.length / perInterval)).fill(0);
  for (let i = 0; i < values.length; i++) out[Math.floor(i / perInterval)] += values[i];
  return out;
}

/** The ISO instant of a ms timestamp without milliseconds when they are zero (`2026-09-02T00:00:00Z`). */
function isoSeconds(ms) {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}

/**
 * What a head-end does to a day of a meter's data: each interval, independently, is left out (a
 * gap, probability `gaps`), sent as a spike (15-30 times its value, `spikes`), or sent with a
 * wrong value and corrected later (`late`: the first value is 20-50 % off, the correction, sent
 * 1-3 days later, carries the true value). Deterministic from the seed, serial and day, and drawn
 * from a stream of its own, so the true values do not depend on the rates.
 *
 * Returns `sent`: `[index, value]` of the intervals in the day's message, in order; `corrections`:
 * `[index, trueValue]`; `delayDays`: when the corrections go (1-3); and the counts.
 */
function applyFaults(seed, serial, day, values, rates = {}) {
  const gaps = rates.gaps ?? 0;
  const spikes = rates.spikes ?? 0;
  const late = rates.late ?? 0;
  const sent = [];
  const corrections = [];
  let gapCount = 0;
  let spikeCount = 0;
  if (gaps + spikes + late <= 0) {
    for (let i = 0; i < values.length; i++) sent.push([i, values[i]]);
    return { sent, corrections, delayDays: 0, gaps: 0, spikes: 0, late: 0 };
  }
  const rng = rngFor(seed, serial, day, 'faults');
  for (let i = 0; i < values.length; i++) {
    const u = rng();
    const v = values[i];
    if (u < gaps) gapCount++;
    else if (u < gaps + spikes) {
      sent.push([i, Math.round(v * between(rng, 15, 30))]);
      spikeCount++;
    } else if (u < gaps + spikes + late) {
      const off = between(rng, 0.2, 0.5) * (rng() < 0.5 ? -1 : 1);
      let wrong = Math.round(v * (1 + off));
      if (wrong === v) wrong = v + 1;
      sent.push([i, wrong]);
      corrections.push([i, v]);
    } else sent.push([i, v]);
  }
  const delayDays = corrections.length ? 1 + Math.floor(rng() * 3) : 0;
  return { sent, corrections, delayDays, gaps: gapCount, spikes: spikeCount, late: corrections.length };
}

/**
 * The data of a `utilia.headend.meter-readings.v1` message (MeterReadingsV1): one interval block
 * of 15-minute energy in Wh (`readings`: `[start ISO, integer Wh]`; no block when there is none), and, when `register` is given,
 * one register read of cumulative kWh (`{ readAt: ISO, wh }`, written with 3 decimals).
 */
function meterReadingsData(serial, headend, readings, register, intervalSeconds = INTERVAL_SECONDS) {
  const data = {
    meterMrid: serial,
    source: headend,
    // A message with no interval (all gaps) carries only its register read.
    intervalBlocks: readings.length
      ? [
          {
            readingType: { measure: 'energy', unit: 'Wh', direction: 'import', intervalLength: intervalSeconds },
            readings: readings.map(([start, value]) => ({ start, value: String(value) })),
          },
        ]
      : [],
    registerReads: register
      ? [{ readingType: { measure: 'energy', unit: 'kWh', direction: 'import' }, readAt: register.readAt, value: formatKwh(register.wh) }]
      : [],
  };
  return data;
}

/**
 * The data of a meter's day as a head-end sends it: the intervals of `faults.sent` and the
 * register read at the end of the day (`registerEndWh`: what the meter counted, gaps, spikes and
 * wrong values notwithstanding).
 */
function dayMessageData(serial, headend, day, sent, registerEndWh, intervalSeconds = INTERVAL_SECONDS) {
  const starts = intervalStarts(day, intervalSeconds);
  return meterReadingsData(
    serial,
    headend,
    sent.map(([i, v]) => [starts[i], v]),
    { readAt: isoSeconds(dayMs(day) + DAY_MS), wh: registerEndWh },
    intervalSeconds,
  );
}

/** The data of a late correction: the day's corrected intervals again, no register read. */
function correctionMessageData(serial, headend, day, corrections, intervalSeconds = INTERVAL_SECONDS) {
  const starts = intervalStarts(day, intervalSeconds);
  return meterReadingsData(
    serial,
    headend,
    corrections.map(([i, v]) => [starts[i], v]),
    undefined,
    intervalSeconds,
  );
}

/**
 * The Kafka message of a head-end's readings: a CloudEvent in structured content mode (header
 * `content-type: application/cloudevents+json`, key = the serial, value = the CloudEvent's JSON
 * with `source` `/headend/<name>`), built by the contracts library's `createEnvelope` and
 * `toKafkaMessage`. `validate`: check the data against the contract first (the registry's
 * `encode`, which throws on a bad message). `opts.contracts`: the contracts library (libs/contracts), which the caller loads.
 */
function toKafka(data, opts) {
  const contracts = opts && opts.contracts;
  if (!contracts || !contracts.toKafkaMessage) throw new TypeError('toKafka needs opts.contracts: the contracts library');
  const { MeterReadingsV1, createEnvelope, defaultRegistry, toKafkaMessage, uuidv7 } = contracts;
  const id = opts.id ?? uuidv7();
  const meta = { id, time: opts.time ?? new Date().toISOString(), subject: data.meterMrid, correlationId: id };
  const envelope = opts.validate ? defaultRegistry.encode(MeterReadingsV1, data, meta) : createEnvelope(MeterReadingsV1, data, meta);
  envelope.source = `/headend/${opts.headend ?? data.source ?? 'sim'}`;
  return toKafkaMessage(envelope);
}

/** Readings in a message's data (every interval block's). */
function readingsIn(data) {
  let n = 0;
  for (const block of data.intervalBlocks) n += block.readings.length;
  return n;
}

/** The register of a simulated meter as the metering service's API takes it (one import energy register in kWh). */
const METER_REGISTERS = [{ code: '1.8.0', measure: 'energy', direction: 'import', unit: 'kWh', multiplier: '1', dials: 6 }];

/**
 * Registers meters with the metering service and installs each at a service point of its own,
 * through the service's API (what readings need before they are accepted: a meter with that
 * serial, installed before its first reading): `POST /api/v1/meters` (201 `{ meterId }`; 409, the
 * serial is already registered, is taken as done and the meter is not installed again) then
 * `POST /api/v1/service-points/<new uuidv7>/meters` (201). `concurrency` requests in flight.
 * Returns `{ registered, existing, meterIds }` (serial -> meter id, for those registered now).
 */
async function provisionMeters({ baseUrl, token, serials, installedAt, newId, concurrency = 8, onProgress }) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const post = async (path, body) => {
    const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, text, json: text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined };
  };
  const meterIds = new Map();
  let existing = 0;
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < serials.length) {
      const serial = serials[next++];
      const meter = await post('/api/v1/meters', { serial, commodity: 'electricity', kind: 'interval', registers: METER_REGISTERS });
      if (meter.status === 409) existing++;
      else if (meter.status !== 201) throw new Error(`POST /api/v1/meters (${serial}) answered ${meter.status}: ${meter.text.slice(0, 500)}`);
      else {
        meterIds.set(serial, meter.json?.meterId);
        const install = await post(`/api/v1/service-points/${newId()}/meters`, { serial, installedAt, reads: [] });
        if (install.status !== 201)
          throw new Error(`POST /api/v1/service-points/.../meters (${serial}) answered ${install.status}: ${install.text.slice(0, 500)}`);
      }
      done++;
      if (onProgress) onProgress(done, serials.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, serials.length)) }, worker));
  return { registered: meterIds.size, existing, meterIds };
}

module.exports = {
  INTERVAL_SECONDS,
  INTERVALS_PER_DAY,
  REGISTER_EPOCH,
  MIN_WH,
  MAX_WH,
  DAY_MS,
  hash32,
  mulberry32,
  rngFor,
  serialOf,
  meterTraits,
  loadShape,
  seasonalFactor,
  expectedWh,
  dayValues,
  registerAt,
  sum,
  formatKwh,
  quarterHourStarts,
  intervalStarts,
  aggregate,
  isoSeconds,
  dayMs,
  dayOf,
  addDays,
  applyFaults,
  meterReadingsData,
  dayMessageData,
  correctionMessageData,
  toKafka,
  readingsIn,
  METER_REGISTERS,
  provisionMeters,
};
