/**
 * Command line (`npm run --silent bank-file -- …`), the only part of the library that does I/O:
 *
 * - `parse <file>`: a camt.052/053/054 statement (XML) or a NACHA ACH file, gzipped or not, printed as one JSON object
 *   (the shapes of {@link camtSummary} and {@link nachaSummary}); rules the file breaks are listed in `problems`.
 * - `pain008 <collection.json> [--version 001.02|001.08]`: the pain.008 document of a direct-debit collection.
 * - `nacha <ppd-debits.json>`: the NACHA file of PPD debit batches.
 *
 * A file that cannot be read, or input that is not valid, exits with 2 and says why on stderr (`bank-file: <file>: …`,
 * one line per bad field); anything unexpected exits with 1.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { readCamt } from '../camt/read';
import { camtSummary } from '../camt/summary';
import { BankFileError, InvalidInput } from '../errors';
import { NachaReader } from '../nacha/read';
import { nachaSummary } from '../nacha/summary';
import type { Pain008Version } from '../pain008/write';

const USAGE = [
  'usage: bank-file parse <file>                         camt.052/053/054 XML or NACHA, gzipped or not: one JSON object',
  '       bank-file pain008 <collection.json> [--version 001.02|001.08]   a pain.008 direct-debit initiation',
  '       bank-file nacha <ppd-debits.json>              a NACHA file of PPD debit batches',
].join('\n');

/** Where the CLI writes, and its clock (pain.008's creation time when the input gives none). */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly now: () => Date;
}

/** A reason the command cannot go on: exit 2 with these lines. */
class Refusal extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
  }
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** The file's text, chunk by chunk, gunzipped when it starts with the gzip magic bytes. */
async function* chunks(file: string): AsyncGenerator<string> {
  const head = await readHead(file);
  const raw = createReadStream(file);
  const gzipped = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  const stream = gzipped ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (e) => stream.destroy(e));
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of stream) yield decoder.write(chunk as Buffer);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new Refusal([gzipped && code.startsWith('Z_') ? 'not a readable gzip file' : `cannot be read (${code || (e as Error).message})`]);
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

const unreadable = (e: unknown) => new Refusal([`cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);

/** The first two bytes, to tell a gzipped file. */
async function readHead(file: string): Promise<Buffer> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'r');
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return buffer.subarray(0, bytesRead);
  } catch (e) {
    throw unreadable(e);
  } finally {
    await handle?.close();
  }
}

/** camt when the text starts with `<`, NACHA when with a `1` (the file header), after a byte order mark and blanks. */
async function parse(file: string): Promise<object> {
  let kind: 'xml' | 'nacha' | undefined;
  let xml = '';
  const nacha = new NachaReader({ keepEntries: false });
  for await (let chunk of chunks(file)) {
    if (kind === undefined) {
      chunk = chunk.replace(/^\uFEFF/, '');
      const start = chunk.trimStart();
      if (start === '') continue;
      kind = start.startsWith('<') ? 'xml' : start.startsWith('1') ? 'nacha' : undefined;
      if (kind === undefined) throw new Refusal([`neither ISO 20022 camt XML nor a NACHA file: it starts with ${JSON.stringify(start.slice(0, 20))}`]);
    }
    if (kind === 'xml') xml += chunk;
    else nacha.push(chunk);
  }
  if (kind === undefined) throw new Refusal(['the file is empty']);
  return kind === 'xml' ? camtSummary(readCamt(xml)) : nachaSummary(nacha.end());
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw unreadable(e);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Refusal([`not JSON: ${(e as Error).message}`]);
  }
}

/** The current time as GrpHdr/CreDtTm wants it: an ISO-8601 instant to the second. */
const instant = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

async function run(command: string, file: string, options: Record<string, string>, io: CliIo): Promise<void> {
  if (command === 'parse') return io.out(JSON.stringify(await parse(file)));
  // The writers (TypeBox, Ajv, xmlbuilder2) load only for the commands that write: `parse` starts faster without them.
  const input = await readJson(file);
  if (command === 'nacha') {
    const { writeNachaPpdDebits } = await import('../nacha/write');
    return io.out(writeNachaPpdDebits(input).trimEnd());
  }
  const { PAIN008_VERSIONS, writePain008 } = await import('../pain008/write');
  const version = options.version ?? '001.02';
  if (!(PAIN008_VERSIONS as readonly string[]).includes(version))
    throw new Refusal([`--version must be ${PAIN008_VERSIONS.join(' or ')}, not ${JSON.stringify(version)}`]);
  io.out(writePain008(input, { version: version as Pain008Version, createdAt: instant(io.now()) }).trimEnd());
}

/** `[command, file, --name value …]`, or undefined when the words are not a command this CLI knows. */
function words(argv: readonly string[]): { command: string; file: string; options: Record<string, string> } | undefined {
  const [command, file, ...rest] = argv;
  const allowed: Record<string, readonly string[]> = { parse: [], nacha: [], pain008: ['--version'] };
  if (!(command in allowed) || file === undefined || file.startsWith('--') || rest.length % 2 !== 0) return undefined;
  const options: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) {
    if (!allowed[command].includes(rest[i])) return undefined;
    options[rest[i].slice(2)] = rest[i + 1];
  }
  return { command, file, options };
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = words(argv);
  if (!parsed) {
    io.err(USAGE);
    return 2;
  }
  try {
    await run(parsed.command, parsed.file, parsed.options, io);
    return 0;
  } catch (e) {
    const lines =
      e instanceof Refusal
        ? e.lines
        : e instanceof InvalidInput
          ? e.errors.map((f) => `${f.field}: ${f.message}`)
          : e instanceof BankFileError
            ? [e.message]
            : undefined;
    if (lines === undefined) {
      io.err(e instanceof Error ? (e.stack ?? e.message) : String(e));
      return 1;
    }
    for (const line of lines) io.err(`bank-file: ${parsed.file}: ${line}`);
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    now: () => new Date(),
  }).then((code) => {
    process.exitCode = code;
  });
}
