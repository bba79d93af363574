'use strict';
// A built service (`node apps/<name>/dist/main.js`) as a child process of a bench, as `npm start`
// runs it: its environment, its log in a file, ready when /health/ready answers 200, its resident
// memory sampled every second (the maximum overall and by the phase the bench names), stopped with
// SIGTERM, or with SIGUSR2 when profiled (bench/lib/profile-exit.js: the profile is written).
// Shared by bench/metering-ingest and bench/bill-run.
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');
const { rssKb } = require('./cpu.js');

const root = path.resolve(__dirname, '../..');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function portInUse(port, host) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/** The last lines of a file ('' when there is none). */
function tail(file, lines = 20) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Starts a service and waits until it is ready. `env` is added to the bench's environment;
 * `profileDir` runs it with `--cpu-prof` into that folder; `onExit(code, signal)` is called when it
 * exits before `stop()` (the bench then usually gives up). Returns the handle: `child`, `log`,
 * `readySeconds`, `rss` ({ maxKb, byPhase }), `phase` (set it to file RSS samples under a name),
 * `stop()`.
 */
async function startService({
  name,
  main = path.join(root, 'apps', name, 'dist', 'main.js'),
  port,
  host = '127.0.0.1',
  env = {},
  log,
  profileDir,
  nodeArgs = [],
  onExit,
}) {
  if (await portInUse(port, host)) throw new Error(`port ${port} is in use (an earlier run's ${name} still running?): stop it first`);
  const args = [...nodeArgs];
  if (profileDir) {
    fs.mkdirSync(profileDir, { recursive: true });
    args.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--require', path.join(__dirname, 'profile-exit.js'));
  }
  const out = fs.openSync(log, 'w');
  const child = spawn(process.execPath, [...args, main], {
    cwd: root,
    env: { ...process.env, HOST: host, PORT: String(port), ...env },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const handle = { name, child, pid: child.pid, log, profileDir, phase: 'start', rss: { maxKb: 0, byPhase: {} }, stopping: false };
  handle.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  handle.exited.then(({ code, signal }) => {
    clearInterval(handle.sampler);
    if (!handle.stopping && onExit) onExit(code, signal);
  });
  handle.sampler = setInterval(() => {
    const kb = rssKb(child.pid);
    if (kb === undefined) return;
    handle.rss.maxKb = Math.max(handle.rss.maxKb, kb);
    handle.rss.byPhase[handle.phase] = Math.max(handle.rss.byPhase[handle.phase] ?? 0, kb);
  }, 1000);
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited while starting; its log (${log}):\n${tail(log)}`);
    try {
      const res = await fetch(`http://${host}:${port}/health/ready`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 120_000) throw new Error(`${name} was not ready after 120 s; its log: ${log}`);
    await sleep(250);
  }
  handle.readySeconds = (Date.now() - started) / 1000;
  /** Stops it (SIGTERM; SIGUSR2 when profiled) and waits, SIGKILL after `graceMs`; `{ code, signal, seconds, killed, hwmKb }`. */
  handle.stop = async (graceMs = 20_000) => {
    if (handle.stopping) return handle.stopped;
    handle.stopping = true;
    clearInterval(handle.sampler);
    const hwmKb = rssKb(child.pid, 'VmHWM');
    const t0 = Date.now();
    let killed = false;
    if (child.exitCode === null && child.signalCode === null) child.kill(profileDir ? 'SIGUSR2' : 'SIGTERM');
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, graceMs);
    handle.stopped = handle.exited.then((exit) => {
      clearTimeout(timer);
      return { ...exit, seconds: Math.round((Date.now() - t0) / 100) / 10, killed: killed || undefined, hwmKb };
    });
    return handle.stopped;
  };
  return handle;
}

/** The newest `.cpuprofile` a profiled service wrote into its folder (undefined: none). */
function newestProfile(dir) {
  if (!dir || !fs.existsSync(dir)) return undefined;
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f));
  return files.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

module.exports = { startService, newestProfile, tail, portInUse };
