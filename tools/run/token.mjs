#!/usr/bin/env node
// `npm run --silent token -- --role csr [--role auditor] [--sub alice] [--accounts A,B] [--ttl 1h]`
// prints a bearer JWT for local use, signed with AUTH_JWT_SECRET (or the development secret outside
// production). Builds libs/platform first when its auth code is missing or older than its source;
// build output goes to stderr, so stdout carries only the token.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const lib = path.join(root, 'libs/platform');
// What the token CLI loads, and what those files import.
const sources = ['auth/roles', 'auth/auth-config', 'auth/jwt', 'config/config'];
const USAGE = `usage: npm run --silent token -- --role <role>[,<role>...] [--sub <subject>] [--accounts <id>,<id>] [--ttl 1h]
  roles: admin, billing-ops, csr, csr-supervisor, auditor, customer, head-end
  --ttl takes seconds or 90s, 15m, 1h, 7d (default 1h); --accounts is for customer tokens`;

function fail(message) {
  process.stderr.write(`token: ${message}\n`);
  process.exit(2);
}

function stale() {
  return sources.some((s) => {
    const js = path.join(lib, 'dist', `${s}.js`);
    return !existsSync(js) || statSync(js).mtimeMs < statSync(path.join(lib, 'src', `${s}.ts`)).mtimeMs;
  });
}

function parseArgs(argv) {
  const out = { roles: [], sub: undefined, accounts: [], ttl: '1h' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const [name, inline] = flag.includes('=') ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)] : [flag, undefined];
    if (name === '--help' || name === '-h') {
      process.stderr.write(`${USAGE}\n`);
      process.exit(0);
    }
    const value = inline ?? argv[++i];
    if (value === undefined) fail(`${name} needs a value\n${USAGE}`);
    const list = () =>
      value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
    if (name === '--role' || name === '--roles') out.roles.push(...list());
    else if (name === '--sub') out.sub = value;
    else if (name === '--accounts') out.accounts.push(...list());
    else if (name === '--ttl') out.ttl = value;
    else fail(`unknown option ${name}\n${USAGE}`);
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));

if (stale()) {
  const tsc = path.join(root, 'node_modules/.bin/tsc');
  // Type errors elsewhere in the library do not stop tsc emitting; what matters is that our files are fresh.
  spawnSync(tsc, ['-p', path.join(lib, 'tsconfig.lib.json')], { cwd: root, stdio: ['ignore', 2, 2] });
  if (stale()) fail('building libs/platform failed');
}

const require = createRequire(import.meta.url);
const { ROLES, isRole } = require(path.join(lib, 'dist/auth/roles.js'));
const { readAuthConfig } = require(path.join(lib, 'dist/auth/auth-config.js'));
const { parseTtl, signToken } = require(path.join(lib, 'dist/auth/jwt.js'));

if (args.roles.length === 0) fail(`--role is required\n${USAGE}`);
const unknown = args.roles.filter((r) => !isRole(r));
if (unknown.length > 0) fail(`unknown role ${unknown.join(', ')}: expected one of ${ROLES.join(', ')}`);
if (args.accounts.length > 0 && !args.roles.includes('customer')) fail('--accounts is only for customer tokens');
const ttlSeconds = parseTtl(args.ttl);
if (ttlSeconds === undefined) fail(`--ttl "${args.ttl}" is not a duration such as 90s, 15m, 1h or 7d`);

let config;
try {
  config = readAuthConfig(process.env);
} catch (e) {
  fail(e.message);
}
const token = await signToken({ subject: args.sub ?? `local-${args.roles[0]}`, roles: args.roles, accounts: args.accounts }, config, { ttlSeconds });
process.stdout.write(`${token}\n`);
