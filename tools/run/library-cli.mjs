// The command line of a pure library (`rate`, `meter-data`): builds the library when its dist is missing or older
// than a source file (tsc output goes to stderr so stdout carries only the CLI's JSON), then runs its cli/main.js
// with the arguments and exits with its code.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Runs `libs/<library>/dist/cli/main.js` (built first when stale) as the command `name`. */
export function runLibraryCli(name, library) {
  const lib = path.join(root, 'libs', library);
  const dist = path.join(lib, 'dist');
  const stamp = path.join(dist, '.build-stamp');
  const main = path.join(dist, 'cli/main.js');
  const config = path.join(lib, 'tsconfig.lib.json');
  const sourcesAt = Math.max(newestSource(path.join(lib, 'src')), statSync(config).mtimeMs);
  const builtAt = existsSync(stamp) && existsSync(main) ? statSync(stamp).mtimeMs : -1;
  if (builtAt < sourcesAt) {
    const tsc = path.join(root, 'node_modules/.bin/tsc');
    const build = spawnSync(tsc, ['-p', config], { cwd: root, stdio: ['ignore', 2, 2] });
    if (build.status !== 0) {
      process.stderr.write(`${name}: building libs/${library} failed\n`);
      process.exit(build.status ?? 1);
    }
    writeFileSync(stamp, new Date(Date.now()).toISOString());
  }
  const run = spawnSync(process.execPath, [main, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
