import { AccountOpenedV1, InvoiceIssuedV1, uuidv7, type EventType, type InvoiceLine, type Uuid } from '@utilia/contracts';
import { systemClock, type Clock } from '@utilia/platform';
import { startEventPublisher, startServiceApi, testConfig, waitFor, type ServiceApi } from '@utilia/platform/testing';
import Big from 'big.js';
import { AppModule } from './app.module';
import { DEFAULT_PAYMENTS, type PaymentsSettings } from './config';

/** The payments service in-process and a producer of the other services' events as they publish them (real Kafka). */
export interface PaymentsWorld {
  api: ServiceApi;
  publish<T>(type: EventType<T>, data: T): Promise<void>;
  close(): Promise<void>;
}

export async function startPayments(settings: Partial<PaymentsSettings> = {}, clock: Clock = systemClock): Promise<PaymentsWorld> {
  const publisher = await startEventPublisher('payments-test');
  const api = await startServiceApi({ ...testConfig('payments'), timeZone: 'UTC', payments: { ...DEFAULT_PAYMENTS, ...settings } }, (config, logger) =>
    AppModule.register(config, logger, clock),
  );
  return {
    api,
    publish: publisher.publish,
    async close() {
      await publisher.close();
      await api.close();
    },
  };
}

/** Opens an account as the customer service would, and waits for payments' copy. */
export async function openAccount(world: PaymentsWorld, currency = 'USD', opened: Partial<AccountOpenedV1> = {}): Promise<Uuid> {
  const accountId = uuidv7();
  await world.publish(AccountOpenedV1, {
    accountId,
    accountNumber: String(Date.now() % 1e10).padStart(10, '0'),
    customerId: uuidv7(),
    currency,
    billCycle: '07',
    openedOn: '2026-01-01',
    ...opened,
  });
  await waitFor(async () => (await world.api.call('GET', `/accounts/${accountId}/balance`, undefined, ['csr'])).status === 200, `account ${accountId} copied`);
  return accountId;
}

const line = (component: string, amount: string): InvoiceLine => ({
  component,
  description: component,
  quantity: '1',
  unit: 'month',
  rate: amount,
  amount,
  tariffCode: 'E-TEST',
  tariffVersionId: 'v1',
  from: '2026-01-07',
  to: '2026-02-07',
});

/** An invoice as invoicing issues it: energy, fixed and tax lines adding up to `total` (tax 5 %, fixed 10). */
export function invoice(accountId: Uuid, total: string, issueDate: string, dueDate: string, extra: Partial<InvoiceIssuedV1> = {}): InvoiceIssuedV1 {
  const tax = new Big(total).div(21).round(2);
  const fixed = new Big(10);
  const energy = new Big(total).minus(tax).minus(fixed);
  const n = Math.floor(Math.random() * 1e9);
  return {
    invoiceId: uuidv7(),
    invoiceNumber: `INV-${String(n).padStart(9, '0')}`,
    runId: null,
    accountId,
    agreementId: uuidv7(),
    servicePointId: uuidv7(),
    periodStart: '2026-01-07',
    periodEnd: issueDate,
    issueDate,
    dueDate,
    currency: 'USD',
    lines: [line('energy', energy.toFixed(2)), line('fixed', fixed.toFixed(2)), line('tax', tax.toFixed(2))],
    total,
    usage: { importWh: 0, exportWh: 0, estimatedIntervals: 0 },
    ...extra,
  };
}

export { waitFor };
