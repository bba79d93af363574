import { addDays } from '../headend-sim/lib';
import { calendarOf, countsOf, demoPlan, exportWh, FAULTS, HEADEND_CHUNK, lastReadDate, MONTHS, PROTECTED } from './plan';

/** Invoicing's cycles: 01-20, each read on that day of the month. */
const CYCLES = Array.from({ length: 20 }, (_, i) => ({ code: String(i + 1).padStart(2, '0'), readDay: i + 1 }));
const TODAY = '2026-12-05';

describe('the demo plan', () => {
  const plan = demoPlan({ seed: 1, customers: 1000, today: TODAY, cycles: CYCLES });
  const counts = countsOf(plan);

  it('bills the four cycles read most recently three times, the last on their latest read date, from a move-in a cycle before', () => {
    expect(plan.calendar.cycles).toEqual([
      { code: '02', moveIn: '2026-09-02', runDates: ['2026-10-02', '2026-11-02', '2026-12-02'] },
      { code: '03', moveIn: '2026-09-03', runDates: ['2026-10-03', '2026-11-03', '2026-12-03'] },
      { code: '04', moveIn: '2026-09-04', runDates: ['2026-10-04', '2026-11-04', '2026-12-04'] },
      { code: '05', moveIn: '2026-09-05', runDates: ['2026-10-05', '2026-11-05', '2026-12-05'] },
    ]);
    // Readings from the first move-in to yesterday: about three months.
    expect(plan.calendar).toMatchObject({ readingsFrom: '2026-09-02', readingsDays: 94 });
  });

  it('reaches back across a month end when today is early in the month', () => {
    expect(lastReadDate(20, '2026-12-01')).toBe('2026-11-20');
    const cal = calendarOf(CYCLES, '2026-12-01');
    expect(cal.cycles.map((c) => c.code)).toEqual(['01', '18', '19', '20']);
    expect(cal.readingsFrom).toBe('2026-08-18');
    expect(cal.readingsDays).toBeLessThanOrEqual(110);
  });

  it('has exact counts of each kind of customer', () => {
    expect(counts).toMatchObject({
      customers: 1000,
      residential: 900,
      commercial: 100,
      solar: 90,
      paperless: 350,
      protected: PROTECTED,
      late: 50,
      never: 49,
      arrangement: 1,
      onTime: 900,
      billRuns: 4 * MONTHS,
      byCycle: { '02': 250, '03': 250, '04': 250, '05': 250 },
    });
    expect(Object.values(counts.byTariff).reduce((s, n) => s + n, 0)).toBe(1000);
    expect(counts.byTariff['C-TOU-DEMAND']).toBe(100);
  });

  it('puts commercial customers on the commercial tariff and solar homes on tariffs with an export price', () => {
    const wrong = plan.customers.filter((c) =>
      c.customerClass === 'commercial'
        ? c.kind !== 'organisation' || c.tariffCode !== 'C-TOU-DEMAND' || c.solar
        : c.solar
          ? !['E-RES-TOU-NB', 'E-RES-TOU-BASS'].includes(c.tariffCode)
          : !/^E-RES-/.test(c.tariffCode),
    );
    expect(wrong).toEqual([]);
  });

  it("settles a solar home's exports as its tariff expects (net billing or buy-all/sell-all), and nobody else's", () => {
    const expected = (c: (typeof plan.customers)[number]) => (!c.solar ? 'none' : c.tariffCode === 'E-RES-TOU-NB' ? 'net-billing' : 'buy-all-sell-all');
    expect(plan.customers.filter((c) => c.meteringArrangement !== expected(c))).toEqual([]);
    expect(plan.customers.some((c) => c.meteringArrangement === 'net-billing')).toBe(true);
  });

  it('gives every customer its own point, meter and address', () => {
    const unique = (f: (c: (typeof plan.customers)[number]) => string) => new Set(plan.customers.map(f)).size;
    expect(unique((c) => c.serial)).toBe(1000);
    expect(unique((c) => c.marketId)).toBe(1000);
    expect(unique((c) => c.address.line1)).toBe(1000);
    expect(plan.customers[0].serial).toBe('SIM-DEMO-1');
  });

  it('puts a payer who is not protected on the arrangement, and half the protected customers among the non-payers', () => {
    const arrangement = plan.customers.filter((c) => c.payer === 'arrangement');
    expect(arrangement).toHaveLength(1);
    expect(arrangement[0].protection).toBeUndefined();
    expect(plan.customers.filter((c) => c.protection && c.payer === 'never')).toHaveLength(PROTECTED / 2);
  });

  it('pays on time within the terms, late after the late fee, and nothing after today', () => {
    const days = plan.timeline.map((d) => d.day);
    expect(days).toEqual([...days].sort());
    expect(days[0]).toBe('2026-10-02');
    expect(days[days.length - 1]).toBe(TODAY);
    expect(plan.timeline.every((d) => d.collections)).toBe(true);
    const wrong = plan.timeline.flatMap((d) =>
      d.payments.filter((p) => {
        const c = plan.customers[p.n - 1];
        const after = (Date.parse(d.day) - Date.parse(p.runDate)) / 86_400_000;
        return c.payer === 'on-time' ? after > 21 : c.payer === 'late' ? after <= 26 : true;
      }),
    );
    expect(wrong).toEqual([]);
    expect(counts.payments).toBeGreaterThan(1800);
  });

  it('is the same plan for the same seed and another for another seed', () => {
    expect(demoPlan({ seed: 1, customers: 1000, today: TODAY, cycles: CYCLES })).toEqual(plan);
    const other = demoPlan({ seed: 2, customers: 1000, today: TODAY, cycles: CYCLES });
    expect(other.customers.map((c) => c.tariffCode)).not.toEqual(plan.customers.map((c) => c.tariffCode));
    expect(countsOf(other)).toMatchObject({ commercial: 100, solar: 90, paperless: 350, arrangement: 1 });
  });

  it('publishes every meter once, the flaky ones first with more faults, in chunks', () => {
    const { runs } = plan.headend;
    expect(runs[0]).toEqual({ ...FAULTS.flaky, start: 1 });
    let next = 1;
    for (const r of runs) {
      expect(r.start).toBe(next);
      expect(r.meters).toBeLessThanOrEqual(HEADEND_CHUNK);
      next += r.meters;
    }
    expect(next).toBe(1001);
    expect(runs.slice(1).every((r) => r.gaps < FAULTS.flaky.gaps)).toBe(true);
    expect(plan.headend).toMatchObject({ from: plan.calendar.readingsFrom, days: plan.calendar.readingsDays });
  });

  it('sends the flaky meters again for days every cycle has billed in its second bill', () => {
    const { resend } = plan.headend;
    expect(resend).toMatchObject({ start: 1, meters: FAULTS.flaky.meters });
    const last = addDays(resend.from, resend.days - 1);
    for (const c of plan.calendar.cycles) {
      expect(resend.from >= c.runDates[0]).toBe(true);
      expect(last < c.runDates[1]).toBe(true);
    }
  });

  it('starts the bill runs of a month together, each once, on or before its read date', () => {
    const started = plan.timeline.flatMap((d) => d.startRuns.map((r) => ({ ...r, on: d.day })));
    expect(started).toHaveLength(4 * MONTHS);
    for (const c of plan.calendar.cycles)
      for (const runDate of c.runDates) {
        const s = started.filter((r) => r.cycle === c.code && r.runDate === runDate);
        expect(s).toHaveLength(1);
        expect(s[0].on <= runDate).toBe(true);
      }
  });

  it('makes a solar export that is zero at night and positive at noon, the same each time', () => {
    const day = exportWh(1, 'SIM-DEMO-7', '2026-10-01', -8);
    expect(day).toHaveLength(96);
    expect(day[8 * 4]).toBe(0); // 08:00 UTC, midnight in California
    expect(day[20 * 4]).toBeGreaterThan(0); // 20:00 UTC, noon there
    expect(exportWh(1, 'SIM-DEMO-7', '2026-10-01', -8)).toEqual(day);
  });
});
