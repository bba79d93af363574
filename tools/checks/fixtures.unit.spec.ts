import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

// fixtures/ holds verbatim copies of the outside reference corpus so that a clone needs nothing beside it.
// Where the corpus is at hand (developer machines, CI with ../shared), every copy must still equal its original:
// a fixture edited to make a test pass would otherwise go unnoticed.
const root = path.resolve(__dirname, '..', '..');
const fixtures = path.join(root, 'fixtures');
const corpus = process.env.UTILIA_SHARED_DIR ? path.resolve(process.env.UTILIA_SHARED_DIR, 'corpus') : path.resolve(root, '..', 'shared', 'corpus');
const corpusPresent = existsSync(corpus) && statSync(corpus).isDirectory();

/** Files written or fetched for fixtures/ itself, not copied from the corpus. */
const NOT_FROM_CORPUS = ['loads/LICENSE-bellawatt-electric-rate-engine.txt'];
const isReadme = (rel: string) => path.basename(rel) === 'README.md';

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const all = filesUnder(fixtures);
const copies = all.filter((rel) => !isReadme(rel) && !NOT_FROM_CORPUS.includes(rel));

describe('fixtures/', () => {
  it('holds corpus copies, and the files exempt from comparison exist', () => {
    expect(copies.length).toBeGreaterThan(0);
    expect(NOT_FROM_CORPUS.filter((rel) => !all.includes(rel))).toEqual([]);
  });

  it(
    corpusPresent
      ? `every copy is byte-identical to the reference corpus file of the same relative path (${corpus})`
      : `the reference corpus is absent (${corpus}): the copies are not compared`,
    () => {
      // A clone without ../shared has nothing to compare against; the copies were checked where the corpus was.
      if (!corpusPresent) return;
      const differing = copies.flatMap((rel) => {
        const original = path.join(corpus, rel);
        if (!existsSync(original)) return [`${rel}: not in the corpus`];
        return sha256(path.join(fixtures, rel)) === sha256(original) ? [] : [`${rel}: differs from the corpus`];
      });
      expect(differing).toEqual([]);
    },
  );

  const scenarios = copies.filter((rel) => rel.startsWith('rating/') && rel.endsWith('.json'));

  it('holds the rating scenarios', () => {
    expect(scenarios.length).toBeGreaterThan(0);
  });

  it.each(scenarios)('%s names load and generation profiles that are files inside fixtures/', (rel) => {
    const file = path.join(fixtures, rel);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    const refs: string[] = [json.load?.file, json.generation?.file].filter((f) => f !== undefined);
    expect(refs.length).toBeGreaterThan(0);
    const outside = refs.filter((ref) => {
      const target = path.resolve(path.dirname(file), ref);
      const within = path.relative(fixtures, target);
      const inside = within !== '' && !within.startsWith('..') && !path.isAbsolute(within);
      return !inside || !existsSync(target) || !statSync(target).isFile();
    });
    expect(outside).toEqual([]);
  });

  // The bank files libs/bankfiles and the bank-file CLI read (fixtures/payments): all of corpus/payments, each named in
  // the folder's README, and the gzipped NACHA file a real gzip stream (a Git LFS pointer would pass a size check).
  const payments = copies.filter((rel) => rel.startsWith('payments/'));

  it('holds the payments files, each named in fixtures/payments/README.md', () => {
    expect(payments.length).toBeGreaterThan(0);
    const readme = readFileSync(path.join(fixtures, 'payments', 'README.md'), 'utf8');
    const stem = (rel: string) => path.basename(rel).replace(/\.[^.]+$/, '');
    expect(payments.filter((rel) => !readme.includes(stem(rel)))).toEqual([]);
  });

  it(
    corpusPresent ? 'holds every file of the corpus payments folder' : `the reference corpus is absent (${corpus}): the payments folder is not compared`,
    () => {
      if (!corpusPresent) return;
      const missing = filesUnder(path.join(corpus, 'payments')).filter((rel) => !payments.includes(`payments/${rel}`));
      expect(missing).toEqual([]);
    },
  );

  it('holds the 200-batch NACHA file as gzip whose first record is a NACHA file header', () => {
    const text = gunzipSync(readFileSync(path.join(fixtures, 'payments/nacha-moov/PPD-200-batches-100000-entries.ach.gz'))).toString('latin1');
    expect(text.slice(0, 3)).toBe('101');
    expect(text.split('\n').filter((line) => line.startsWith('6'))).toHaveLength(100_199);
  });
});
