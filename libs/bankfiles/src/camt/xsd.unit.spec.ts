import { GENKGO_SAMPLES, paymentsText } from '../testing/corpus';
import { validateXsd, xsdPath, type XsdVerdict } from '../testing/xsd';

// The corpus ships the camt.053 XSDs of versions 02, 04 and 08 (genkgo/camt's assets): the v3 sample has none.
const VERSIONED = [...GENKGO_SAMPLES.filter((s) => s !== 'camt053.v3'), 'camt053.v2.wrong'].map((sample) => ({
  sample,
  message: `camt.053.001.0${/\.v(\d)/.exec(sample)?.[1]}`,
}));

describe('the genkgo camt.053 samples against the official camt.053 XSDs', () => {
  let verdicts: Record<string, XsdVerdict>;
  beforeAll(() => {
    const results = validateXsd(VERSIONED.map(({ sample, message }) => ({ xsd: xsdPath(message), xml: paymentsText(`camt053-genkgo/${sample}.xml`) })));
    verdicts = Object.fromEntries(VERSIONED.map(({ sample }, i) => [sample, results[i]]));
  });

  it.each(VERSIONED.filter((v) => v.sample !== 'camt053.v2.wrong'))('$sample is valid against $message.xsd', ({ sample }) => {
    expect(verdicts[sample]).toEqual({ valid: true, errors: [] });
  });

  it('camt053.v2.wrong is not: a BkToCstmrStmt needs a Stmt (what genkgo/camt refuses it for, and this reader too)', () => {
    expect(verdicts['camt053.v2.wrong'].valid).toBe(false);
    expect(verdicts['camt053.v2.wrong'].errors.join('\n')).toContain('BkToCstmrStmt');
    expect(verdicts['camt053.v2.wrong'].errors.join('\n')).toContain(
      'Missing child element(s). Expected is ( {urn:iso:std:iso:20022:tech:xsd:camt.053.001.02}Stmt )',
    );
  });
});
