import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { signToken } from '@utilia/platform';
import { testConfig } from '@utilia/platform/testing';
import { startInvoicing, type InvoicingWorld } from '../testing';

const root = path.resolve(__dirname, '../../../..');
const cli = path.join(root, 'tools/run/bill-run.mjs');

describe('npm run bill-run', () => {
  let world: InvoicingWorld;
  let token: string;
  beforeAll(async () => {
    world = await startInvoicing();
    token = await signToken({ subject: 'cli-test', roles: ['billing-ops'], accounts: [] }, testConfig('invoicing').auth, { ttlSeconds: 600 });
  });
  afterAll(async () => {
    await world?.close();
  });
  // Asynchronously: the service answers in this process, so a synchronous child would wait for it forever.
  const run = (...args: string[]) =>
    new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [cli, '--url', world.api.service.url, '--token', token, ...args],
        { encoding: 'utf8', timeout: 60_000 },
        (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

  it("starts a cycle's run, shows its progress on stderr and prints the summary as JSON on stdout", async () => {
    const r = await run('--cycle', '03', '--date', '2026-03-03');
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ cycle: '03', runDate: '2026-03-03', periodFrom: '2026-02-03', periodTo: '2026-03-03', awaitingUsage: 0 });
    expect(summary.runId).toEqual(expect.any(String));
    expect(r.stderr).toContain('cycle 03 2026-03-03');
    // Again: the same run, resumed.
    expect(JSON.parse((await run('--cycle', '03', '--date', '2026-03-03')).stdout)).toMatchObject({ runId: summary.runId, resumed: true });
  });

  it("exits 2 with the service's reason for a date that is not the cycle's read date, and with usage for bad arguments", async () => {
    const refused = await run('--cycle', '03', '--date', '2026-03-04');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('2026-03-04 is not a read date of cycle 03');
    const bad = await run('--cycle', '03');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('usage: npm run bill-run');
  });
});
