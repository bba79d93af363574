'use strict';
// The pure part of the demo seed (seed.mjs): who the demo utility's customers are, on which tariffs,
// in which bill cycles, how they pay, and on which business days the bill runs, payments and the
// collections job happen. Deterministic: the same seed, count, day and cycles give the same plan.
// CommonJS (typed by plan.d.ts) so the `tools` jest project tests it as is (plan.unit.spec.ts) and
// seed.mjs loads it with createRequire. It reuses the head-end simulator's PRNG and serials.
const sim = require('../headend-sim/lib.js');

/** The seed catalog's tariffs (apps/rating/src/seed) the demo puts customers on, with their weights. */
const RESIDENTIAL_TARIFFS = [
  ['E-RES-TIER', 30],
  ['E-RES-TOU-C', 25],
  ['E-RES-FLAT', 15],
  ['E-RES-TOU-PRIME', 10],
  ['E-RES-EV-TOU', 8],
];
/** Tariffs with an export price: solar homes are on these (net billing, or buy-all/sell-all). */
const SOLAR_TARIFFS = [
  ['E-RES-TOU-NB', 3],
  ['E-RES-TOU-BASS', 1],
];
/** How a solar home's generation is settled on each of those tariffs (the agreement's metering arrangement). */
const SOLAR_ARRANGEMENTS = { 'E-RES-TOU-NB': 'net-billing', 'E-RES-TOU-BASS': 'buy-all-sell-all' };
const COMMERCIAL_TARIFF = 'C-TOU-DEMAND';

/** Shares of the customers (exact counts: rounded, then dealt out at random). */
const SHARES = {
  commercial: 0.1,
  /** Of the residential ones. */
  solar: 0.1,
  paperless: 0.35,
  /** Pay every bill after its late fee. */
  late: 0.05,
  /** Never pay: their cases go from the late fee to the final notice and a disconnection request. */
  never: 0.05,
};
/** Customers with a protection (life support, medical, vulnerable): some of them never pay, so withheld steps show. */
const PROTECTED = 8;
/** Bill cycles the demo uses: the ones read most recently, so three months of readings cover three bills of each. */
const CYCLES_USED = 4;
/** Bill runs per cycle. */
const MONTHS = 3;
/** Days from a bill to its due date (invoicing's cycles: 21-day terms) and collections' grace (5). */
const TERMS_DAYS = 21;
const GRACE_DAYS = 5;
/** Minutes per reading: hourly data (the simulator's `--interval 60`), a quarter of the 15-minute data's volume. */
const INTERVAL_MINUTES = 60;
/**
 * The head-end's faults (tools/headend-sim rates per hourly interval). A few meters behind a flaky
 * concentrator (the first `meters`) have many: their later bills are held for usage estimated three
 * periods in a row, and their readings are sent again after billing (late corrections: rebills).
 * The others have a few (a bill with an estimated interval counts as estimated).
 */
const FAULTS = {
  flaky: { meters: 20, gaps: 0.01, spikes: 0.002, late: 0.004 },
  others: { gaps: 0.00002, spikes: 0.00001, late: 0.00002 },
};
/** Meters the simulator publishes per run: each run starts once its meters are installed. */
const HEADEND_CHUNK = 250;
/** Days of the flaky meters the head-end sends again after billing. */
const RESEND_DAYS = 3;

const GIVEN = [
  'Ada',
  'Alan',
  'Grace',
  'Edsger',
  'Barbara',
  'Donald',
  'Margaret',
  'Ken',
  'Frances',
  'Niklaus',
  'Radia',
  'John',
  'Sophie',
  'Tim',
  'Hedy',
  'Dennis',
  'Karen',
  'Linus',
  'Shafi',
  'Guido',
];
const FAMILY = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Hamilton',
  'Thompson',
  'Allen',
  'Wirth',
  'Perlman',
  'Backus',
  'Wilson',
  'Berners-Lee',
  'Lamarr',
  'Ritchie',
  'Jones',
  'Torvalds',
  'Goldwasser',
  'van Rossum',
];
const STREETS = [
  'Elm Street',
  'Oak Avenue',
  'Maple Drive',
  'Cedar Lane',
  'Pine Court',
  'Birch Road',
  'Willow Way',
  'Aspen Place',
  'Juniper Street',
  'Sequoia Boulevard',
];
const BUSINESS = ['Bakery', 'Print Shop', 'Dental Clinic', 'Hardware', 'Cafe', 'Laundromat', 'Bike Repair', 'Bookshop', 'Florist', 'Garage'];
const PROTECTION_KINDS = ['life-support', 'medical', 'vulnerable'];
const CHANNELS = ['card', 'card', 'bank-transfer', 'bank-transfer', 'direct-debit', 'check', 'cash'];

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** The day `n` months after `day` (same day of the month; read days are 1-28, so it always exists). */
function addMonths(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${pad((k % 12) + 1)}-${pad(d)}`;
}

const daysBetween = (a, b) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / sim.DAY_MS);

/** The latest read date of a cycle on or before `today`. */
function lastReadDate(readDay, today) {
  const inMonth = `${today.slice(0, 7)}-${pad(readDay)}`;
  return inMonth <= today ? inMonth : addMonths(inMonth, -1);
}

/**
 * The calendar of the demo: the `CYCLES_USED` cycles read most recently (on or before today), each
 * billed `MONTHS` times, the last time on its latest read date; service starts one cycle before
 * the first bill, and meters are installed, and readings start, on the earliest of those days.
 * Readings end yesterday (today's day is not over).
 */
function calendarOf(cycles, today) {
  const chosen = cycles
    .map((c) => ({ code: c.code, readDay: c.readDay, last: lastReadDate(c.readDay, today) }))
    .sort((a, b) => (a.last === b.last ? a.code.localeCompare(b.code) : b.last.localeCompare(a.last)))
    .slice(0, CYCLES_USED)
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((c) => ({
      code: c.code,
      moveIn: addMonths(c.last, -MONTHS),
      runDates: Array.from({ length: MONTHS }, (_, i) => addMonths(c.last, i + 1 - MONTHS)),
    }));
  if (chosen.length === 0) throw new Error('invoicing has no bill cycles');
  const readingsFrom = chosen.map((c) => c.moveIn).sort()[0];
  return { today, cycles: chosen, readingsFrom, readingsDays: daysBetween(readingsFrom, today) };
}

/** Fisher-Yates with a seeded PRNG. */
function shuffle(rng, items) {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** A weighted pick. */
function pick(rng, weighted) {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let u = rng() * total;
  for (const [v, w] of weighted) if ((u -= w) < 0) return v;
  return weighted[weighted.length - 1][0];
}

/** `count` of the indexes `0..n-1` chosen at random, as a set. */
function chooseSet(rng, n, count, from) {
  return new Set(shuffle(rng, from ?? Array.from({ length: n }, (_, i) => i)).slice(0, count));
}

/**
 * The demo's customers. Counts are exact: `round(share × n)` of each kind, dealt out with the
 * seeded PRNG. Each customer gets one electricity point at a premise of its own, a meter
 * (`SIM-DEMO-<n>`, the head-end simulator's serials: it publishes their readings), a cycle
 * (round robin), a tariff of its class, a payer behaviour, and maybe paperless bills or a protection.
 * Exactly one non-payer (not protected) is put on a payment arrangement at the end.
 */
function customersOf({ seed, customers: n, calendar }) {
  const rng = sim.rngFor(seed, 'demo-customers');
  const all = Array.from({ length: n }, (_, i) => i);
  const commercial = chooseSet(rng, n, Math.round(SHARES.commercial * n));
  const residential = all.filter((i) => !commercial.has(i));
  const solar = chooseSet(rng, n, Math.round(SHARES.solar * residential.length), residential);
  const paperless = chooseSet(rng, n, Math.round(SHARES.paperless * n));
  const payers = shuffle(rng, all);
  const lateCount = Math.round(SHARES.late * n);
  const neverCount = Math.max(1, Math.round(SHARES.never * n));
  const late = new Set(payers.slice(0, lateCount));
  const never = payers.slice(lateCount, lateCount + neverCount);
  // Half the protected customers never pay (their disconnections are withheld), the others pay on time.
  const protectedNever = never.slice(0, Math.min(Math.floor(PROTECTED / 2), Math.max(0, never.length - 1)));
  const onTime = payers.slice(lateCount + neverCount);
  const protectedSet = new Set([...protectedNever, ...onTime.slice(0, PROTECTED - protectedNever.length)].filter((i) => i !== undefined));
  const arrangement = never.find((i) => !protectedSet.has(i));
  const neverSet = new Set(never);
  return all.map((i) => withArrangement(customerOf(i)));
  function customerOf(i) {
    const r = sim.rngFor(seed, 'demo-customer', i);
    const cycle = calendar.cycles[i % calendar.cycles.length];
    const isCommercial = commercial.has(i);
    const given = GIVEN[Math.floor(r() * GIVEN.length)];
    const family = FAMILY[Math.floor(r() * FAMILY.length)];
    const street = STREETS[i % STREETS.length];
    const house = 100 + Math.floor(i / STREETS.length) * 2;
    const name = isCommercial ? `${family} ${BUSINESS[Math.floor(r() * BUSINESS.length)]}` : `${given} ${family}`;
    const payer = i === arrangement ? 'arrangement' : neverSet.has(i) ? 'never' : late.has(i) ? 'late' : 'on-time';
    return {
      n: i + 1,
      kind: isCommercial ? 'organisation' : 'person',
      name,
      givenName: isCommercial ? undefined : given,
      familyName: isCommercial ? undefined : family,
      email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${i + 1}@demo.utilia.example`,
      phone: `+1 916 555 ${pad(i % 10000, 4)}`,
      paperless: paperless.has(i),
      customerClass: isCommercial ? 'commercial' : 'residential',
      premiseType: isCommercial ? 'commercial' : r() < 0.3 ? 'apartment' : 'house',
      address: { line1: `${house} ${street}`, city: 'Sacramento', region: 'CA', postalCode: `958${pad(i % 100)}`, country: 'US' },
      marketId: `DEMO-E-${pad(i + 1, 5)}`,
      serial: sim.serialOf('DEMO', i + 1),
      solar: solar.has(i),
      tariffCode: isCommercial ? COMMERCIAL_TARIFF : solar.has(i) ? pick(r, SOLAR_TARIFFS) : pick(r, RESIDENTIAL_TARIFFS),
      cycle: cycle.code,
      moveIn: cycle.moveIn,
      payer,
      channel: CHANNELS[Math.floor(r() * CHANNELS.length)],
      // Days after each bill the customer pays it: on time within the terms, late after the late fee.
      payDays: Array.from({ length: MONTHS }, () => (payer === 'late' ? TERMS_DAYS + GRACE_DAYS + 3 + Math.floor(r() * 6) : 2 + Math.floor(r() * 17))),
      protection: protectedSet.has(i)
        ? { kind: PROTECTION_KINDS[i % PROTECTION_KINDS.length], from: cycle.moveIn, evidence: 'Demo: certificate seen by the CSR at sign-up' }
        : undefined,
    };
  }
}

/** A customer with the metering arrangement its tariff settles solar with ('none' without solar). */
function withArrangement(c) {
  return { ...c, meteringArrangement: (c.solar && SOLAR_ARRANGEMENTS[c.tariffCode]) || 'none' };
}

/**
 * What happens on each business day, in order of days: the bill runs of the day (cycles read that
 * day), the payments received that day (customer, which of its bills), then the collections job.
 * Payments due after today are not made (those bills stay open). The collections job runs every day
 * from the first bill to today, so its steps come on the days they are due.
 */
function timelineOf(plan) {
  const days = new Map();
  const at = (day) => {
    if (!days.has(day)) days.set(day, { day, billRuns: [], payments: [] });
    return days.get(day);
  };
  for (const c of plan.calendar.cycles) c.runDates.forEach((d) => at(d).billRuns.push(c.code));
  for (const cu of plan.customers) {
    if (cu.payer !== 'on-time' && cu.payer !== 'late') continue;
    const cycle = plan.calendar.cycles.find((c) => c.code === cu.cycle);
    cycle.runDates.forEach((runDate, m) => {
      const on = sim.addDays(runDate, cu.payDays[m]);
      if (on <= plan.calendar.today) at(on).payments.push({ n: cu.n, runDate });
    });
  }
  const first = plan.calendar.cycles.map((c) => c.runDates[0]).sort()[0];
  for (let d = first; d <= plan.calendar.today; d = sim.addDays(d, 1)) at(d);
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day)).map((d) => ({ ...d, collections: d.day >= first }));
}

/**
 * The head-end simulator's runs: the flaky meters first, then chunks of `HEADEND_CHUNK` meters, each
 * over every day of readings; and the late resend: the flaky meters' days in the middle of the
 * second billed period of every cycle (bills issued by then, so a change is a credit note and a rebill).
 */
function headendOf(calendar, customers) {
  const flaky = Math.min(FAULTS.flaky.meters, customers);
  const runs = [];
  if (flaky > 0) runs.push({ start: 1, meters: flaky, ...rates(FAULTS.flaky) });
  for (let start = flaky + 1; start <= customers; start += HEADEND_CHUNK)
    runs.push({ start, meters: Math.min(HEADEND_CHUNK, customers - start + 1), ...rates(FAULTS.others) });
  const secondFrom = calendar.cycles.map((c) => c.runDates[0]).sort()[calendar.cycles.length - 1];
  const secondTo = calendar.cycles.map((c) => c.runDates[1]).sort()[0];
  const from = sim.addDays(secondFrom, Math.max(0, Math.floor((daysBetween(secondFrom, secondTo) - RESEND_DAYS) / 2)));
  return {
    from: calendar.readingsFrom,
    days: calendar.readingsDays,
    intervalMinutes: INTERVAL_MINUTES,
    runs,
    resend: { start: 1, meters: flaky, from, days: RESEND_DAYS },
  };
}

const rates = ({ gaps, spikes, late }) => ({ gaps, spikes, late });

/**
 * The bill runs: those of the same month start together (on the first of their read dates: the runs
 * batch better, and each bill is still issued on its own read date, so the due dates, payments and
 * the collections job see the same calendar).
 */
function billRunGroupsOf(calendar) {
  return Array.from({ length: MONTHS }, (_, m) => {
    const runs = calendar.cycles.map((c) => ({ cycle: c.code, runDate: c.runDates[m] }));
    return { day: runs.map((r) => r.runDate).sort()[0], runs };
  });
}

/** The whole plan: the calendar, the customers, the head-end's runs and the timeline. */
function demoPlan({ seed = 1, customers = 1000, today, cycles }) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today ?? '')) throw new TypeError('today must be YYYY-MM-DD');
  const calendar = calendarOf(cycles, today);
  const plan = { seed: String(seed), calendar, customers: customersOf({ seed: String(seed), customers, calendar }) };
  const groups = billRunGroupsOf(calendar);
  const timeline = timelineOf(plan).map((d) => ({ ...d, startRuns: groups.find((g) => g.day === d.day)?.runs ?? [] }));
  return { ...plan, headend: headendOf(calendar, customers), timeline };
}

/** How many customers of each kind a plan has (the seed's summary, and the test). */
function countsOf(plan) {
  const c = (f) => plan.customers.filter(f).length;
  const byTariff = {};
  for (const cu of plan.customers) byTariff[cu.tariffCode] = (byTariff[cu.tariffCode] ?? 0) + 1;
  const byCycle = {};
  for (const cu of plan.customers) byCycle[cu.cycle] = (byCycle[cu.cycle] ?? 0) + 1;
  return {
    customers: plan.customers.length,
    residential: c((x) => x.customerClass === 'residential'),
    commercial: c((x) => x.customerClass === 'commercial'),
    solar: c((x) => x.solar),
    paperless: c((x) => x.paperless),
    protected: c((x) => x.protection !== undefined),
    onTime: c((x) => x.payer === 'on-time'),
    late: c((x) => x.payer === 'late'),
    never: c((x) => x.payer === 'never'),
    arrangement: c((x) => x.payer === 'arrangement'),
    byTariff,
    byCycle,
    billRuns: plan.calendar.cycles.length * MONTHS,
    payments: plan.timeline.reduce((s, d) => s + d.payments.length, 0),
  };
}

/**
 * A solar home's export in Wh per 15 minutes over a UTC day (96 values; `sim.aggregate` sums them into hours): a bell from 6 a.m. to
 * 6 p.m. local time (`utcOffsetHours`), its peak by the home's array (0.4-1 kWh a quarter hour
 * at noon), scaled by the day's weather (0.3-1) and the season. Deterministic per seed, serial, day.
 */
function exportWh(seed, serial, day, utcOffsetHours = 0) {
  const peak = 400 + 600 * sim.rngFor(seed, serial, 'pv')();
  const weather = 0.3 + 0.7 * sim.rngFor(seed, serial, day, 'pv-weather')();
  const doy = daysBetween(`${day.slice(0, 4)}-01-01`, day);
  const season = 0.75 + 0.25 * Math.cos(((doy - 172) / 365) * 2 * Math.PI);
  return Array.from({ length: sim.INTERVALS_PER_DAY }, (_, i) => {
    const hour = ((((i + 0.5) / 4 + utcOffsetHours) % 24) + 24) % 24;
    const sun = Math.sin((Math.PI * (hour - 6)) / 12);
    return sun > 0 ? Math.round(peak * weather * season * sun * sun) : 0;
  });
}

module.exports = {
  INTERVAL_MINUTES,
  FAULTS,
  HEADEND_CHUNK,
  RESEND_DAYS,
  RESIDENTIAL_TARIFFS,
  SOLAR_TARIFFS,
  COMMERCIAL_TARIFF,
  SHARES,
  PROTECTED,
  CYCLES_USED,
  MONTHS,
  addMonths,
  lastReadDate,
  calendarOf,
  customersOf,
  timelineOf,
  headendOf,
  billRunGroupsOf,
  demoPlan,
  countsOf,
  exportWh,
};
