#!/usr/bin/env node
// Self time of a V8 CPU profile (`node --cpu-prof`), by function and by file (and by package):
//   node bench/lib/profile.js <file.cpuprofile> [--top 25] [--from <µs> --to <µs>]
// The benches call `summarize` on a service's profile, restricted to the time of the phase they
// measure (`--from`/`--to`: CLOCK_MONOTONIC microseconds, which V8 stamps samples with; a bench
// takes them from process.hrtime). Shared by bench/metering-ingest and bench/bill-run.
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '../..');

/** A file's name as the table shows it: relative to the repository, node_modules/<package>/..., or node:internal. */
function fileOf(url) {
  if (!url) return '(native)';
  let f = url.replace(/^file:\/\//, '');
  if (f.startsWith(root + path.sep)) f = f.slice(root.length + 1);
  return f;
}

/** The package (or the workspace part) a file belongs to, for the coarse table. */
function packageOf(file) {
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (file.startsWith('node:') || !file.includes('/')) return file.startsWith('node:') ? 'node (internals)' : file;
  if (path.isAbsolute(file)) return path.dirname(file);
  const parts = file.split('/');
  return parts[0] === 'apps' || parts[0] === 'libs' ? `${parts[0]}/${parts[1]}` : parts[0];
}

/**
 * Self time of a profile: `{ totalMs, idleMs, byFunction, byFile, byPackage,
 * byNearestWorkspaceFunction, inclusiveWorkspaceFunctions }`, each a list of
 * `{ name, ms, share }` (share of the busy time, idle left out) sorted by time, the top `top`. `from`/`to` (µs, the profile's clock) keep
 * only the samples in that window; a window the profile does not overlap is ignored (whole profile).
 */
function summarize(file, { top = 25, from, to } = {}) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const inWindow = (t) => (from === undefined || t >= from) && (to === undefined || t <= to);
  let windowed = from !== undefined || to !== undefined;
  if (windowed && (profile.endTime < (from ?? -Infinity) || profile.startTime > (to ?? Infinity))) windowed = false;
  const fn = new Map();
  const files = new Map();
  const packages = new Map();
  const nearest = new Map();
  const inclusive = new Map();
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const isWorkspace = (url) => /\/(apps|libs)\//.test(url) && !url.includes('node_modules');
  const frameName = (cf) => `${cf.functionName || '(anonymous)'}  ${fileOf(cf.url)}:${cf.lineNumber + 1}`;
  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
  let t = profile.startTime;
  let total = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (windowed && !inWindow(t)) continue;
    // A sample's time is the delta to the next one.
    const us = profile.timeDeltas[i + 1] ?? 0;
    const node = nodes.get(profile.samples[i]);
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    const f = fileOf(url);
    const name = functionName || '(anonymous)';
    add(fn, url ? `${name}  ${f}:${lineNumber + 1}` : name, us);
    add(files, url ? f : name, us);
    add(packages, url ? packageOf(f) : name, us);
    total += us;
    // The sample's time on the workspace frames of its stack: the nearest one (what it was doing
    // for the service's own code, natives and libraries included) and each one once (inclusive).
    let first;
    const seen = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const cf = nodes.get(id).callFrame;
      if (!isWorkspace(cf.url)) continue;
      const key = frameName(cf);
      first ??= key;
      if (!seen.has(key)) {
        seen.add(key);
        add(inclusive, key, us);
      }
    }
    add(nearest, first ?? '(no workspace code on the stack: GC, kafkajs, timers, I/O callbacks)', us);
  }
  const table = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: Math.round((us / Math.max(total, 1)) * 1000) / 10 }));
  return {
    file,
    windowed,
    totalMs: Math.round(total / 1000),
    idleMs: Math.round(idle / 1000),
    byFunction: table(fn),
    byFile: table(files),
    byPackage: table(packages),
    byNearestWorkspaceFunction: table(nearest),
    inclusiveWorkspaceFunctions: table(inclusive),
  };
}

/** The summary as text, for a terminal. */
function format(s) {
  const lines = [`${s.file}: ${s.totalMs} ms busy (${s.idleMs} ms idle)${s.windowed ? ' in the window' : ''}; shares of the busy time`];
  for (const [title, rows] of [
    ['self time by package', s.byPackage],
    ['self time by file', s.byFile],
    ['self time by function', s.byFunction],
    ['time by the nearest function of apps/ or libs/ on the stack (its self time and the libraries and natives it calls)', s.byNearestWorkspaceFunction],
    ['total time of apps/ and libs/ functions (callees included)', s.inclusiveWorkspaceFunctions],
  ]) {
    lines.push(`  ${title}:`);
    for (const r of rows) lines.push(`    ${String(r.ms).padStart(7)} ms ${String(r.share.toFixed(1)).padStart(5)} %  ${r.name}`);
  }
  return lines.join('\n');
}

module.exports = { summarize, format };

if (require.main === module) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
  const opt = (name) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  if (!file) {
    process.stderr.write('usage: node bench/lib/profile.js <file.cpuprofile> [--top 25] [--from <µs> --to <µs>]\n');
    process.exit(2);
  }
  process.stdout.write(`${format(summarize(file, { top: opt('top') ?? 25, from: opt('from'), to: opt('to') }))}\n`);
}
