import type { Api } from './api';
import { registerKwhAt } from './headend';
import { today } from './dates';
import { until } from './poll';

/** A flat residential tariff: a monthly fixed charge and one energy rate (libs/rating's model). */
export const flatTariff = (monthly: string, perKwh: string) => ({
  fixed: [{ amount: monthly, per: 'month' }],
  energy: { tierPolicy: 'per-period', periods: [{ tiers: [{ rate: perKwh }] }] },
});

/**
 * A tariff as the utility's staff put it in the catalog: billing-ops drafts it, a supervisor
 * approves it (never its author), billing-ops publishes it; then waits until the customer service
 * (move-ins check the tariff) and invoicing (bills are rated with it) have their copies.
 */
export async function publishTariff(api: Api, code: string, effectiveFrom: string, definition: object): Promise<void> {
  await api.post(
    'rating',
    '/tariffs',
    {
      code,
      name: 'E2E residential flat',
      commodity: 'electricity',
      customerClass: 'residential',
      currency: 'USD',
      timeZone: 'UTC',
      utility: 'Utilia Power & Water',
      description: 'One rate all day (end-to-end tests)',
    },
    ['billing-ops'],
  );
  const { versionIds } = await api.post('rating', `/tariffs/${code}/versions`, { effectiveFrom, definition }, ['billing-ops']);
  await api.post('rating', `/tariffs/${code}/versions/${versionIds[0]}/approve`, { note: 'checked' }, ['csr-supervisor']);
  await api.post('rating', `/tariffs/${code}/versions/${versionIds[0]}/publish`, {}, ['billing-ops']);
  await until(`invoicing's copy of tariff ${code}`, async () => (await api.call('invoicing', 'GET', `/tariffs/${code}`, ['billing-ops'])).status === 200);
}

export interface Household {
  name: string;
  customerId: string;
  accountId: string;
  servicePointId: string;
  agreementId: string;
  serial: string;
}

let counter = 0;

/**
 * A CSR's move-in: the customer, an account in the cycle, the premise and its electricity point
 * (connected), the agreement from `moveIn` on the tariff, and the meter in metering's inventory.
 *
 * The meter goes in one of two ways. `work-order`: a crew installs it with a meter-install work
 * order, dispatched and completed now (a work order cannot be completed before it was scheduled),
 * and metering installs it from the WorkOrderCompleted event. `backdated`: metering's installation
 * API records it as installed at the move-in's midnight (a meter-shop record keyed in late, or a
 * migration), so that readings of a bill period months ago are inside the installation. Both
 * carry the register the meter showed.
 */
export async function moveIn(
  api: Api,
  o: { name: string; cycle: string; tariffCode: string; moveIn: string; run: string; meter: 'work-order' | 'backdated' },
): Promise<Household> {
  const n = ++counter;
  const serial = `E2E-${o.run}-${n}`;
  const csr = ['csr'] as const;
  const { customerId } = await api.post('customer', '/customers', { kind: 'person', givenName: o.name, familyName: `E2E ${o.run}` }, [...csr]);
  const { accountId } = await api.post(
    'customer',
    '/accounts',
    { customerId, currency: 'USD', billCycle: o.cycle, billingAddress: { line1: `PO Box ${n}`, city: 'Springfield', postalCode: '62701', country: 'US' } },
    [...csr],
  );
  const { premiseId } = await api.post(
    'customer',
    '/premises',
    { address: { line1: `${n} ${o.run} Street`, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' }, premiseType: 'house' },
    [...csr],
  );
  const { servicePointId } = await api.post(
    'customer',
    `/premises/${premiseId}/service-points`,
    { commodity: 'electricity', marketId: `E-${o.run}-${n}`, connectionStatus: 'connected' },
    [...csr],
  );
  const { agreementId } = await api.post('customer', '/service-agreements', { accountId, servicePointId, tariffCode: o.tariffCode, startDate: o.moveIn }, [
    ...csr,
  ]);
  await api.post(
    'metering',
    '/meters',
    {
      serial,
      commodity: 'electricity',
      kind: 'interval',
      registers: [{ code: '1.8.0', measure: 'energy', direction: 'import', unit: 'kWh', multiplier: '1', dials: 6 }],
    },
    ['admin'],
  );
  if (o.meter === 'work-order') {
    const { workOrderId } = await api.post('customer', '/work-orders', { type: 'meter-install', servicePointId }, [...csr]);
    await api.post('customer', `/work-orders/${workOrderId}/dispatch`, { crew: 'e2e-crew' }, [...csr]);
    const at = new Date().toISOString();
    await api.post(
      'customer',
      `/work-orders/${workOrderId}/complete`,
      { completedAt: at, meterSerial: serial, reads: [{ register: '1.8.0', value: registerKwhAt(serial, today()), readAt: at }] },
      [...csr],
    );
  } else {
    const at = `${o.moveIn}T00:00:00Z`;
    await api.post(
      'metering',
      `/service-points/${servicePointId}/meters`,
      { serial, installedAt: at, reads: [{ register: '1.8.0', value: registerKwhAt(serial, o.moveIn), readAt: at }] },
      ['admin'],
    );
  }
  return { name: o.name, customerId, accountId, servicePointId, agreementId, serial };
}

/** Waits until metering installed the household's meter (from the completed work order) and invoicing has its agreement. */
export async function settled(api: Api, h: Household): Promise<void> {
  await until(`metering's installation of ${h.serial}`, async () =>
    (await api.get<Array<{ serial: string }>>('metering', `/service-points/${h.servicePointId}/installations`)).some((i) => i.serial === h.serial),
  );
  await until(`invoicing's copy of agreement ${h.agreementId}`, async () => {
    const a = await api.call<{ agreements: Array<{ id: string }> }>('invoicing', 'GET', `/accounts/${h.accountId}`, ['billing-ops']);
    return a.status === 200 && a.body.agreements.some((g) => g.id === h.agreementId);
  });
}
