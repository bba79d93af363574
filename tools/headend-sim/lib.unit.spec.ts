import * as contracts from '@utilia/contracts';
import { defaultRegistry, MeterReadingsV1, readKafkaMessage } from '@utilia/contracts';
import {
  addDays,
  aggregate,
  applyFaults,
  correctionMessageData,
  dayMessageData,
  dayValues,
  expectedWh,
  formatKwh,
  INTERVALS_PER_DAY,
  intervalStarts,
  isoSeconds,
  loadShape,
  MAX_WH,
  meterReadingsData,
  meterTraits,
  MIN_WH,
  quarterHourStarts,
  readingsIn,
  REGISTER_EPOCH,
  registerAt,
  serialOf,
  sum,
  toKafka,
} from './lib';

// The pure parts of the head-end simulator: the load shape, the faults, the message builder.

const mean = (xs: number[]) => sum(xs) / xs.length;
/** The values of a window of local hours [from, to) of a day's 96. */
const hours = (values: number[], from: number, to: number) => values.slice(from * 4, to * 4);

describe('the load shape', () => {
  it('is low at night, peaks in the morning and higher in the evening', () => {
    const at = (h: number) => loadShape(h, false, 7, 19);
    expect(at(3)).toBeLessThan(0.1);
    expect(at(7)).toBeGreaterThan(at(3) * 5);
    expect(at(19)).toBeGreaterThan(at(7));
    expect(at(12)).toBeLessThan(at(7));
    for (let h = 0; h < 24; h += 0.25) {
      expect(at(h)).toBeGreaterThan(0);
      expect(at(h)).toBeLessThanOrEqual(1);
    }
  });

  it('differs at weekends: a later morning peak, more use during the day', () => {
    expect(loadShape(13, true)).toBeGreaterThan(loadShape(13, false) * 1.5);
    expect(loadShape(9, true)).toBeGreaterThan(loadShape(9, false));
    expect(loadShape(7, true)).toBeLessThan(loadShape(7, false));
  });
});

describe('a meter day', () => {
  const traits = meterTraits(1, 'SIM-A-1');

  it('is 96 whole Wh values within 50-600, the same for the same seed, serial and day', () => {
    const values = dayValues(1, traits, '2026-09-01');
    expect(values).toHaveLength(INTERVALS_PER_DAY);
    for (const v of values) {
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(MIN_WH);
      expect(v).toBeLessThanOrEqual(MAX_WH);
    }
    expect(dayValues(1, meterTraits(1, 'SIM-A-1'), '2026-09-01')).toEqual(values);
    expect(dayValues(2, meterTraits(2, 'SIM-A-1'), '2026-09-01')).not.toEqual(values);
    expect(dayValues(1, meterTraits(1, 'SIM-A-2'), '2026-09-01')).not.toEqual(values);
    expect(dayValues(1, traits, '2026-09-02')).not.toEqual(values);
  });

  it('follows the expected shape: noise around it, no more', () => {
    const days = Array.from({ length: 28 }, (_, d) => addDays('2026-09-01', d));
    const perInterval = Array.from({ length: INTERVALS_PER_DAY }, (_, i) => mean(days.map((day) => dayValues(1, traits, day)[i])));
    const expected = Array.from({ length: INTERVALS_PER_DAY }, (_, i) =>
      mean(days.map((day) => expectedWh(traits, Date.parse(`${day}T00:00:00Z`) + i * 900_000))),
    );
    // Averaged over four weeks, the day factor and the noise mostly cancel out.
    for (let i = 0; i < INTERVALS_PER_DAY; i++) expect(Math.abs(perInterval[i] - expected[i]) / expected[i]).toBeLessThan(0.15);
  });

  it('over many households: residential magnitudes, evening above night, weekends and seasons apart', () => {
    const serials = Array.from({ length: 40 }, (_, n) => serialOf('T', n + 1));
    const all: number[] = [];
    const night: number[] = [];
    const evening: number[] = [];
    const weekdayNoon: number[] = [];
    const weekendNoon: number[] = [];
    for (const serial of serials) {
      const t = meterTraits(7, serial);
      for (let d = 0; d < 14; d++) {
        const day = addDays('2026-04-06', d); // a Monday: two whole weeks
        const v = dayValues(7, t, day);
        all.push(...v);
        night.push(...hours(v, 1, 5));
        evening.push(...hours(v, 18, 21));
        (d % 7 >= 5 ? weekendNoon : weekdayNoon).push(...hours(v, 11, 15));
      }
    }
    all.sort((a, b) => a - b);
    expect(all[Math.floor(all.length * 0.5)]).toBeGreaterThan(80);
    expect(all[Math.floor(all.length * 0.5)]).toBeLessThan(250);
    expect(all[Math.floor(all.length * 0.99)]).toBeLessThanOrEqual(MAX_WH);
    expect(mean(evening)).toBeGreaterThan(mean(night) * 2.5);
    expect(mean(weekendNoon)).toBeGreaterThan(mean(weekdayNoon) * 1.2);
    // Winter (heating) above spring, for the same households.
    const season = (from: string) => mean(serials.flatMap((s) => Array.from({ length: 14 }, (_, d) => sum(dayValues(7, meterTraits(7, s), addDays(from, d))))));
    expect(season('2026-01-12')).toBeGreaterThan(season('2026-04-06') * 1.05);
  });

  it('moves with the time zone of the households', () => {
    const utc = dayValues(1, traits, '2026-09-01', 0);
    const chicago = dayValues(1, traits, '2026-09-01', -5);
    // The evening peak (about 19:30 local) is at about 00:30 UTC for a household at UTC-5.
    expect(mean(hours(chicago, 0, 2))).toBeGreaterThan(mean(hours(utc, 0, 2)) * 2);
    expect(() => dayValues(1, traits, '2026-09-01', 5.1)).toThrow(RangeError);
  });
});

describe('the register', () => {
  const traits = meterTraits(1, 'SIM-B-9');

  it('reads the start register at the epoch, and moves by exactly the day sum between midnights', () => {
    expect(registerAt(1, traits, REGISTER_EPOCH)).toBe(traits.registerStartWh);
    for (const day of ['2026-03-01', '2026-09-30', '2025-12-31']) {
      expect(registerAt(1, traits, addDays(day, 1)) - registerAt(1, traits, day)).toBe(sum(dayValues(1, traits, day)));
    }
    expect(registerAt(1, traits, '2025-11-01')).toBeLessThan(traits.registerStartWh);
    expect(registerAt(1, traits, '2026-05-05', 0, '2026-05-05')).toBe(traits.registerStartWh);
  });

  it('is written as kWh with 3 decimals, exactly', () => {
    expect(formatKwh(10_234_517)).toBe('10234.517');
    expect(formatKwh(5)).toBe('0.005');
    expect(formatKwh(7_000)).toBe('7.000');
    expect(() => formatKwh(1.5)).toThrow(RangeError);
    expect(() => formatKwh(-1)).toThrow(RangeError);
  });
});

describe('faults', () => {
  const traits = meterTraits(3, 'SIM-F-1');
  const values = dayValues(3, traits, '2026-10-10');

  it('none by default: every interval as measured', () => {
    const f = applyFaults(3, 'SIM-F-1', '2026-10-10', values);
    expect(f.sent).toEqual(values.map((v, i) => [i, v]));
    expect([f.gaps, f.spikes, f.late, f.corrections.length]).toEqual([0, 0, 0, 0]);
  });

  it('leave out gaps, send spikes 15-30 times too high, and wrong values corrected later with the true ones', () => {
    const f = applyFaults(3, 'SIM-F-1', '2026-10-10', values, { gaps: 0.1, spikes: 0.05, late: 0.1 });
    expect(f).toEqual(applyFaults(3, 'SIM-F-1', '2026-10-10', values, { gaps: 0.1, spikes: 0.05, late: 0.1 }));
    expect(f.sent.length).toBe(INTERVALS_PER_DAY - f.gaps);
    const corrected = new Map(f.corrections);
    let spikes = 0;
    for (const [i, v] of f.sent) {
      if (corrected.has(i)) {
        expect(corrected.get(i)).toBe(values[i]);
        expect(v).not.toBe(values[i]);
        expect(Math.abs(v - values[i]) / values[i]).toBeGreaterThanOrEqual(0.15);
      } else if (v !== values[i]) {
        spikes++;
        expect(v / values[i]).toBeGreaterThanOrEqual(14.9);
        expect(v / values[i]).toBeLessThanOrEqual(30.1);
      }
    }
    expect(spikes).toBe(f.spikes);
    expect(f.late).toBe(f.corrections.length);
    expect(f.delayDays).toBeGreaterThanOrEqual(f.late ? 1 : 0);
    expect(f.delayDays).toBeLessThanOrEqual(3);
  });

  it('come at about the rates asked for', () => {
    let gaps = 0;
    let spikes = 0;
    let late = 0;
    const n = 300;
    for (let d = 0; d < n; d++) {
      const day = addDays('2026-01-01', d);
      const f = applyFaults(3, 'SIM-F-1', day, dayValues(3, traits, day), { gaps: 0.01, spikes: 0.002, late: 0.005 });
      gaps += f.gaps;
      spikes += f.spikes;
      late += f.late;
    }
    const intervals = n * INTERVALS_PER_DAY;
    expect(gaps / intervals).toBeGreaterThan(0.007);
    expect(gaps / intervals).toBeLessThan(0.013);
    expect(spikes / intervals).toBeGreaterThan(0.001);
    expect(spikes / intervals).toBeLessThan(0.0035);
    expect(late / intervals).toBeGreaterThan(0.003);
    expect(late / intervals).toBeLessThan(0.007);
  });

  it('do not change the true values (their own random stream)', () => {
    applyFaults(3, 'SIM-F-1', '2026-10-10', values, { gaps: 0.5 });
    expect(dayValues(3, traits, '2026-10-10')).toEqual(values);
  });
});

describe('the meter.readings message', () => {
  const traits = meterTraits(1, 'SIM-M-1');
  const values = dayValues(1, traits, '2026-09-01');
  const register = registerAt(1, traits, '2026-09-02');

  it('has the day quarter hours as starts', () => {
    const starts = quarterHourStarts('2026-09-01');
    expect(starts).toHaveLength(96);
    expect([starts[0], starts[1], starts[95]]).toEqual(['2026-09-01T00:00:00Z', '2026-09-01T00:15:00Z', '2026-09-01T23:45:00Z']);
    expect(isoSeconds(Date.parse('2026-09-02T00:00:00Z'))).toBe('2026-09-02T00:00:00Z');
  });

  it('is a structured-mode CloudEvent keyed by the serial, from /headend/<name>, valid against the contract', () => {
    const data = dayMessageData(
      'SIM-M-1',
      'north-ami',
      '2026-09-01',
      values.map((v, i) => [i, v]),
      register,
    );
    const m = toKafka(data, { contracts, headend: 'north-ami', validate: true });
    expect(m.key).toBe('SIM-M-1');
    expect(m.headers).toEqual({ 'content-type': 'application/cloudevents+json' });
    const event = JSON.parse(m.value);
    expect(event).toMatchObject({
      specversion: '1.0',
      source: '/headend/north-ami',
      type: 'utilia.headend.meter-readings.v1',
      subject: 'SIM-M-1',
      datacontenttype: 'application/json',
    });
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const decoded = defaultRegistry.decode(readKafkaMessage({ key: Buffer.from(m.key), value: Buffer.from(m.value), headers: m.headers }).envelope);
    expect(decoded.type).toBe(MeterReadingsV1.type);
    expect(decoded.data).toEqual(data);
    const block = data.intervalBlocks[0];
    expect(block.readingType).toEqual({ measure: 'energy', unit: 'Wh', direction: 'import', intervalLength: 900 });
    expect(block.readings).toHaveLength(96);
    expect(block.readings[10]).toEqual({ start: '2026-09-01T02:30:00Z', value: String(values[10]) });
    expect(data.registerReads).toEqual([
      { readingType: { measure: 'energy', unit: 'kWh', direction: 'import' }, readAt: '2026-09-02T00:00:00Z', value: formatKwh(register) },
    ]);
    expect(readingsIn(data)).toBe(96);
  });

  it('of hourly data (--interval 60) has the sums of the quarter hours of each hour, and the same register', () => {
    const hourly = aggregate(values, 4);
    expect(hourly).toHaveLength(24);
    expect(hourly[2]).toBe(values[8] + values[9] + values[10] + values[11]);
    expect(sum(hourly)).toBe(sum(values));
    const data = dayMessageData(
      'SIM-M-1',
      'sim',
      '2026-09-01',
      hourly.map((v, i) => [i, v]),
      register,
      3600,
    );
    const block = data.intervalBlocks[0];
    expect(block.readingType.intervalLength).toBe(3600);
    expect(block.readings[2]).toEqual({ start: '2026-09-01T02:00:00Z', value: String(hourly[2]) });
    expect(data.registerReads[0].value).toBe(formatKwh(register));
    expect(intervalStarts('2026-09-01', 3600)[23]).toBe('2026-09-01T23:00:00Z');
    expect(() => toKafka(data, { contracts, validate: true })).not.toThrow();
  });

  it('of a late correction carries only the corrected intervals', () => {
    const data = correctionMessageData('SIM-M-1', 'sim', '2026-09-01', [
      [4, 77],
      [50, 301],
    ]);
    expect(data.registerReads).toEqual([]);
    expect(data.intervalBlocks[0].readings).toEqual([
      { start: '2026-09-01T01:00:00Z', value: '77' },
      { start: '2026-09-01T12:30:00Z', value: '301' },
    ]);
    expect(() => toKafka(data, { contracts, validate: true })).not.toThrow();
  });

  it('without intervals (all gaps) carries the register read only', () => {
    const data = meterReadingsData('SIM-M-1', 'sim', [], { readAt: '2026-09-01T00:15:00Z', wh: 12_000 });
    expect(data.intervalBlocks).toEqual([]);
    expect(readingsIn(data)).toBe(0);
    expect(() => toKafka(data, { contracts, validate: true })).not.toThrow();
  });

  it('is refused by the contract when it is not one (validate)', () => {
    const data = meterReadingsData('SIM-M-1', 'sim', [['2026-09-01 00:00', 5]]);
    expect(() => toKafka(data, { contracts, validate: true })).toThrow();
  });
});
