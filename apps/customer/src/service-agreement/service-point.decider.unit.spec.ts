import { uuidv7, ServiceAgreementStoppedV1, ServicePointAddedV1, ServiceAgreementStartedV2, ServiceAgreementTariffChangedV1 } from '@utilia/contracts';
import { event } from '@utilia/platform';
import type { DatePolicy } from '../shared/policy';
import { given, named, violatedRule } from '@utilia/platform/testing';
import { decideServicePoint, servicePointAggregate, type ServicePointCommand } from './service-point.decider';
import type { PublishedTariff } from './tariff-in-force';

const now = new Date('2025-06-15T10:00:00Z');
const policy: DatePolicy = { timeZone: 'America/New_York', backdateLimitDays: 60, aheadLimitDays: 90 };
const sp = uuidv7();
const premise = uuidv7();
const tenantA = uuidv7();
const tenantB = uuidv7();
const landlord = uuidv7();
const agreementA = uuidv7();
const agreementB = uuidv7();

const added = event(ServicePointAddedV1, {
  servicePointId: sp,
  premiseId: premise,
  commodity: 'electricity',
  marketId: 'MPAN-0001',
  connectionStatus: 'connected',
});
const started = (agreementId: string, accountId: string, startDate: string, tariffCode = 'E-1') =>
  event(ServiceAgreementStartedV2, { agreementId, accountId, servicePointId: sp, commodity: 'electricity', tariffCode, startDate, tariffVersionId: null });
const stopped = (agreementId: string, accountId: string, endDate: string) =>
  event(ServiceAgreementStoppedV1, { agreementId, accountId, servicePointId: sp, endDate, reason: 'move-out', finalBillRequested: true });

/** The version of a test tariff in force since 2020 (its id is its code's). */
const versionOf = (code: string) => `v-${code}`;
const tariff = (
  code: string,
  commodity: PublishedTariff['commodity'] = 'electricity',
  versions: Array<{ effectiveFrom: string; effectiveTo: string | null }> = [{ effectiveFrom: '2020-01-01', effectiveTo: null }],
): PublishedTariff => ({
  code,
  commodity,
  customerClass: 'residential' as const,
  versions: versions.map((v, i) => ({ versionId: i === 0 ? versionOf(code) : `${versionOf(code)}-${i}`, supersedes: null, ...v })),
});
/** What the catalog copy knows: the electricity tariffs the tests name. */
const catalog: PublishedTariff[] = ['E-1', 'E-2', 'E-3', 'E-TOU'].map((code) => tariff(code));

/** A command as a test writes it: the catalog is the one above unless it says otherwise. */
type TestCommand = ServicePointCommand extends infer C ? (C extends { catalog: unknown } ? Omit<C, 'catalog'> & { catalog?: PublishedTariff[] } : C) : never;
const decide = (events: Parameters<typeof given>[1][], command: TestCommand) =>
  decideServicePoint(given(servicePointAggregate, ...events), { catalog, ...command } as ServicePointCommand, now, policy);

describe('starting service (move-in)', () => {
  it('a move-in on a free service point starts an agreement on the tariff asked for', () => {
    expect(named(decide([added], { type: 'start', agreementId: agreementA, accountId: tenantA, tariffCode: 'E-TOU', startDate: '2025-06-01' }))).toEqual([
      [
        'service-agreement-started',
        {
          agreementId: agreementA,
          accountId: tenantA,
          servicePointId: sp,
          commodity: 'electricity',
          tariffCode: 'E-TOU',
          startDate: '2025-06-01',
          tariffVersionId: versionOf('E-TOU'),
        },
      ],
    ]);
  });

  it('a move-in with solar says how its generation is settled; "none" is said by saying nothing', () => {
    const start = { type: 'start', agreementId: agreementA, accountId: tenantA, tariffCode: 'E-TOU', startDate: '2025-06-01' } as const;
    expect(named(decide([added], { ...start, meteringArrangement: 'net-billing' }))[0][1]).toMatchObject({ meteringArrangement: 'net-billing' });
    expect(named(decide([added], { ...start, meteringArrangement: 'none' }))[0][1]).not.toHaveProperty('meteringArrangement');
  });

  it('a second move-in while an agreement is in force is refused: never two active agreements on one point', () => {
    expect(
      violatedRule(() =>
        decide([added, started(agreementA, tenantA, '2025-06-01')], {
          type: 'start',
          agreementId: agreementB,
          accountId: tenantB,
          tariffCode: 'E-1',
          startDate: '2025-07-01',
        }),
      ),
    ).toBe('service-point-occupied');
  });

  it('a move-in on the day the previous occupant moved out is allowed (the handover read splits the day)', () => {
    const events = decide([added, started(agreementA, tenantA, '2025-05-01'), stopped(agreementA, tenantA, '2025-06-10')], {
      type: 'start',
      agreementId: agreementB,
      accountId: tenantB,
      tariffCode: 'E-1',
      startDate: '2025-06-10',
    });
    expect(named(events).map(([name]) => name)).toEqual(['service-agreement-started']);
  });

  it('a move-in the day before the previous occupant moves out overlaps and is refused', () => {
    expect(
      violatedRule(() =>
        decide([added, started(agreementA, tenantA, '2025-05-01'), stopped(agreementA, tenantA, '2025-06-10')], {
          type: 'start',
          agreementId: agreementB,
          accountId: tenantB,
          tariffCode: 'E-1',
          startDate: '2025-06-09',
        }),
      ),
    ).toBe('service-point-occupied');
  });

  it('a move-in before an agreement that is already booked for a later date is refused', () => {
    expect(
      violatedRule(() =>
        decide([added, started(agreementA, tenantA, '2025-07-01')], {
          type: 'start',
          agreementId: agreementB,
          accountId: tenantB,
          tariffCode: 'E-1',
          startDate: '2025-06-20',
        }),
      ),
    ).toBe('service-point-occupied');
  });

  it('a move-in more than the backdate limit in the past is refused', () => {
    expect(
      violatedRule(() => decide([added], { type: 'start', agreementId: agreementA, accountId: tenantA, tariffCode: 'E-1', startDate: '2025-04-15' })),
    ).toBe('date-too-far-in-past');
  });

  it('a move-in exactly at the backdate limit is accepted (today is 2025-06-15 in New York)', () => {
    expect(decide([added], { type: 'start', agreementId: agreementA, accountId: tenantA, tariffCode: 'E-1', startDate: '2025-04-16' })).toHaveLength(1);
  });

  it('a move-in on a service point that does not exist is refused', () => {
    expect(violatedRule(() => decide([], { type: 'start', agreementId: agreementA, accountId: tenantA, tariffCode: 'E-1', startDate: '2025-06-01' }))).toBe(
      'service-point-not-found',
    );
  });
});

describe('stopping service (move-out)', () => {
  it('a move-out ends the agreement on the last day of service and says whether a final bill is due', () => {
    expect(
      named(
        decide([added, started(agreementA, tenantA, '2025-05-01')], {
          type: 'stop',
          agreementId: agreementA,
          endDate: '2025-06-30',
          reason: 'move-out',
          finalBillRequested: true,
        }),
      ),
    ).toEqual([
      [
        'service-agreement-stopped',
        { agreementId: agreementA, accountId: tenantA, servicePointId: sp, endDate: '2025-06-30', reason: 'move-out', finalBillRequested: true },
      ],
    ]);
  });

  it('a stop before the start is refused', () => {
    expect(
      violatedRule(() =>
        decide([added, started(agreementA, tenantA, '2025-06-10')], {
          type: 'stop',
          agreementId: agreementA,
          endDate: '2025-06-09',
          reason: 'move-out',
          finalBillRequested: true,
        }),
      ),
    ).toBe('stop-before-start');
  });

  it('a stop on the start day is a one-day agreement and is allowed', () => {
    expect(
      decide([added, started(agreementA, tenantA, '2025-06-10')], {
        type: 'stop',
        agreementId: agreementA,
        endDate: '2025-06-10',
        reason: 'move-out',
        finalBillRequested: false,
      }),
    ).toHaveLength(1);
  });

  it('an agreement stops only once', () => {
    expect(
      violatedRule(() =>
        decide([added, started(agreementA, tenantA, '2025-05-01'), stopped(agreementA, tenantA, '2025-06-10')], {
          type: 'stop',
          agreementId: agreementA,
          endDate: '2025-06-12',
          reason: 'move-out',
          finalBillRequested: true,
        }),
      ),
    ).toBe('agreement-already-stopped');
  });

  it('a stop before a booked tariff change is refused', () => {
    const change = event(ServiceAgreementTariffChangedV1, {
      agreementId: agreementA,
      accountId: tenantA,
      servicePointId: sp,
      tariffCode: 'E-2',
      previousTariffCode: 'E-1',
      effectiveFrom: '2025-07-01',
    });
    expect(
      violatedRule(() =>
        decide([added, started(agreementA, tenantA, '2025-05-01'), change], {
          type: 'stop',
          agreementId: agreementA,
          endDate: '2025-06-20',
          reason: 'move-out',
          finalBillRequested: true,
        }),
      ),
    ).toBe('tariff-change-after-stop');
  });
});

describe('transferring service (move-out and move-in the same day)', () => {
  it('a transfer stops the outgoing agreement and starts the incoming one on the same day', () => {
    const events = decide([added, started(agreementA, tenantA, '2025-05-01', 'E-TOU')], {
      type: 'transfer',
      date: '2025-06-20',
      incoming: { agreementId: agreementB, accountId: tenantB, tariffCode: 'E-1' },
      outgoingFinalBillRequested: true,
    });
    expect(named(events)).toEqual([
      [
        'service-agreement-stopped',
        { agreementId: agreementA, accountId: tenantA, servicePointId: sp, endDate: '2025-06-20', reason: 'transfer', finalBillRequested: true },
      ],
      [
        'service-agreement-started',
        {
          agreementId: agreementB,
          accountId: tenantB,
          servicePointId: sp,
          commodity: 'electricity',
          tariffCode: 'E-1',
          startDate: '2025-06-20',
          tariffVersionId: versionOf('E-1'),
        },
      ],
    ]);
  });

  it('when nobody moves in, the landlord takes the point over on the tariff in force', () => {
    const events = decide([added, started(agreementA, tenantA, '2025-05-01', 'E-TOU')], {
      type: 'transfer',
      date: '2025-06-20',
      incoming: { agreementId: agreementB, accountId: landlord, tariffCode: null },
      outgoingFinalBillRequested: true,
    });
    expect(events[1].data).toMatchObject({ accountId: landlord, tariffCode: 'E-TOU', startDate: '2025-06-20' });
  });

  it('a transfer to the account that already has the point is refused', () => {
    expect(
      violatedRule(() =>
        decide([added, started(agreementA, tenantA, '2025-05-01')], {
          type: 'transfer',
          date: '2025-06-20',
          incoming: { agreementId: agreementB, accountId: tenantA, tariffCode: null },
          outgoingFinalBillRequested: false,
        }),
      ),
    ).toBe('transfer-to-same-account');
  });

  it('a transfer of a vacant point is refused', () => {
    expect(
      violatedRule(() =>
        decide([added], {
          type: 'transfer',
          date: '2025-06-20',
          incoming: { agreementId: agreementB, accountId: tenantB, tariffCode: null },
          outgoingFinalBillRequested: false,
        }),
      ),
    ).toBe('nothing-to-transfer');
  });

  it('a transfer before the outgoing agreement started is refused like a stop before start', () => {
    expect(
      violatedRule(() =>
        decide([added, started(agreementA, tenantA, '2025-06-10')], {
          type: 'transfer',
          date: '2025-06-05',
          incoming: { agreementId: agreementB, accountId: tenantB, tariffCode: null },
          outgoingFinalBillRequested: false,
        }),
      ),
    ).toBe('nothing-to-transfer');
  });
});

describe('changing tariff', () => {
  it('a tariff change from a date names the tariff it replaces', () => {
    expect(
      named(
        decide([added, started(agreementA, tenantA, '2025-05-01', 'E-1')], {
          type: 'change-tariff',
          agreementId: agreementA,
          tariffCode: 'E-TOU',
          effectiveFrom: '2025-07-01',
        }),
      ),
    ).toEqual([
      [
        'service-agreement-tariff-changed',
        { agreementId: agreementA, accountId: tenantA, servicePointId: sp, tariffCode: 'E-TOU', previousTariffCode: 'E-1', effectiveFrom: '2025-07-01' },
      ],
    ]);
  });

  it('a tariff change before the agreement starts is refused', () => {
    expect(
      violatedRule(() =>
        decide([added, started(agreementA, tenantA, '2025-06-01')], {
          type: 'change-tariff',
          agreementId: agreementA,
          tariffCode: 'E-2',
          effectiveFrom: '2025-05-31',
        }),
      ),
    ).toBe('tariff-change-before-start');
  });

  it('a tariff change after the agreement stopped is refused', () => {
    expect(
      violatedRule(() =>
        decide([added, started(agreementA, tenantA, '2025-05-01'), stopped(agreementA, tenantA, '2025-06-10')], {
          type: 'change-tariff',
          agreementId: agreementA,
          tariffCode: 'E-2',
          effectiveFrom: '2025-06-11',
        }),
      ),
    ).toBe('tariff-change-after-stop');
  });

  it('a change to the tariff already in force is refused', () => {
    expect(
      violatedRule(() =>
        decide([added, started(agreementA, tenantA, '2025-05-01', 'E-1')], {
          type: 'change-tariff',
          agreementId: agreementA,
          tariffCode: 'E-1',
          effectiveFrom: '2025-06-01',
        }),
      ),
    ).toBe('tariff-unchanged');
  });
});

describe('tariffs come from the published catalog', () => {
  const moveIn = (tariffCode: string, startDate: string, tariffs: PublishedTariff[] = catalog) =>
    decide([added], { type: 'start', agreementId: agreementA, accountId: tenantA, tariffCode, startDate, catalog: tariffs });
  const changeTo = (tariffCode: string, effectiveFrom: string, tariffs: PublishedTariff[] = catalog) =>
    decide([added, started(agreementA, tenantA, '2025-05-01')], {
      type: 'change-tariff',
      agreementId: agreementA,
      tariffCode,
      effectiveFrom,
      catalog: tariffs,
    });
  // E-SUMMER: published for 2025-07-01 to before 2025-10-01 only.
  const seasonal = [...catalog, tariff('E-SUMMER', 'electricity', [{ effectiveFrom: '2025-07-01', effectiveTo: '2025-10-01' }])];
  const gas = [...catalog, tariff('G-1', 'gas')];

  it('a move-in or tariff change on a code rating never published is refused', () => {
    expect(violatedRule(() => moveIn('E-NEW', '2025-06-01'))).toBe('tariff-unknown');
    expect(violatedRule(() => changeTo('E-NEW', '2025-07-01'))).toBe('tariff-unknown');
  });

  it('a gas tariff on an electricity point is refused, at move-in and at a tariff change', () => {
    expect(violatedRule(() => moveIn('G-1', '2025-06-01', gas))).toBe('tariff-commodity-mismatch');
    expect(violatedRule(() => changeTo('G-1', '2025-07-01', gas))).toBe('tariff-commodity-mismatch');
  });

  it("a tariff of another customer class than the account's is refused; an account that says no class is not checked", () => {
    const commercial = [...catalog, { ...tariff('C-TOU'), customerClass: 'commercial' as const }];
    const start = (customerClass?: 'residential' | 'commercial') =>
      decide([added], {
        type: 'start',
        agreementId: agreementA,
        accountId: tenantA,
        tariffCode: 'C-TOU',
        startDate: '2025-06-01',
        catalog: commercial,
        customerClass,
      });
    expect(violatedRule(() => start('residential'))).toBe('tariff-class-mismatch');
    expect(start('commercial')[0].data).toMatchObject({ tariffCode: 'C-TOU' });
    expect(start(undefined)[0].data).toMatchObject({ tariffCode: 'C-TOU' });
    const change = (customerClass: 'residential' | 'commercial') =>
      decide([added, started(agreementA, tenantA, '2025-05-01')], {
        type: 'change-tariff',
        agreementId: agreementA,
        tariffCode: 'C-TOU',
        effectiveFrom: '2025-07-01',
        catalog: commercial,
        customerClass,
      });
    expect(violatedRule(() => change('residential'))).toBe('tariff-class-mismatch');
  });

  it('a tariff is taken only from a day one of its versions is in force', () => {
    expect(violatedRule(() => moveIn('E-SUMMER', '2025-06-30', seasonal))).toBe('tariff-not-in-force');
    expect(violatedRule(() => changeTo('E-SUMMER', '2025-10-01', seasonal))).toBe('tariff-not-in-force');
    expect(changeTo('E-SUMMER', '2025-07-01', seasonal)[0].data).toMatchObject({ tariffCode: 'E-SUMMER' });
  });

  it('the refusal of a tariff not in force says when it is', () => {
    expect(() => moveIn('E-SUMMER', '2025-06-30', seasonal)).toThrow(
      'no version of tariff E-SUMMER is in force on 2025-06-30; it is in force from 2025-07-01 to before 2025-10-01',
    );
  });

  it('a move-in names the version in force on its first day; after a correction, the correction', () => {
    const corrected: PublishedTariff = {
      ...tariff('E-1'),
      versions: [...tariff('E-1').versions, { versionId: 'v-E-1-fixed', effectiveFrom: '2020-01-01', effectiveTo: null, supersedes: versionOf('E-1') }],
    };
    expect(moveIn('E-1', '2025-06-01')[0].data).toMatchObject({ tariffVersionId: versionOf('E-1') });
    expect(moveIn('E-1', '2025-06-01', [corrected])[0].data).toMatchObject({ tariffVersionId: 'v-E-1-fixed' });
  });

  it("a landlord reversion keeps the outgoing agreement's tariff only while a version of it is in force", () => {
    const transfer = (tariffs: PublishedTariff[], tariffCode: string | null = null) =>
      decide([added, started(agreementA, tenantA, '2025-05-01', 'E-OLD')], {
        type: 'transfer',
        date: '2025-06-20',
        incoming: { agreementId: agreementB, accountId: landlord, tariffCode },
        outgoingFinalBillRequested: false,
        catalog: tariffs,
      });
    const withdrawn = [...catalog, tariff('E-OLD', 'electricity', [{ effectiveFrom: '2020-01-01', effectiveTo: '2025-06-01' }])];
    expect(violatedRule(() => transfer(withdrawn))).toBe('tariff-not-in-force');
    expect(transfer(withdrawn, 'E-1')[1].data).toMatchObject({ accountId: landlord, tariffCode: 'E-1', tariffVersionId: versionOf('E-1') });
  });
});

describe('field work reported on the point', () => {
  it('a completed disconnection marks the point disconnected for the account on supply', () => {
    const wo = uuidv7();
    expect(
      named(
        decide([added, started(agreementA, tenantA, '2025-05-01')], {
          type: 'record-field-work',
          workOrderId: wo,
          workType: 'disconnect',
          date: '2025-06-15',
          meterSerial: null,
        }),
      ),
    ).toEqual([
      [
        'service-point-connection-changed',
        { servicePointId: sp, premiseId: premise, accountId: tenantA, connectionStatus: 'disconnected', workOrderId: wo, changedOn: '2025-06-15' },
      ],
    ]);
  });

  it('a meter exchange records the new serial and the one it replaced', () => {
    const wo = uuidv7();
    const state = [added, started(agreementA, tenantA, '2025-05-01')];
    const installed = decide(state, { type: 'record-field-work', workOrderId: wo, workType: 'meter-install', date: '2025-06-01', meterSerial: 'M-100' });
    const exchanged = decide([...state, ...installed], {
      type: 'record-field-work',
      workOrderId: wo,
      workType: 'meter-exchange',
      date: '2025-06-15',
      meterSerial: 'M-200',
    });
    expect(exchanged[0].data).toMatchObject({ meterSerial: 'M-200', previousMeterSerial: 'M-100' });
  });

  it('a connection of a point already connected changes nothing', () => {
    expect(decide([added], { type: 'record-field-work', workOrderId: uuidv7(), workType: 'connect', date: '2025-06-15', meterSerial: null })).toEqual([]);
  });
});

describe('what a CSR can still change before it takes effect', () => {
  const tariffChanged = (effectiveFrom: string, tariffCode: string, previousTariffCode = 'E-1') =>
    event(ServiceAgreementTariffChangedV1, { agreementId: agreementA, accountId: tenantA, servicePointId: sp, tariffCode, previousTariffCode, effectiveFrom });
  const onSupply = [added, started(agreementA, tenantA, '2025-05-01')];

  it('a tariff change for a date ahead can be called off; one in force cannot', () => {
    const state = [...onSupply, tariffChanged('2025-07-01', 'E-TOU')];
    expect(named(decide(state, { type: 'cancel-tariff-change', agreementId: agreementA, effectiveFrom: '2025-07-01' }))).toEqual([
      [
        'service-agreement-tariff-change-cancelled',
        { agreementId: agreementA, accountId: tenantA, servicePointId: sp, tariffCode: 'E-TOU', effectiveFrom: '2025-07-01' },
      ],
    ]);
    const inForce = [...onSupply, tariffChanged('2025-06-01', 'E-TOU')];
    expect(violatedRule(() => decide(inForce, { type: 'cancel-tariff-change', agreementId: agreementA, effectiveFrom: '2025-06-01' }))).toBe(
      'tariff-change-in-force',
    );
    expect(violatedRule(() => decide(onSupply, { type: 'cancel-tariff-change', agreementId: agreementA, effectiveFrom: '2025-05-01' }))).toBe(
      'tariff-change-not-found',
    );
  });

  it('a change for the same day replaces the scheduled one; a change for another day keeps it', () => {
    const state = given(servicePointAggregate, ...onSupply, tariffChanged('2025-07-01', 'E-TOU'), tariffChanged('2025-08-01', 'E-2', 'E-TOU'));
    const replaced = decideServicePoint(
      state,
      { type: 'change-tariff', agreementId: agreementA, tariffCode: 'E-3', effectiveFrom: '2025-07-01', catalog },
      now,
      policy,
    );
    expect(replaced[0].data).toMatchObject({ tariffCode: 'E-3', previousTariffCode: 'E-1' });
    const after = given(servicePointAggregate, ...onSupply, tariffChanged('2025-07-01', 'E-TOU'), tariffChanged('2025-08-01', 'E-2', 'E-TOU'), ...replaced);
    expect(after.agreements[0].tariffs).toEqual([
      { tariffCode: 'E-1', from: '2025-05-01' },
      { tariffCode: 'E-3', from: '2025-07-01' },
      { tariffCode: 'E-2', from: '2025-08-01' },
    ]);
  });

  it('a scheduled stop can be moved or called off before its day; the stop of a transfer cannot', () => {
    const state = [...onSupply, stopped(agreementA, tenantA, '2025-06-30')];
    expect(named(decide(state, { type: 'amend-stop', agreementId: agreementA, endDate: '2025-07-10' }))).toEqual([
      [
        'service-agreement-stop-amended',
        { agreementId: agreementA, accountId: tenantA, servicePointId: sp, endDate: '2025-07-10', previousEndDate: '2025-06-30' },
      ],
    ]);
    expect(named(decide(state, { type: 'cancel-stop', agreementId: agreementA }))).toEqual([
      ['service-agreement-stop-cancelled', { agreementId: agreementA, accountId: tenantA, servicePointId: sp, previousEndDate: '2025-06-30' }],
    ]);
    const transferred = decide(onSupply, {
      type: 'transfer',
      date: '2025-06-30',
      incoming: { agreementId: agreementB, accountId: tenantB, tariffCode: null },
      outgoingFinalBillRequested: false,
    });
    expect(violatedRule(() => decide([...onSupply, ...transferred], { type: 'cancel-stop', agreementId: agreementA }))).toBe('stop-of-transfer');
  });

  it('a stop whose day has passed stays; a stop moved past the next occupant is refused', () => {
    expect(violatedRule(() => decide([...onSupply, stopped(agreementA, tenantA, '2025-06-10')], { type: 'cancel-stop', agreementId: agreementA }))).toBe(
      'stop-in-the-past',
    );
    const next = [...onSupply, stopped(agreementA, tenantA, '2025-06-30'), started(agreementB, tenantB, '2025-07-01')];
    expect(violatedRule(() => decide(next, { type: 'amend-stop', agreementId: agreementA, endDate: '2025-07-05' }))).toBe('service-point-occupied');
    expect(violatedRule(() => decide(next, { type: 'cancel-stop', agreementId: agreementA }))).toBe('service-point-occupied');
    expect(violatedRule(() => decide(onSupply, { type: 'amend-stop', agreementId: agreementA, endDate: '2025-07-05' }))).toBe('agreement-not-stopped');
  });

  it('a move-in or transfer further ahead than the limit is refused (a year typed wrong)', () => {
    expect(
      violatedRule(() => decide([added], { type: 'start', agreementId: agreementA, accountId: tenantA, tariffCode: 'E-1', startDate: '2030-06-01' })),
    ).toBe('date-too-far-ahead');
    expect(decide([added], { type: 'start', agreementId: agreementA, accountId: tenantA, tariffCode: 'E-1', startDate: '2025-09-13' })).toHaveLength(1);
    expect(
      violatedRule(() =>
        decide(onSupply, {
          type: 'transfer',
          date: '2026-01-01',
          incoming: { agreementId: agreementB, accountId: tenantB, tariffCode: null },
          outgoingFinalBillRequested: false,
        }),
      ),
    ).toBe('date-too-far-ahead');
  });

  it('a connection that reports the meter found or fitted records its serial', () => {
    const neverConnected = event(ServicePointAddedV1, {
      servicePointId: sp,
      premiseId: premise,
      commodity: 'electricity',
      marketId: 'MPAN-0001',
      connectionStatus: 'never-connected',
    });
    expect(
      named(decide([neverConnected], { type: 'record-field-work', workOrderId: agreementB, workType: 'connect', date: '2025-06-15', meterSerial: 'LG-1' })).map(
        ([n]) => n,
      ),
    ).toEqual(['service-point-connection-changed', 'service-point-meter-changed']);
  });
});
