import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FIXTURES_DIR } from '../__fixtures__/tariffs';
import { main } from './main';

const run = (argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(
    argv,
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, out, err };
};

describe('rate CLI', () => {
  it('prints exactly one JSON object for a corpus scenario', () => {
    const r = run(['simulate', path.join(FIXTURES_DIR, 'rating/ssc-residential-tou-4period.json')]);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1);
    const json = JSON.parse(r.out[0]);
    expect(Object.keys(json)).toEqual(['currency', 'total', 'unroundedTotal', 'bills']);
    expect(json.bills).toHaveLength(12);
    expect(Object.keys(json.bills[0]).slice(0, 3)).toEqual(['periodStart', 'periodEnd', 'total']);
  });

  it('exits with 2 and names the bad field', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rate-'));
    const file = path.join(dir, 's.json');
    writeFileSync(file, JSON.stringify({ calendar: { start: '2025-01-01T00:00:00', timeZone: 'Nowhere/City' } }));
    const r = run(['simulate', file]);
    expect([r.code, r.out]).toEqual([2, []]);
    expect(r.err.join('\n')).toContain('calendar.timeZone');
  });

  it('exits with 2 when the load file is missing or the JSON is broken', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rate-'));
    const file = path.join(dir, 's.json');
    writeFileSync(
      file,
      JSON.stringify({
        tariff: { format: 'urdb', rate: { energyratestructure: [[{ rate: 0.1 }]] } },
        calendar: { start: '2025-01-01T00:00:00', timeZone: 'UTC' },
        load: { file: 'missing.csv', intervalMinutes: 60, unit: 'kW' },
      }),
    );
    expect(run(['simulate', file]).err.join('')).toContain('load.file cannot be read');
    writeFileSync(file, '{');
    expect(run(['simulate', file])).toMatchObject({ code: 2, err: ['invalid input: scenario is not valid JSON'] });
    expect(run(['price']).code).toBe(2);
  });
});
