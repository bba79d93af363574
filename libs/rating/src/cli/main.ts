/**
 * Command line: `rate simulate <scenario.json>` prints one JSON object on stdout.
 * The only part of the library that does I/O; bad input exits with code 2 and a message naming the field.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { invalid, MESSAGES, RatingInputError } from '../errors';
import { parseScenario, simulateScenario } from '../scenario/scenario';

const USAGE = 'usage: rate simulate <scenario.json>';

function read(file: string, field: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw invalid(field, MESSAGES.file(field));
  }
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export function main(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): number {
  const [command, file] = argv;
  if (command !== 'simulate' || !file) {
    err(USAGE);
    return 2;
  }
  try {
    const text = read(file, 'scenario');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw invalid('scenario', MESSAGES.json('scenario'));
    }
    const scenario = parseScenario(json);
    const dir = path.dirname(path.resolve(file));
    const load = read(path.resolve(dir, scenario.load.file), 'load.file');
    const generation = scenario.generation && scenario.metering !== 'none' ? read(path.resolve(dir, scenario.generation.file), 'generation.file') : undefined;
    const result = simulateScenario(scenario, { load, ...(generation === undefined ? {} : { generation }) });
    out(JSON.stringify(result));
    return 0;
  } catch (e) {
    if (e instanceof RatingInputError) {
      err(`invalid input: ${e.message}`);
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
