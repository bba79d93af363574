import {
  AccountOpenedV1,
  ServiceAgreementStartedV2,
  TariffVersionPublishedV1,
  Topics,
  UsageProfileReadyV1,
  UsageProfileRequestedV1,
  uuidv7,
  type EventType,
  type TariffDefinition,
  type Uuid,
} from '@utilia/contracts';
import { startEventPublisher, startServiceApi, testConfig, waitFor, type EventPublisher, type ServiceApi, type TopicRecorder } from '@utilia/platform/testing';
import { AppModule } from './app.module';
import { DEFAULT_BILLING, type BillingSettings } from './config';

/** The invoicing service in-process, and a producer for the other services' events as they publish them (real Kafka). */
export interface InvoicingWorld {
  api: ServiceApi;
  publish<T>(type: EventType<T>, data: T): Promise<void>;
  close(): Promise<void>;
}

/** A producer of other services' events (see `startEventPublisher`). */
export type Publisher = EventPublisher;
export const startPublisher = (): Promise<EventPublisher> => startEventPublisher('invoicing-test');

/**
 * A spec file's invoicing: started (and `published` recording invoicing.events) before its tests,
 * stopped after; `set` receives the world.
 */
export function useInvoicing(published: TopicRecorder, set: (world: InvoicingWorld) => void, billing: Partial<BillingSettings> = {}): void {
  let world: InvoicingWorld | undefined;
  beforeAll(async () => {
    await published.start(Topics.invoicingEvents);
    set((world = await startInvoicing(billing)));
  });
  afterAll(async () => {
    await world?.close();
    await published.stop();
  });
}

/** `billing`: settings other than the defaults (a short usage timeout, small run chunks). */
export async function startInvoicing(billing: Partial<BillingSettings> = {}): Promise<InvoicingWorld> {
  const publisher = await startPublisher();
  const api = await startServiceApi({ ...testConfig('invoicing'), timeZone: 'UTC', billing: { ...DEFAULT_BILLING, ...billing } }, AppModule.register);
  return {
    api,
    publish: publisher.publish,
    async close() {
      await publisher.close();
      await api.close();
    },
  };
}

/** Publishes, as rating would, an open-ended residential electricity version of `code` from 2026-01-01. */
export async function publishTariff(
  world: Pick<InvoicingWorld, 'publish'>,
  code: string,
  definition: TariffDefinition,
  versionId = uuidv7(),
  supersedes: string | null = null,
): Promise<string> {
  await world.publish(TariffVersionPublishedV1, {
    tariffId: uuidv7(),
    versionId,
    code,
    name: code,
    commodity: 'electricity',
    customerClass: 'residential',
    currency: 'USD',
    timeZone: 'UTC',
    utility: 'Utilia Demo',
    description: '',
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
    definition,
    supersedes,
    publishedBy: 'test',
  });
  return versionId;
}

/** A flat tariff: a monthly customer charge and one price per kWh (and one per kWh exported, for net billing). */
export const flatTariff = (monthly: string, perKwh: string, sellPerKwh?: string): TariffDefinition => ({
  fixed: [{ amount: monthly, per: 'month' }],
  energy: { tierPolicy: 'per-period', periods: [{ tiers: [{ rate: perKwh, ...(sellPerKwh ? { sell: sellPerKwh } : {}) }] }] },
});

/** Answers a usage request as metering would: `wh` every hour of the days asked, all actual. */
export async function answerUsage(
  world: Pick<InvoicingWorld, 'publish'>,
  r: UsageProfileRequestedV1,
  days: number,
  wh: number,
  exportWh?: number,
): Promise<void> {
  await world.publish(UsageProfileReadyV1, {
    requestId: r.requestId,
    agreementId: r.agreementId,
    accountId: r.accountId,
    servicePointId: r.servicePointId,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    start: `${r.periodStart}T00:00:00.000Z`,
    intervalMinutes: 60,
    importWh: new Array(days * 24).fill(wh),
    ...(exportWh === undefined ? {} : { exportWh: new Array(days * 24).fill(exportWh) }),
    registers: [],
    maxDemandW: wh,
    counts: { actual: days * 24, estimated: 0, edited: 0, missing: 0 },
  });
}

/** Opens an account in a cycle, as the customer service would, and waits for invoicing's copy. */
export async function openAccount(world: InvoicingWorld, cycle = '07', openedOn = '2026-01-01'): Promise<string> {
  const accountId = uuidv7();
  const accountNumber = String(Date.now() % 1e10).padStart(10, '0');
  await world.publish(AccountOpenedV1, { accountId, accountNumber, customerId: uuidv7(), currency: 'USD', billCycle: cycle, openedOn });
  await waitFor(async () => (await world.api.call('GET', `/accounts/${accountId}`)).status === 200, `account ${accountId} copied`);
  return accountId;
}

/** Starts an agreement of the account on a tariff, as the customer service would, and waits for invoicing's copy. */
export async function startAgreement(
  world: InvoicingWorld,
  accountId: string,
  tariffCode: string,
  startDate: string,
): Promise<{ agreementId: Uuid; accountId: Uuid; servicePointId: Uuid }> {
  const ref = { agreementId: uuidv7(), accountId: accountId as Uuid, servicePointId: uuidv7() };
  await world.publish(ServiceAgreementStartedV2, { ...ref, commodity: 'electricity', tariffCode, startDate, tariffVersionId: null });
  await waitFor(
    async () => ((await world.api.call('GET', `/accounts/${accountId}`)).body.agreements ?? []).some((a: { id: string }) => a.id === ref.agreementId),
    `agreement ${ref.agreementId} copied`,
  );
  return ref;
}

/** Waits until invoicing has the tariff's versions (its copy of rating.events). */
export async function tariffCopied(world: InvoicingWorld, code: string, versions = 1): Promise<void> {
  await waitFor(async () => ((await world.api.call('GET', `/tariffs/${code}`)).body.versions ?? []).length >= versions, `tariff ${code} copied`);
}

/** The usage requests invoicing published for an agreement, oldest first. */
export function usageRequests(recorder: TopicRecorder, agreementId: string): UsageProfileRequestedV1[] {
  return recorder.messages
    .filter((m) => m.type === UsageProfileRequestedV1.type && (m.data as UsageProfileRequestedV1).agreementId === agreementId)
    .map((m) => m.data as UsageProfileRequestedV1);
}

/** Waits for the `n`th usage request of an agreement. */
export async function nthUsageRequest(recorder: TopicRecorder, agreementId: string, n = 1): Promise<UsageProfileRequestedV1> {
  await waitFor(async () => usageRequests(recorder, agreementId).length >= n, `usage request ${n} of ${agreementId}`);
  return usageRequests(recorder, agreementId)[n - 1];
}

/** The invoices of an account as the API lists them (newest first). */
export async function invoicesOf(world: InvoicingWorld, accountId: string): Promise<Array<Record<string, string | null>>> {
  return (await world.api.call('GET', `/invoices?accountId=${accountId}`)).body.items;
}

/** Answers a usage request as metering would, with `wh` every hour of the days asked (all actual). */
export async function answer(world: Pick<InvoicingWorld, 'publish'>, r: UsageProfileRequestedV1, wh: number): Promise<void> {
  const days = Math.round((Date.parse(`${r.periodEnd}T00:00:00Z`) - Date.parse(`${r.periodStart}T00:00:00Z`)) / 86_400_000) + 1;
  await answerUsage(world, r, days, wh);
}

export { waitFor };
