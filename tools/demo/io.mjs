// The demo seed's ways out: the services' HTTP APIs (a JSON client with a bearer token), a pool of
// requests in flight, progress bars (cli-progress on stderr), and the Kafka consumer groups' lag
// (whether a service has read everything published so far).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { MultiBar, Presets } = require('cli-progress');
const { Kafka, logLevel } = require('kafkajs');

/** An HTTP error with the service's problem+json detail. */
export class ApiError extends Error {
  constructor(method, url, status, body) {
    super(`${method} ${url} answered ${status}: ${typeof body === 'string' ? body.slice(0, 400) : JSON.stringify(body).slice(0, 400)}`);
    this.status = status;
    this.body = body;
  }
}

/**
 * A JSON client of one service: `call(method, path, body?, { headers, ok, text })` answers the
 * parsed body, or throws ApiError for a status not in `ok` (default: any 2xx). A connection
 * refused or reset is tried again a few times (a service under load may drop one).
 */
export function client(baseUrl, token) {
  const base = `${baseUrl.replace(/\/+$/, '')}/api/v1`;
  return async function call(method, path, body, opts = {}) {
    const headers = { authorization: `Bearer ${token}`, ...(opts.headers ?? {}) };
    let payload;
    if (typeof body === 'string') {
      payload = body;
      headers['content-type'] ??= 'text/plain';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    for (let attempt = 1; ; attempt++) {
      let res;
      try {
        res = await fetch(`${base}${path}`, { method, headers, body: payload });
      } catch (e) {
        if (attempt < 5) {
          await sleep(200 * attempt);
          continue;
        }
        throw new Error(`${method} ${base}${path}: ${e.cause?.code ?? e.message}`);
      }
      const text = await res.text();
      const json = text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
      const ok = opts.ok ? opts.ok.includes(res.status) : res.status >= 200 && res.status < 300;
      if (!ok) throw new ApiError(method, `${base}${path}`, res.status, json);
      return json;
    }
  };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` over `items` with at most `limit` in flight; `onDone` after each. Stops at the first error. */
export async function pool(items, limit, fn, onDone) {
  let next = 0;
  let failed;
  const worker = async () => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        await fn(items[i], i);
      } catch (e) {
        failed ??= e;
        return;
      }
      onDone?.(i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed) throw failed;
}

/**
 * Progress bars on stderr, one per stage, several at once when stages overlap (also when stderr is
 * not a terminal: all of them every few seconds). `bar(stage, total, unit)`; `stop()` at the end.
 */
export function progressBars() {
  const multi = new MultiBar(
    {
      format: '{stage} {bar} {value}/{total} {unit} | {seconds}s',
      stream: process.stderr,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      barsize: 30,
      autopadding: true,
    },
    Presets.shades_classic,
  );
  return {
    bar(stage, total, unit) {
      const t0 = Date.now();
      const b = multi.create(Math.max(total, 1), 0, { stage: stage.padEnd(28), unit, seconds: 0 });
      const tick = setInterval(() => b.update({ seconds: Math.round((Date.now() - t0) / 1000) }), 1000);
      return {
        update: (value) => b.update(value, { seconds: Math.round((Date.now() - t0) / 1000) }),
        increment: () => b.increment(1, { seconds: Math.round((Date.now() - t0) / 1000) }),
        setTotal: (total) => b.setTotal(Math.max(total, 1)),
        stop: () => {
          clearInterval(tick);
          b.update({ seconds: Math.round((Date.now() - t0) / 100) / 10 });
        },
      };
    },
    stop: () => multi.stop(),
  };
}

/** The lag of consumer groups: how many messages of their topics they have not committed yet. */
export function lagWatcher(brokers) {
  const kafka = new Kafka({ clientId: 'utilia-demo-seed', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  let connected;
  const lag = async (groupId, topic) => {
    connected ??= admin.connect();
    await connected;
    const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
    const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    let total = 0;
    for (const p of ends) {
      const at = done.get(p.partition) ?? -1;
      total += Number(p.high) - (at < 0 ? Number(p.low) : at);
    }
    return total;
  };
  return {
    lag,
    /** The high watermarks' sum of a topic (messages published so far, less what was deleted). */
    async published(topic) {
      connected ??= admin.connect();
      await connected;
      return (await admin.fetchTopicOffsets(topic)).reduce((s, p) => s + Number(p.high) - Number(p.low), 0);
    },
    /**
     * Waits until every [group, topic] has read everything, twice in a row some time apart (what a
     * service's outbox had not relayed yet at the first look gets its chance), or `timeoutMs`.
     */
    async settle(pairs, { timeoutMs = 120_000, quietMs = 250 } = {}) {
      const deadline = Date.now() + timeoutMs;
      let quiet = 0;
      while (Date.now() < deadline) {
        const lags = await Promise.all(pairs.map(([g, t]) => lag(g, t)));
        if (lags.every((l) => l <= 0)) {
          if (++quiet >= 2) return;
        } else quiet = 0;
        await sleep(quietMs);
      }
      throw new Error(`consumer groups ${pairs.map(([g]) => g).join(', ')} did not catch up within ${timeoutMs / 1000} s`);
    },
    close: () => (connected ? admin.disconnect() : Promise.resolve()),
  };
}
