import Big from 'big.js';
import { parse } from 'csv-parse/sync';
import {
  addDays,
  Api,
  daysOf,
  ensureBroker,
  flatTariff,
  HeadEnd,
  moveIn,
  ownBroker,
  publishTariff,
  readDateBefore,
  restartBroker,
  settled,
  SERVICES,
  System,
  today,
  until,
  withLogs,
  type Household,
} from './harness';

// While a bill run and a stream of readings are in flight, metering (which answers the run's usage
// requests and stores the readings) is killed with SIGKILL and started again, and the broker is
// restarted once. Afterwards, through the APIs: every invoice exists exactly once, every reading
// once, the ledger balances; and, from the services' own databases (no API shows it), no outbox row
// is left unpublished.

const HOUSEHOLDS = 16;

describe('chaos: a service SIGKILLed and the broker restarted during a bill run and a stream of readings', () => {
  let system: System | undefined;
  let api: Api;
  const headend = new HeadEnd();
  const broker = ownBroker();
  let brokerRestarted = false;
  const run = `C${Date.now().toString(36).toUpperCase()}`;
  const { runDate, cycle } = readDateBefore(62);
  const moveInDate = addDays(runDate, -10);
  const tariffCode = `E2E-CHAOS-${run}`;
  const households: Household[] = [];

  beforeAll(async () => {
    system = await System.start({ env: { customer: { BACKDATE_LIMIT_DAYS: '150' } } });
    api = new Api(system);
    await headend.start();
  }, 180_000);
  afterAll(async () => {
    // Whatever happened, the rest of the test run has its broker back.
    if (broker) await ensureBroker(broker.port);
    await headend.stop().catch(() => undefined);
    await system?.stop();
  }, 180_000);

  it('every invoice exactly once, every reading once, a balanced ledger, no outbox row left', () =>
    withLogs(
      () => system,
      async () => {
        const sys = system as System;
        await publishTariff(api, tariffCode, addDays(moveInDate, -60), flatTariff('12.00', '0.80'));
        for (let i = 0; i < HOUSEHOLDS; i++)
          households.push(await moveIn(api, { name: `h${i}`, cycle, tariffCode, moveIn: moveInDate, run, meter: 'backdated' }));
        for (const h of households) await settled(api, h);
        const serials = households.map((h) => h.serial);
        const billed = daysOf(moveInDate, runDate);
        await headend.sendDays(serials, billed);
        const stored = async (h: Household, from: string, to: string) =>
          (await api.get('metering', `/meters/${h.serial}/readings?from=${from}T00:00:00Z&to=${to}T00:00:00Z`, ['csr'])).readings as Array<{ start: string }>;
        for (const h of households)
          await until(`${h.serial}'s billed days stored`, async () => (await stored(h, moveInDate, runDate)).length === billed.length * 96);

        // The stream: the days after the read date, one day of every meter at a time.
        const streamed = daysOf(runDate, addDays(runDate, 20));
        const stream = (async () => {
          for (const day of streamed) await headend.sendDays(serials, [day]);
        })();
        const started = await api.post('invoicing', '/bill-runs', { cycle, runDate }, ['billing-ops']);

        await sys.service('metering').killAndRestart();
        if (broker) {
          await restartBroker(broker.port);
          brokerRestarted = true;
        } else {
          console.warn(`the broker ${process.env.KAFKA_BROKERS} was not started by tools/infra in this repository: it is not restarted`);
        }
        await stream;

        const progress = await until(
          'the bill run finished',
          async () => {
            const p = await api.get('invoicing', `/bill-runs/${started.runId}`, ['billing-ops']);
            return p.awaitingUsage === 0 && p.issued + p.held + p.failed === p.bills && p.bills > 0 && p;
          },
          180_000,
        );
        expect(progress).toMatchObject({ bills: HOUSEHOLDS, issued: HOUSEHOLDS, held: 0, failed: 0 });

        // Every invoice exactly once, and in payments' ledger as the account's balance.
        const totals = new Map<string, string>();
        for (const h of households) {
          const { items } = await api.get('invoicing', `/invoices?accountId=${h.accountId}`, ['csr']);
          expect(items).toHaveLength(1);
          totals.set(h.accountId, items[0].total);
          await until(`${h.name}'s invoice in the ledger`, async () =>
            new Big((await api.get('payments', `/accounts/${h.accountId}/balance`, ['csr'])).balance.amount).eq(items[0].total),
          );
        }
        const numbers = new Set<string>();
        for (const h of households) for (const i of (await api.get('invoicing', `/invoices?accountId=${h.accountId}`, ['csr'])).items) numbers.add(i.number);
        expect(numbers.size).toBe(HOUSEHOLDS);

        // Every reading once: each quarter hour sent is stored, none twice.
        for (const h of households) {
          const readings = await until(`${h.serial}'s streamed days stored`, async () => {
            const r = await stored(h, runDate, addDays(runDate, streamed.length));
            return r.length >= streamed.length * 96 && r;
          });
          expect(readings).toHaveLength(streamed.length * 96);
          expect(new Set(readings.map((r) => r.start)).size).toBe(readings.length);
        }

        // The ledger balances: every journal entry's debits equal its credits.
        const csv = await api.ok<string>('payments', 'GET', `/journal.csv?from=${addDays(runDate, -1)}&to=${addDays(today(), 1)}`, ['admin']);
        const lines = parse(csv, { columns: true }) as Array<{ entry: string; debit: string; credit: string }>;
        const byEntry = new Map<string, Big>();
        for (const l of lines) byEntry.set(l.entry, (byEntry.get(l.entry) ?? new Big(0)).plus(l.debit || '0').minus(l.credit || '0'));
        expect(byEntry.size).toBeGreaterThanOrEqual(HOUSEHOLDS);
        expect([...byEntry.values()].filter((d) => !d.eq(0))).toEqual([]);
        const receivable = lines
          .filter((l) => (l as unknown as { account_code: string }).account_code === '1100')
          .reduce((s, l) => s.plus(l.debit || '0').minus(l.credit || '0'), new Big(0));
        expect(receivable.eq([...totals.values()].reduce((s, t) => s.plus(t), new Big(0)))).toBe(true);

        // No API shows the outbox: its rows are read, read-only, in each service's own database.
        for (const name of SERVICES) {
          await until(
            `${name}'s outbox empty`,
            async () => Number((await sys.queryDatabase<{ n: string }>(name, 'select count(*) as n from outbox'))[0].n) === 0,
          );
        }
        if (broker) expect(brokerRestarted).toBe(true);
      },
    ));
});
