import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { signToken } from '@utilia/platform';
import { testConfig } from '@utilia/platform/testing';
import { withCustomerDefaults } from './config';
import { startCustomerApi, type CustomerApi } from './shared/testing';

const root = join(__dirname, '..', '..', '..');
const script = join(root, 'docs', 'csr-walkthrough.sh');

describe("the README's CSR walk-through", () => {
  let api: CustomerApi;
  // The secret the service signs with, to mint the script's token.
  const config = withCustomerDefaults(testConfig('customer'));

  beforeAll(async () => {
    api = await startCustomerApi();
    // The tariffs the script names, as rating would have published them.
    await api.knowTariffs({ 'E-RES-TIER': 'electricity', 'E-RES-TOU-C': 'electricity', 'W-RES-BASE': 'water' });
  });
  afterAll(() => api?.close());

  it('is the script docs/csr-walkthrough.sh, word for word', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /<!-- walkthrough:start -->\n+```sh\n([\s\S]*?)```\n+<!-- walkthrough:end -->/.exec(readme);
    expect(block?.[1]).toBe(readFileSync(script, 'utf8'));
  });

  it('runs as written against the customer service, every call answered 2xx', async () => {
    const token = await signToken({ subject: 'csr-walkthrough', roles: ['csr'], accounts: [] }, config.auth, { ttlSeconds: 600 });
    const { stdout } = await promisify(execFile)('bash', [script], {
      env: { ...process.env, API: `${api.service.url}/api/v1`, TOKEN: token },
      timeout: 60_000,
    });
    const outputs = stdout
      .trim()
      .split(/\n(?=\{|\[)/)
      .map((chunk) => JSON.parse(chunk));
    expect(outputs).toEqual([
      {
        account: expect.stringMatching(/^[0-9]{10}$/),
        agreements: expect.arrayContaining([
          { commodity: 'electricity', status: 'active', tariffCode: 'E-RES-TIER' },
          { commodity: 'water', status: 'active', tariffCode: 'W-RES-BASE' },
        ]),
        openWorkOrders: ['connect'],
      },
      { tariffCode: 'E-RES-TIER', scheduledTariffChanges: [{ tariffCode: 'E-RES-TOU-C', from: expect.any(String) }] },
      { connectionStatus: 'connected', meterSerial: expect.stringMatching(/^LG-/) },
      { finalReadWorkOrderId: expect.any(String), finalBillRequested: false },
      { stoppedAgreementId: expect.any(String), toAccountId: expect.any(String), finalBillRequested: true },
      expect.arrayContaining([
        { customerName: 'Ada Lovelace', agreementStatus: 'current' },
        { customerName: 'Bob Builder', agreementStatus: 'upcoming' },
      ]),
    ]);
  });
});
