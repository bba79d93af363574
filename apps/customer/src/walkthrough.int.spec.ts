import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { signToken } from '@utilia/platform';
import { startServiceApi, testConfig, type ServiceApi } from '@utilia/platform/testing';
import { AppModule } from './app.module';
import { withCustomerDefaults } from './config';

const root = join(__dirname, '..', '..', '..');
const script = join(root, 'docs', 'csr-walkthrough.sh');

describe("the README's CSR walk-through", () => {
  let api: ServiceApi;
  const config = withCustomerDefaults(testConfig('customer'));

  beforeAll(async () => {
    api = await startServiceApi(config, AppModule.register);
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
          { commodity: 'electricity', status: 'active', tariffCode: 'E-1' },
          { commodity: 'water', status: 'active', tariffCode: 'W-1' },
        ]),
        openWorkOrders: ['connect'],
      },
      { tariffCode: 'E-1', scheduledTariffChanges: [{ tariffCode: 'E-TOU', from: expect.any(String) }] },
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
