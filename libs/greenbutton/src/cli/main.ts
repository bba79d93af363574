/**
 * Command line: `meter-data inspect <file.xml>` prints one JSON object on stdout: `intervalBlocks` in the
 * shape of `fixtures/greenbutton/EXPECTED_INSPECT.json`, then `readingTypes`. The only part of the library that does I/O; a file it cannot read
 * exits with code 2 and a message on stderr naming the file and the element.
 */
import { readFileSync } from 'node:fs';
import { EspiError } from '../errors';
import { inspect } from '../inspect';
import { parseEspi } from '../parse';

const USAGE = 'usage: meter-data inspect <file.xml>';

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export function main(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): number {
  const [command, ...files] = argv;
  if (command !== 'inspect' || files.length !== 1 || files[0].startsWith('--')) {
    err(USAGE);
    return 2;
  }
  const file = files[0];
  let xml: string;
  try {
    xml = readFileSync(file, 'utf8');
  } catch {
    err(`meter-data: ${file}: cannot be read`);
    return 2;
  }
  try {
    out(JSON.stringify(inspect(parseEspi(xml))));
    return 0;
  } catch (e) {
    if (e instanceof EspiError) {
      err(`meter-data: ${file}: ${e.message}`);
      return 2;
    }
    err(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main(
    process.argv.slice(2),
    (s) => process.stdout.write(`${s}\n`),
    (s) => process.stderr.write(`${s}\n`),
  );
}
