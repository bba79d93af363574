// Where the CPU goes during a phase: CPU seconds per process family (PostgreSQL, the Kafka broker,
// each benchmark role), sampled from /proc so that processes that exit before the end (PostgreSQL
// backends of a closed pool) still count. Linux only; elsewhere it reports nothing.
// Shared by the benches: bench/backbone (cpuSampler), bench/metering-ingest (processTicks, rssKb),
// bench/bill-run (cpuTimeline: CPU per process family over time, cut into a run's stages afterwards).
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

/** CPU ticks a process used so far (utime + stime of /proc/<pid>/stat); 0 when it is gone. */
function processTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** A process's resident memory in kB (`VmRSS`, or `VmHWM`: its peak so far); undefined when it is gone. */
function rssKb(pid, field = 'VmRSS') {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** A process's command line, its arguments joined by spaces ('' when it is gone). */
function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/**
 * CPU seconds per process family over time: every `everyMs` the ticks of every process that
 * `classify(pid, comm, cmdline)` names a family (undefined: not counted), so that a run can be cut
 * into stages afterwards (`between(t0, t1)`, times from Date.now(), interpolated between samples).
 * A process keeps the first family it is given (PostgreSQL retitles its backends as they work).
 */
function cpuTimeline(classify, everyMs = 1000) {
  const families = new Map();
  const base = new Map();
  // Every process ever seen keeps its last ticks: one gone since still counts what it used.
  const last = new Map();
  const samples = [];
  const sample = () => {
    const at = Date.now();
    for (const [pid, { comm, ticks }] of snapshot()) {
      // A process already running when the timeline starts counts from then, not from its birth.
      if (!base.has(pid)) base.set(pid, samples.length === 0 ? ticks : 0);
      // Asked again until it has a family: a new PostgreSQL backend is titled moments after its fork.
      if (!families.get(pid)) families.set(pid, classify(pid, comm, cmdline(pid)));
      if (families.get(pid)) last.set(pid, ticks);
    }
    const totals = {};
    for (const [pid, ticks] of last) {
      const family = families.get(pid);
      totals[family] = (totals[family] ?? 0) + (ticks - base.get(pid)) / TICKS_PER_SECOND;
    }
    samples.push({ at, totals, machine: machine() });
  };
  sample();
  const timer = setInterval(sample, everyMs);
  /** Each family's CPU seconds at a time, interpolated between the samples around it. */
  const at = (t) => {
    let i = samples.findIndex((s) => s.at >= t);
    if (i < 0) i = samples.length - 1;
    const b = samples[i];
    const a = samples[Math.max(0, i - 1)];
    const share = b.at === a.at ? 1 : Math.min(1, Math.max(0, (t - a.at) / (b.at - a.at)));
    const out = {};
    for (const f of new Set([...Object.keys(a.totals), ...Object.keys(b.totals)]))
      out[f] = (a.totals[f] ?? 0) + ((b.totals[f] ?? 0) - (a.totals[f] ?? 0)) * share;
    const m = { busy: a.machine.busy + (b.machine.busy - a.machine.busy) * share, total: a.machine.total + (b.machine.total - a.machine.total) * share };
    return { families: out, machine: m };
  };
  return {
    sample,
    stop() {
      clearInterval(timer);
      sample();
    },
    /** CPU seconds per family between two times, and how busy the machine was (a share of all its cores, and CPU seconds). */
    between(t0, t1) {
      const a = at(t0);
      const b = at(t1);
      const out = {};
      for (const f of Object.keys(b.families)) out[f] = Math.round(((b.families[f] ?? 0) - (a.families[f] ?? 0)) * 100) / 100;
      const total = b.machine.total - a.machine.total;
      const busy = b.machine.busy - a.machine.busy;
      return {
        cpuSeconds: out,
        machineBusy: total > 0 ? Math.round((busy / total) * 100) / 100 : null,
        machineBusySeconds: Math.round((busy / TICKS_PER_SECOND) * 100) / 100,
      };
    },
  };
}

module.exports = { cpuSampler, cpuTimeline, machine, stolenShare, processTicks, rssKb, cmdline, snapshot };
