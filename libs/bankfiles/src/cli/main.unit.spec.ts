import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readCamt } from '../camt/read';
import { camtSummary } from '../camt/summary';
import { GENKGO_SAMPLES, NACHA_EXPECTED, expectedNachaParse, paymentsPath, paymentsText } from '../testing/corpus';
import { SAMPLE_COLLECTION, SAMPLE_PPD_FILE } from '../testing/documents';
import { main } from './main';

const NOW = new Date('2026-05-02T09:30:15.123Z');

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), now: () => NOW });
  return { code, out, err };
}

const dir = mkdtempSync(path.join(tmpdir(), 'bank-file-'));
function tempFile(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('bank-file parse', () => {
  it.each(GENKGO_SAMPLES)('prints %s as one JSON object: the camt summary', async (sample) => {
    const file = paymentsPath(`camt053-genkgo/${sample}.xml`);
    const r = await run('parse', file);
    expect([r.code, r.err, r.out.length]).toEqual([0, [], 1]);
    expect(JSON.parse(r.out[0])).toEqual(camtSummary(readCamt(paymentsText(`camt053-genkgo/${sample}.xml`))));
  });

  it('exits with 2 and the reason for camt053.v2.wrong.xml, printing nothing on stdout', async () => {
    const file = paymentsPath('camt053-genkgo/camt053.v2.wrong.xml');
    expect(await run('parse', file)).toEqual({
      code: 2,
      out: [],
      err: [`bank-file: ${file}: Document/BkToCstmrStmt has no Stmt: a camt.053 message carries at least one`],
    });
  });

  it.each(NACHA_EXPECTED)('prints $file with its batches and totals', async (expected) => {
    const r = await run('parse', paymentsPath(`nacha-moov/${expected.file}`));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out[0])).toEqual(expectedNachaParse(expected));
  });

  it('reads the gzipped 200-batch file as a stream', async () => {
    const r = await run('parse', paymentsPath('nacha-moov/PPD-200-batches-100000-entries.ach.gz'));
    const printed = JSON.parse(r.out[0]);
    expect([
      r.code,
      printed.batches.length,
      printed.batches.reduce((n: number, b: { entryCount: number }) => n + b.entryCount, 0),
      printed.totalCredit,
    ]).toEqual([0, 200, 100_199, '201233987.66']);
  });

  it('reads a gzipped camt statement, and one with a byte order mark, as the plain file', async () => {
    const xml = readFileSync(paymentsPath('camt053-genkgo/camt053.v8.xml'));
    const plain = await run('parse', paymentsPath('camt053-genkgo/camt053.v8.xml'));
    expect((await run('parse', tempFile('v8.xml.gz', gzipSync(xml)))).out).toEqual(plain.out);
    expect((await run('parse', tempFile('v8-bom.xml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), xml])))).out).toEqual(plain.out);
  });

  it('lists the rules a readable file breaks in problems, and still exits with 0', async () => {
    const broken = paymentsText('nacha-moov/ppd-debit.ach').replace('82250000010023138010000200000000', '82250000010023138010000200000001');
    const r = await run('parse', tempFile('broken.ach', broken));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out[0]).problems).toEqual(['batch 1 control (record 4): total debit 2000000.01, but its debit entries add up to 2000000.00']);
  });

  it.each([
    ['a missing file', () => path.join(dir, 'missing.xml'), 'cannot be read (ENOENT)'],
    ['a folder', () => dir, 'cannot be read (EISDIR)'],
    ['an empty file', () => tempFile('empty.txt', ''), 'the file is empty'],
    [
      'a CSV file',
      () => tempFile('payments.csv', 'date,amount\n2026-05-01,8.85\n'),
      'neither ISO 20022 camt XML nor a NACHA file: it starts with "date,amount\\n2026-05-"',
    ],
    ['a broken gzip file', () => tempFile('broken.gz', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3])), 'not a readable gzip file'],
    [
      'XML that is not camt',
      () => paymentsPath('pain008/pain008-musterfile-postfinance-chdd.xml'),
      /is not an ISO 20022 camt.052, camt.053 or camt.054 Document$/,
    ],
  ])('exits with 2 and the reason for %s', async (_what, file, reason) => {
    const name = file();
    const r = await run('parse', name);
    expect([r.code, r.out, r.err.length]).toEqual([2, [], 1]);
    expect(r.err[0].startsWith(`bank-file: ${name}: `)).toBe(true);
    expect(r.err[0].slice(`bank-file: ${name}: `.length)).toMatch(reason);
  });
});

describe('bank-file pain008', () => {
  const input = tempFile('collection.json', JSON.stringify(SAMPLE_COLLECTION));

  it('prints the pain.008.001.02 document, and 001.08 with --version', async () => {
    const v02 = await run('pain008', input);
    const v08 = await run('pain008', input, '--version', '001.08');
    expect([v02.code, v08.code, v02.err, v08.err]).toEqual([0, 0, [], []]);
    expect(v02.out[0]).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"/);
    expect(v08.out[0]).toContain('xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.08"');
    expect(v02.out[0]).toContain('<CreDtTm>2026-05-02T08:00:00Z</CreDtTm>');
  });

  it('puts the current time, to the second, when the input has no createdAt', async () => {
    const { createdAt: _none, ...rest } = SAMPLE_COLLECTION;
    const r = await run('pain008', tempFile('no-time.json', JSON.stringify(rest)));
    expect(r.out[0]).toContain('<CreDtTm>2026-05-02T09:30:15Z</CreDtTm>');
  });

  it('exits with 2 naming each bad field', async () => {
    const bad = {
      ...SAMPLE_COLLECTION,
      transactions: SAMPLE_COLLECTION.transactions.map((t, i) => (i === 1 ? { ...t, debtor: { ...t.debtor, iban: 'NL91ABNA0417164301' } } : t)),
    };
    const file = tempFile('bad.json', JSON.stringify(bad));
    expect(await run('pain008', file)).toEqual({
      code: 2,
      out: [],
      err: [`bank-file: ${file}: transactions[1].debtor.iban: not an IBAN (ISO 13616: capitals and digits without spaces, right check digits)`],
    });
  });

  it('exits with 2 for a file that is not JSON and for a version it does not write', async () => {
    const notJson = tempFile('collection.txt', 'messageId: 1');
    expect((await run('pain008', notJson)).err[0]).toMatch(new RegExp(`^bank-file: ${notJson.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not JSON: `));
    expect((await run('pain008', input, '--version', '001.05')).err).toEqual([`bank-file: ${input}: --version must be 001.02 or 001.08, not "001.05"`]);
  });
});

describe('bank-file nacha', () => {
  it('prints the NACHA file of PPD debit batches', async () => {
    const r = await run('nacha', tempFile('ppd.json', JSON.stringify(SAMPLE_PPD_FILE)));
    expect(r.code).toBe(0);
    const records = r.out[0].split('\n');
    expect([records.length, records[2]]).toEqual([10, '627231380104000123456        0000008420ACCT-10042     ADA LOVELACE            0121042880000001']);
  });
});

describe('usage', () => {
  it.each([[[]], [['parse']], [['inspect', 'x']], [['parse', 'a', 'b']], [['parse', 'a', '--version', '001.08']], [['pain008', 'a', '--format', 'x']]])(
    'exits with 2 and prints the usage for %j',
    async (argv) => {
      const r = await run(...argv);
      expect([r.code, r.out]).toEqual([2, []]);
      expect(r.err[0]).toMatch(/^usage: bank-file parse <file>/);
    },
  );
});
