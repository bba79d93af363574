/**
 * The command as checks outside the test suite run it: `npm run --silent bank-file -- …` in its own process, over the
 * built library (tools/run/bank-file.mjs builds libs/bankfiles/dist first when a source is newer).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CAMT_PARSE_KEYS, EXPECTED_V8_PARSE, FIXTURES_DIR, GENKGO_SAMPLES, NACHA_EXPECTED, expectedNachaParse, paymentsPath } from '../testing/corpus';
import { SAMPLE_COLLECTION } from '../testing/documents';
import { validateXsd, xsdPath } from '../testing/xsd';

const ROOT = path.resolve(FIXTURES_DIR, '..');
const SCRIPT = path.join(ROOT, 'tools/run/bank-file.mjs');

/** `node tools/run/bank-file.mjs …`: what `npm run --silent bank-file -- …` runs, without npm's own start-up. */
function bankFile(...args: string[]) {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run --silent bank-file', () => {
  beforeAll(() => {
    // The first run may build the library (tsc): its output goes to stderr, never stdout.
    const first = bankFile('parse', paymentsPath('nacha-moov/ppd-debit.ach'));
    expect(first.code).toBe(0);
  }, 180_000);

  it('-- parse camt053.v8.xml prints exactly one JSON line in the fixed shape', () => {
    const r = spawnSync('npm', ['run', '--silent', 'bank-file', '--', 'parse', paymentsPath('camt053-genkgo/camt053.v8.xml')], { cwd: ROOT, encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toEqual(EXPECTED_V8_PARSE);
  });

  it.each(GENKGO_SAMPLES)('-- parse %s.xml exits with 0, every key present', (sample) => {
    const r = bankFile('parse', paymentsPath(`camt053-genkgo/${sample}.xml`));
    expect([r.code, r.stderr]).toEqual([0, '']);
    const printed = JSON.parse(r.stdout);
    expect(Object.keys(printed)).toEqual(CAMT_PARSE_KEYS.document);
    for (const s of printed.statements) {
      expect(Object.keys(s)).toEqual(CAMT_PARSE_KEYS.statement);
      for (const e of s.entries) expect(Object.keys(e)).toEqual(CAMT_PARSE_KEYS.entry);
    }
  });

  it('-- parse camt053.v2.multi.statement.xml: two statements that reconcile, no problems', () => {
    const printed = JSON.parse(bankFile('parse', paymentsPath('camt053-genkgo/camt053.v2.multi.statement.xml')).stdout);
    expect(printed.statements.map((s: Record<string, unknown>) => [s.openingBalance, s.closingBalance, s.reconciles])).toEqual([
      ['18.15', '27.00', true],
      ['27.00', '20.00', true],
    ]);
    expect(printed.problems).toEqual([]);
  });

  it('-- parse camt053.v2.wrong.xml exits with 2 and the reason on stderr', () => {
    const file = paymentsPath('camt053-genkgo/camt053.v2.wrong.xml');
    expect(bankFile('parse', file)).toEqual({
      code: 2,
      stdout: '',
      stderr: `bank-file: ${file}: Document/BkToCstmrStmt has no Stmt: a camt.053 message carries at least one\n`,
    });
  });

  it.each(NACHA_EXPECTED)('-- parse $file prints its batch and totals', (expected) => {
    const r = bankFile('parse', paymentsPath(`nacha-moov/${expected.file}`));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expectedNachaParse(expected));
  });

  it('-- parse the gzipped 200-batch file: the figures of its file control', () => {
    const r = bankFile('parse', paymentsPath('nacha-moov/PPD-200-batches-100000-entries.ach.gz'));
    const printed = JSON.parse(r.stdout);
    expect([r.code, printed.batches.length, printed.batches.reduce((n: number, b: { entryCount: number }) => n + b.entryCount, 0)]).toEqual([0, 200, 100_199]);
    expect([printed.totalDebit, printed.totalCredit, printed.problems]).toEqual(['0.00', '201233987.66', []]);
  });

  it('-- parse of a file that does not exist exits with 2 and says so', () => {
    const file = path.join(tmpdir(), 'no-such-statement.xml');
    expect(bankFile('parse', file)).toEqual({ code: 2, stdout: '', stderr: `bank-file: ${file}: cannot be read (ENOENT)\n` });
  });

  it('-- pain008 prints documents valid against the official XSDs, for 001.02 and --version 001.08', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bank-file-cli-'));
    const input = path.join(dir, 'collection.json');
    writeFileSync(input, JSON.stringify(SAMPLE_COLLECTION));
    const v02 = bankFile('pain008', input);
    const v08 = bankFile('pain008', input, '--version', '001.08');
    expect([v02.code, v08.code, v02.stderr, v08.stderr]).toEqual([0, 0, '', '']);
    expect(
      validateXsd([
        { xsd: xsdPath('pain.008.001.02'), xml: v02.stdout },
        { xsd: xsdPath('pain.008.001.08'), xml: v08.stdout },
      ]),
    ).toEqual([
      { valid: true, errors: [] },
      { valid: true, errors: [] },
    ]);
  });

  it('-- pain008 with invalid input exits with 2 naming the field', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bank-file-cli-'));
    const input = path.join(dir, 'bad.json');
    const [t0, t1] = SAMPLE_COLLECTION.transactions;
    writeFileSync(
      input,
      JSON.stringify({
        ...SAMPLE_COLLECTION,
        transactions: [
          { ...t0, amount: '0' },
          { ...t1, debtor: { ...t1.debtor, iban: 'DE00123' } },
        ],
      }),
    );
    const r = bankFile('pain008', input);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe(
      `bank-file: ${input}: transactions[1].debtor.iban: not an IBAN (ISO 13616: capitals and digits without spaces, right check digits)\n`,
    );
  });
});
