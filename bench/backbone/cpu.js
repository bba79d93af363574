// Where the CPU goes during a phase: CPU seconds per process family (PostgreSQL, the Kafka broker,
// each benchmark role), sampled from /proc so that processes that exit before the end (PostgreSQL
// backends of a closed pool) still count. Linux only; elsewhere it reports nothing.
const fs = require('fs');

const TICKS_PER_SECOND = 100;

function familyOf(pid, comm) {
  if (comm.startsWith('postgres')) {
    // Backends serve the benchmark's connections; the rest is WAL writing, vacuum, checkpoints.
    let title = '';
    try {
      title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return 'postgres';
    }
    return /utilia_bench|127\.0\.0\.1\(/.test(title) ? 'postgres' : 'postgres (background)';
  }
  if (comm === 'java') return 'kafka';
  if (!comm.startsWith('node')) return undefined;
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const i = argv.findIndex((a) => a.endsWith('bench.js'));
    return i >= 0 ? argv[i + 1] || 'orchestrator' : undefined;
  } catch {
    return undefined;
  }
}

function snapshot() {
  const seen = new Map();
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    seen.set(pid, { comm, ticks: Number(fields[11]) + Number(fields[12]) });
  }
  return seen;
}

/**
 * Machine-wide CPU time in ticks (/proc/stat): busy (everything but idle and iowait), stolen (time
 * the hypervisor ran someone else while this machine's CPUs had work) and total.
 */
function machine() {
  if (!fs.existsSync('/proc/stat')) return { busy: 0, steal: 0, total: 0 };
  const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const t = ticks.map(Number);
  const total = t.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - t[3] - t[4], steal: t[7], total };
}

/**
 * The share of the machine's CPU time the hypervisor took between two `machine()` readings: this
 * virtual machine's CPUs are shared, and in one session it took 0–39 % of them, second by second.
 */
function stolenShare(from, to) {
  const total = to.total - from.total;
  return total > 0 ? Math.round(((to.steal - from.steal) / total) * 100) / 100 : 0;
}

/**
 * Starts sampling every 200 ms (`named`: a family for some pids, e.g. PostgreSQL backends by the
 * application they serve); `stop()` returns CPU seconds per family since the start, and
 * `machine busy`: the share of the machine's CPU time that was busy (1 = every core all the time).
 */
function cpuSampler(named = new Map()) {
  if (!fs.existsSync('/proc/self/stat')) return { stop: () => ({}) };
  const start = snapshot();
  const machineAtStart = machine();
  const last = new Map();
  const families = new Map();
  const sample = () => {
    for (const [pid, { comm, ticks }] of snapshot()) {
      if (!families.has(pid)) families.set(pid, named.get(pid) ?? familyOf(pid, comm));
      last.set(pid, ticks);
    }
  };
  const timer = setInterval(sample, 200);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const out = {};
      for (const [pid, ticks] of last) {
        const family = families.get(pid);
        if (!family) continue;
        const used = (ticks - (start.get(pid)?.ticks ?? 0)) / TICKS_PER_SECOND;
        out[family] = Math.round(((out[family] ?? 0) + used) * 100) / 100;
      }
      const m = machine();
      out['machine busy'] = Math.round(((m.busy - machineAtStart.busy) / (m.total - machineAtStart.total)) * 100) / 100;
      return out;
    },
  };
}

module.exports = { cpuSampler, machine, stolenShare };
