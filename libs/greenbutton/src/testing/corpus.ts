/** Test helpers of the Green Button corpus (fixtures/greenbutton) and its expected files, for this library's tests and the metering service's (`@utilia/greenbutton/testing`). */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { IntervalBlockSummary } from '../inspect';

/** The repository's `fixtures/` folder: verbatim copies of the outside reference corpus (see its README.md). */
export const FIXTURES_DIR = path.resolve(__dirname, '../../../../fixtures');

/** `fixtures/greenbutton`. */
export const GREENBUTTON_DIR = path.join(FIXTURES_DIR, 'greenbutton');

/** A corpus file's text, by its path relative to `fixtures/greenbutton`. */
export function corpusText(relative: string): string {
  return readFileSync(path.join(GREENBUTTON_DIR, relative), 'utf8');
}

/** Every `.xml` file under `fixtures/greenbutton`, relative, sorted. */
export function corpusXmlFiles(dir = GREENBUTTON_DIR, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? corpusXmlFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : e.name.endsWith('.xml') ? [`${prefix}${e.name}`] : []))
    .sort();
}

/** `EXPECTED_INSPECT.json`: per file, what `meter-data inspect` prints. */
export function expectedInspect(): Record<string, { intervalBlocks: IntervalBlockSummary[] }> {
  return JSON.parse(corpusText('EXPECTED_INSPECT.json'));
}

/** One line of a greenbutton_objects `expected_*.txt` rendering. */
export interface ExpectedReading {
  readonly start: number;
  readonly seconds: number;
  /** Value in the unit, as printed (a decimal). */
  readonly value: string;
  readonly unit: string;
  /** Cost in currency units, as printed without `$`; absent when the line shows none. */
  readonly cost?: string;
}

/** A greenbutton_objects rendering: its header line and one reading per line. */
export interface ExpectedRendering {
  readonly usagePointTitle: string;
  readonly service: string;
  readonly readings: readonly ExpectedReading[];
}

// The rendering (tests/helpers/feed_repr.py of greenbutton_objects) writes, per usage point and meter reading:
//   UsagePoint (<title>) Service: <SERVICE> (-1) Meter Reading (<title>) <reading type>:
//       <YYYY-MM-DD HH:MM:SS+00:00>, <Python timedelta>: <value> <unit>[($<cost>)]
const HEADER = /^UsagePoint \((.*)\) Service: (\w+) /;
const LINE = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\+00:00), (.+): (-?\d+(?:\.\d+)?) (\w+)(?:\(\$(-?\d+(?:\.\d+)?)\))?$/;
const TIMEDELTA = /^(?:(\d+) days?, )?(\d+):(\d\d):(\d\d)$/;

/** Reads a greenbutton_objects `expected_*.txt` file. */
export function expectedRendering(relative: string): ExpectedRendering {
  const lines = corpusText(relative)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const header = HEADER.exec(lines[0]);
  if (!header) throw new Error(`${relative}: unexpected header ${lines[0]}`);
  const readings = lines.slice(1).map((line) => {
    const m = LINE.exec(line);
    const d = m && TIMEDELTA.exec(m[4]);
    if (!m || !d) throw new Error(`${relative}: unexpected line ${line}`);
    const seconds = Number(d[1] ?? 0) * 86_400 + Number(d[2]) * 3600 + Number(d[3]) * 60 + Number(d[4]);
    return { start: Date.parse(`${m[1]}T${m[2]}${m[3]}`) / 1000, seconds, value: m[5], unit: m[6], ...(m[7] === undefined ? {} : { cost: m[7] }) };
  });
  return { usagePointTitle: header[1], service: header[2], readings };
}

/** A decimal string in canonical form: no leading zeros, no trailing fractional zeros (`51.0` → `51`, `0.008190` → `0.00819`). */
export function canonicalDecimal(decimal: string): string {
  const negative = decimal.startsWith('-');
  const [whole, fraction = ''] = (negative ? decimal.slice(1) : decimal).split('.');
  let f = fraction;
  while (f.endsWith('0')) f = f.slice(0, -1);
  const w = BigInt(whole).toString();
  const body = f === '' ? w : `${w}.${f}`;
  return negative && body !== '0' ? `-${body}` : body;
}

/** A small feed: `entries` are Atom entry bodies (links, title, content) inside an Atom feed with the `espi` prefix. */
export function feed(...entries: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:espi="http://naesb.org/espi">
  <id>urn:uuid:00000000-0000-0000-0000-000000000000</id>
  <title>test feed</title>
  ${entries.map((e) => `<entry>${e}</entry>`).join('\n  ')}
</feed>`;
}

/** An `espi:IntervalReading` with the given start, duration, value and optional cost. */
export function reading(start: number | string, duration: number | string, value: number | string, cost?: number | string): string {
  return `<espi:IntervalReading>${cost === undefined ? '' : `<espi:cost>${cost}</espi:cost>`}<espi:timePeriod><espi:duration>${duration}</espi:duration><espi:start>${start}</espi:start></espi:timePeriod><espi:value>${value}</espi:value></espi:IntervalReading>`;
}
