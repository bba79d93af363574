import { EspiParseError } from './errors';
import { corpusText, feed, reading } from './testing/corpus';
import { inspect } from './inspect';
import { parseEspi } from './parse';

const HOUR = 3600;
const at = (iso: string) => Date.parse(iso) / 1000;

/** The error `parseEspi(xml)` throws. */
function parseError(xml: string): EspiParseError {
  try {
    parseEspi(xml);
  } catch (e) {
    if (e instanceof EspiParseError) return e;
    throw e;
  }
  throw new Error('parseEspi did not throw');
}

describe('parseEspi: order and time', () => {
  it('keeps a feed in descending time order as written, newest reading first', () => {
    const [block] = parseEspi(corpusText('intervals_APUC000000_electric.xml')).intervalBlocks;
    const starts = block.readings.map((r) => r.timePeriod.start);
    expect(starts).toHaveLength(300);
    expect(starts[0]).toBe(at('2023-03-07T05:00:00Z'));
    expect(starts[299]).toBe(at('2023-02-22T18:00:00Z'));
    expect(starts.every((s, i) => i === 0 || s === starts[i - 1] - HOUR)).toBe(true);
  });

  it('reads the DST days of 2013 and 2014 as the 23- and 25-hour daily readings written, and the days stay contiguous', () => {
    const doc = parseEspi(corpusText('ESPIIntervalBlock.xml'));
    const readings = doc.intervalBlocks.flatMap((b) => b.readings);
    expect(readings).toHaveLength(444);
    const odd = readings.filter((r) => r.timePeriod.duration !== 86_400).map((r) => [new Date(r.timePeriod.start * 1000).toISOString(), r.timePeriod.duration]);
    expect(odd).toEqual([
      ['2013-03-10T05:00:00.000Z', 82_800],
      ['2013-11-03T04:00:00.000Z', 90_000],
      ['2014-03-09T05:00:00.000Z', 82_800],
    ]);
    const gaps = readings.filter((r, i) => i > 0 && r.timePeriod.start !== readings[i - 1].timePeriod.start + readings[i - 1].timePeriod.duration);
    expect(gaps).toEqual([]);
  });

  it('gives each block its interval and each reading its cost, value and quality codes as written', () => {
    const pge = parseEspi(corpusText('PGEIntervalBlock.xml'));
    expect(pge.intervalBlocks).toHaveLength(24);
    expect(pge.intervalBlocks[1]).toMatchObject({
      path: 'feed/entry[2]/content/IntervalBlock',
      interval: { start: 1430377200, duration: 7200 },
      readings: [
        { timePeriod: { start: 1430377200, duration: 3600 }, value: '86400', qualities: ['17'] },
        { timePeriod: { start: 1430380800, duration: 3600 }, value: '33000', qualities: ['17'] },
      ],
    });
    expect(pge.intervalBlocks[1].readings[0].cost).toBeUndefined();
    const [first] = parseEspi(corpusText('ESPIIntervalBlock.xml')).intervalBlocks[0].readings;
    expect(first).toEqual({ timePeriod: { start: 1357016400, duration: 86_400 }, value: '21021', cost: '256347' });
  });

  it('keeps values the strings written, so sums past 2^53 stay exact', () => {
    const doc = parseEspi(
      feed(
        `<content><espi:IntervalBlock>${reading(0, 900, '9007199254740993', '+0012')}${reading(900, 900, '9007199254740993')}</espi:IntervalBlock></content>`,
      ),
    );
    expect(doc.intervalBlocks[0].readings.map((r) => r.value)).toEqual(['9007199254740993', '9007199254740993']);
    expect(doc.intervalBlocks[0].readings[0].cost).toBe('+0012');
    expect(inspect(doc).intervalBlocks[0]).toMatchObject({ valueSum: '18014398509481986', costSum: '12' });
  });
});

describe('parseEspi: document shapes', () => {
  const block = (prefix: string) =>
    `<${prefix}IntervalBlock><${prefix}IntervalReading><${prefix}timePeriod><${prefix}duration>900</${prefix}duration><${prefix}start>1700000000</${prefix}start></${prefix}timePeriod><${prefix}value>42</${prefix}value></${prefix}IntervalReading></${prefix}IntervalBlock>`;
  const readings = (xml: string) => parseEspi(xml).intervalBlocks.map((b) => b.readings);
  const expected = [[{ timePeriod: { start: 1700000000, duration: 900 }, value: '42' }]];

  it('reads the espi: prefix, ns0:/ns1: prefixes and a default namespace alike', () => {
    expect(readings(feed(`<content>${block('espi:')}</content>`))).toEqual(expected);
    expect(
      readings(
        `<ns1:feed xmlns:ns1="http://www.w3.org/2005/Atom" xmlns:ns0="http://naesb.org/espi"><ns1:entry><ns1:content>${block('ns0:')}</ns1:content></ns1:entry></ns1:feed>`,
      ),
    ).toEqual(expected);
    expect(
      readings(
        `<feed xmlns="http://www.w3.org/2005/Atom"><entry><content>${block('').replace('<IntervalBlock>', '<IntervalBlock xmlns="http://naesb.org/espi">')}</content></entry></feed>`,
      ),
    ).toEqual(expected);
  });

  it('reads a bare IntervalBlock, a single Atom entry, and a byte order mark', () => {
    expect(readings(block(''))).toEqual(expected);
    expect(parseEspi(block('')).intervalBlocks[0]).toMatchObject({ path: 'IntervalBlock', readingTypeResolution: 'none' });
    expect(readings(`<entry xmlns="http://www.w3.org/2005/Atom"><content>${block('')}</content></entry>`)).toEqual(expected);
    expect(readings(`\uFEFF${block('')}`)).toEqual(expected);
  });

  it('gives a ReadingType every child element as written', () => {
    const doc = parseEspi(corpusText('ESPIReadingType.xml'));
    expect(doc.readingTypes).toHaveLength(1);
    expect(doc.readingTypes[0].fields).toEqual({
      accumulationBehaviour: '4',
      commodity: '1',
      currency: '840',
      dataQualifier: '12',
      flowDirection: '1',
      intervalLength: '300',
      kind: '12',
      phase: '769',
      powerOfTenMultiplier: '0',
      timeAttribute: '0',
      uom: '72',
    });
    expect(doc.readingTypes[0].entry).toMatchObject({
      index: 1,
      title: 'Energy Delivered (Wh)',
      self: 'https://services.greenbuttondata.org//DataCustodian/espi/1_1/resource/ReadingType/11',
    });
    const pge = parseEspi(corpusText('PGEReadingType.xml'));
    expect(pge.readingTypes).toHaveLength(48);
    expect(pge.readingTypes[0].fields).toMatchObject({
      uom: '72',
      powerOfTenMultiplier: '3',
      intervalLength: '900',
      measuringPeriod: '2',
      defaultQuality: '17',
    });
  });

  it('returns LocalTimeParameters and raw UsageSummaries as written', () => {
    expect(parseEspi(corpusText('PGELocalTimeParameters.xml')).localTimeParameters?.fields).toEqual({
      dstEndRule: 'B40E2000',
      dstOffset: '3600',
      dstStartRule: '360E2000',
      tzOffset: '-28800',
    });
    const [summary] = parseEspi(corpusText('ESPIUsageSummary.xml')).usageSummaries;
    expect(summary.element).toBe('UsageSummary');
    expect(summary.content).toMatchObject({
      billingPeriod: { duration: '2419200', start: '1391230800' },
      billLastPeriod: '6752000',
      overallConsumptionLastPeriod: { powerOfTenMultiplier: '0', uom: '72', value: '625716' },
      qualityOfReading: '14',
    });
    expect(parseEspi(corpusText('BulkSCEUsageSummaryAndIntervalBlock.xml')).usageSummaries).toHaveLength(7);
  });
});

describe('parseEspi: the ReadingType of a block', () => {
  it('follows the MeterReading links to the ReadingType of the block, not the other one of the feed', () => {
    const doc = parseEspi(corpusText('intervals_APUC000000_electric.xml'));
    expect(doc.readingTypes.map((rt) => rt.fields.uom)).toEqual(['72', '169']);
    expect(doc.intervalBlocks[0].readingTypeResolution).toBe('link');
    expect(doc.intervalBlocks[0].readingType).toBe(doc.readingTypes[0]);
  });

  it('follows a MeterReading that lists the block itself as related (the gas feed)', () => {
    const doc = parseEspi(corpusText('greenbutton_objects/gas_direct.xml'));
    expect(doc.intervalBlocks[0]).toMatchObject({ readingTypeResolution: 'link', readingType: { fields: { uom: '169', powerOfTenMultiplier: '-3' } } });
  });

  it('leaves a block without ReadingType when two different ReadingTypes share the linked href', () => {
    const doc = parseEspi(corpusText('BulkSCEUsageSummaryAndIntervalBlock.xml'));
    expect(doc.readingTypes.map((rt) => rt.fields.accumulationBehaviour)).toEqual(['4', '2']);
    expect(doc.intervalBlocks[0].readingTypeResolution).toBe('ambiguous');
    expect(doc.intervalBlocks[0].readingType).toBeUndefined();
  });

  it('falls back to the only ReadingType of a document without links, and to none when there is no ReadingType', () => {
    const doc = parseEspi(
      feed(
        '<content><espi:ReadingType><espi:uom>72</espi:uom></espi:ReadingType></content>',
        `<content><espi:IntervalBlock>${reading(0, 900, 1)}</espi:IntervalBlock></content>`,
      ),
    );
    expect(doc.intervalBlocks[0]).toMatchObject({ readingTypeResolution: 'only-in-document', readingType: doc.readingTypes[0] });
    expect(parseEspi(corpusText('PGEIntervalBlock.xml')).intervalBlocks.every((b) => b.readingTypeResolution === 'none' && !b.readingType)).toBe(true);
  });
});

describe('parseEspi: a document it cannot read names where', () => {
  const block = (...readings: string[]) => `<title>Block A</title><content><espi:IntervalBlock>${readings.join('')}</espi:IntervalBlock></content>`;

  it('a reading without a start names its element path and the entry title', () => {
    const e = parseError(
      feed(
        '<title>Usage point</title><content/>',
        block(
          reading(0, 900, 1),
          '<espi:IntervalReading><espi:timePeriod><espi:duration>900</espi:duration></espi:timePeriod><espi:value>1</espi:value></espi:IntervalReading>',
        ),
      ),
    );
    expect(e.code).toBe('missing-element');
    expect(e.where).toBe('feed/entry[2]/content/IntervalBlock/IntervalReading[2]/timePeriod/start');
    expect(e.message).toBe('feed/entry[2]/content/IntervalBlock/IntervalReading[2]/timePeriod/start is missing (entry "Block A")');
  });

  it('a non-numeric duration, start, value or cost is named with the text found', () => {
    expect(parseError(feed(block(reading(0, '1h', 1)))).message).toBe(
      'feed/entry[1]/content/IntervalBlock/IntervalReading[1]/timePeriod/duration must be a non-negative integer, found "1h" (entry "Block A")',
    );
    expect(parseError(feed(block(reading(0, -900, 1)))).code).toBe('invalid-number');
    expect(parseError(feed(block(reading('2024-01-01', 900, 1)))).where).toBe('feed/entry[1]/content/IntervalBlock/IntervalReading[1]/timePeriod/start');
    expect(parseError(feed(block(reading(0, 900, '1.5')))).message).toContain('IntervalReading[1]/value must be an integer, found "1.5"');
    expect(parseError(feed(block(reading(0, 900, 1, '$3')))).where).toBe('feed/entry[1]/content/IntervalBlock/IntervalReading[1]/cost');
    expect(parseError(feed(block(reading(0, 900, '')))).where).toBe('feed/entry[1]/content/IntervalBlock/IntervalReading[1]/value');
  });

  it('a block interval without start, or a reading without value, is named', () => {
    const e = parseError(
      feed('<content><espi:IntervalBlock><espi:interval><espi:duration>3600</espi:duration></espi:interval></espi:IntervalBlock></content>'),
    );
    expect(e.message).toBe('feed/entry[1]/content/IntervalBlock/interval/start is missing');
    expect(
      parseError('<IntervalBlock><IntervalReading><timePeriod><duration>1</duration><start>0</start></timePeriod></IntervalReading></IntervalBlock>').message,
    ).toBe('IntervalBlock/IntervalReading[1]/value is missing');
  });

  it('XML that is not well-formed is refused with its line and column', () => {
    const e = parseError('<feed>\n  <entry>\n</feed>');
    expect(e.code).toBe('not-xml');
    expect(e.message).toMatch(/^not well-formed XML at line 3, column \d+: /);
    expect(parseError('').message).toBe('the document is empty: no root element');
    expect(parseError('<?xml version="1.0"?>\n<!-- nothing -->').code).toBe('not-xml');
    expect(parseError('<IntervalBlock/><IntervalBlock/>').message).toBe('not well-formed XML: more than one root element (IntervalBlock, IntervalBlock)');
    expect(parseError('plain text').code).toBe('not-xml');
  });

  it('a root that is neither Atom nor ESPI is refused by name', () => {
    const e = parseError('<html><body>Green Button</body></html>');
    expect(e.code).toBe('not-espi');
    expect(e.message).toMatch(/^html: the root element is neither an Atom feed or entry nor an ESPI element/);
  });
});
