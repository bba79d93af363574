import { eventually, freePort } from '../testing';
import { Kafka, logLevel } from 'kafkajs';
import { testRegistry } from '../backbone/test-kit';
import { ConsumerRunner } from './consumer-runner';
import { Pool } from 'pg';

describe('a consumer whose broker is not there at start', () => {
  it('keeps trying with backoff, says why each time, and stops trying when asked to stop', async () => {
    const port = await freePort(); // nobody listens here
    const lines: Array<{ level: string; msg: string; consumerGroup?: string }> = [];
    const pool = new Pool({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', max: 1 });
    const runner = new ConsumerRunner({
      // No client-side retries: each attempt of the runner fails fast, so the test sees its own backoff.
      kafka: new Kafka({ clientId: 'start-test', brokers: [`127.0.0.1:${port}`], logLevel: logLevel.NOTHING, retry: { retries: 0 } }),
      db: pool,
      groupId: 'start-test',
      topics: ['nowhere'],
      registry: testRegistry(),
      handle: async () => undefined,
      log: { write: (level, msg, fields) => lines.push({ level, msg, ...(fields as object) }) },
    });
    const starting = runner.startWhenReady();
    expect(await eventually(async () => lines.filter((l) => l.level === 'warn').length >= 2, 20_000, 100)).toBe(true);
    const warning = lines.find((l) => l.level === 'warn');
    expect(warning?.consumerGroup).toBe('start-test');
    expect(warning?.msg).toMatch(/^consumer group start-test is not reachable: .+; retrying in \d+ ms$/);
    await runner.stop();
    await starting; // resolves promptly: the backoff sleep is cut short by stop()
    await pool.end();
  }, 60_000);
});
