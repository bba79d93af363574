import { SERVICE_KIND, UOM } from './codes';
import { scaledValue, powerOfTen } from './energy';
import { corpusText, corpusXmlFiles, canonicalDecimal, expectedInspect, expectedRendering } from './testing/corpus';
import { inspect } from './inspect';
import { parseEspi } from './parse';

const expected = expectedInspect();

describe('the Green Button reference corpus', () => {
  it('lists every XML file of fixtures/greenbutton in EXPECTED_INSPECT.json, and nothing else', () => {
    expect(corpusXmlFiles()).toEqual(Object.keys(expected).sort());
  });

  it.each(corpusXmlFiles())('%s summarises to its entry of EXPECTED_INSPECT.json', (file) => {
    expect(inspect(parseEspi(corpusText(file))).intervalBlocks).toEqual(expected[file].intervalBlocks);
  });
});

// Each cost is in hundred-thousandths of the currency (ESPI `cost`): 819 → $0.00819.
const COST_EXPONENT = -5;

describe.each([
  ['greenbutton_objects/electric_containerized.xml', 'greenbutton_objects/expected_electric_containerized.txt', 8],
  ['greenbutton_objects/gas_direct.xml', 'greenbutton_objects/expected_gas_direct.txt', 5],
  ['greenbutton_objects/TestGBDataHourlyNineDaysBinnedDaily.xml', 'greenbutton_objects/expected_TestGBDataHourlyNineDaysBinnedDaily.txt', 216],
])('%s read as greenbutton_objects renders it (%s, %d readings)', (xmlFile, expectedFile, count) => {
  const doc = parseEspi(corpusText(xmlFile));
  const rendering = expectedRendering(expectedFile);

  it('names the same usage point and service', () => {
    expect(doc.usagePoints).toHaveLength(1);
    expect(doc.usagePoints[0].entry?.title).toBe(rendering.usagePointTitle);
    expect(SERVICE_KIND[doc.usagePoints[0].serviceCategoryKind ?? '']).toBe(rendering.service.toLowerCase());
  });

  it('gives every reading its start, duration, value in the unit of its linked ReadingType, and cost, in the same order', () => {
    const actual = doc.intervalBlocks.flatMap((block) => {
      expect(block.readingTypeResolution).toBe('link');
      const readingType = block.readingType;
      if (!readingType) throw new Error(`${block.path} has no ReadingType`);
      return block.readings.map((r) => ({
        start: r.timePeriod.start,
        seconds: r.timePeriod.duration,
        value: scaledValue(r.value, powerOfTen(readingType)),
        unit: UOM[readingType.fields.uom ?? ''],
        ...(r.cost === undefined ? {} : { cost: scaledValue(r.cost, COST_EXPONENT) }),
      }));
    });
    const wanted = rendering.readings.map((r) => ({
      ...r,
      value: canonicalDecimal(r.value),
      ...(r.cost === undefined ? {} : { cost: canonicalDecimal(r.cost) }),
    }));
    expect(wanted).toHaveLength(count);
    expect(actual).toHaveLength(count);
    expect(actual).toEqual(wanted);
  });
});
