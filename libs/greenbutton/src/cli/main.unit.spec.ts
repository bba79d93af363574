import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { corpusXmlFiles, expectedInspect, feed, GREENBUTTON_DIR, reading } from '../testing/corpus';
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

const expected = expectedInspect();

function tempFile(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'meter-data-')), name);
  writeFileSync(file, text);
  return file;
}

describe('meter-data CLI', () => {
  it.each(corpusXmlFiles())('inspect %s prints exactly one JSON object: its EXPECTED_INSPECT.json entry, and the reading types', (file) => {
    const r = run(['inspect', path.join(GREENBUTTON_DIR, file)]);
    expect([r.code, r.err]).toEqual([0, []]);
    expect(r.out).toHaveLength(1);
    const printed = JSON.parse(r.out[0]);
    expect(Object.keys(printed)).toEqual(['intervalBlocks', 'readingTypes']);
    expect(printed.intervalBlocks).toEqual(expected[file].intervalBlocks);
  });

  it('inspect lists the ReadingTypes’ fields, in document order', () => {
    const r = run(['inspect', path.join(GREENBUTTON_DIR, 'intervals_APUC000000_electric.xml')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out[0]).readingTypes).toEqual([
      { powerOfTenMultiplier: '0', uom: '72', flowDirection: '1' },
      { powerOfTenMultiplier: '3', uom: '169', flowDirection: '1' },
    ]);
  });

  it('exits with 2 and names the file and the element when a reading has no start', () => {
    const file = tempFile(
      'bad.xml',
      feed(`<title>Day 1</title><content><espi:IntervalBlock>${reading(0, 900, 1)}${reading('', 900, 1)}</espi:IntervalBlock></content>`),
    );
    const r = run(['inspect', file]);
    expect([r.code, r.out]).toEqual([2, []]);
    expect(r.err).toEqual([
      `meter-data: ${file}: feed/entry[1]/content/IntervalBlock/IntervalReading[2]/timePeriod/start must be an integer, found "" (entry "Day 1")`,
    ]);
  });

  it('exits with 2 for XML that is not well-formed, a missing file, and bad usage', () => {
    const file = tempFile('broken.xml', '<feed>\n<entry>\n</feed>\n');
    const broken = run(['inspect', file]);
    expect([broken.code, broken.out]).toEqual([2, []]);
    expect(broken.err[0]).toMatch(new RegExp(`^meter-data: ${file.split('\\').join('\\\\')}: not well-formed XML at line 3`));
    expect(run(['inspect', path.join(GREENBUTTON_DIR, 'missing.xml')])).toMatchObject({
      code: 2,
      err: [expect.stringContaining('missing.xml: cannot be read')],
    });
    expect(run(['summarise', file]).code).toBe(2);
    expect(run(['inspect']).code).toBe(2);
    expect(run(['inspect', file, file]).err).toEqual(['usage: meter-data inspect <file.xml>']);
  });
});
