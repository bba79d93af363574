import { uuidv7 } from '@utilia/contracts';
import { given, named, violatedRule } from '@utilia/platform/testing';
import { decideInstallation, installationAggregate, type InstallationCommand, type MeterFacts } from './installation.decider';

const now = new Date('2026-06-15T12:00:00Z');
const servicePointId = uuidv7();
const meter = (serial: string, over: Partial<MeterFacts> = {}): MeterFacts => ({
  meterId: uuidv7(),
  serial,
  commodity: 'electricity',
  installedElsewhere: null,
  ...over,
});
const install = (m: MeterFacts, installedAt = '2026-06-01T09:00:00Z'): InstallationCommand => ({
  type: 'install',
  installationId: uuidv7(),
  servicePointId,
  pointCommodity: 'electricity',
  meter: m,
  installedAt,
  reads: [{ register: '1.8.0', value: '0', readAt: installedAt }],
  workOrderId: null,
});
const remove = (serial: string, removedAt = '2026-06-10T09:00:00Z'): InstallationCommand => ({
  type: 'remove',
  servicePointId,
  serial,
  removedAt,
  reads: [],
  workOrderId: null,
});

describe('meter installations at a service point', () => {
  it('a meter goes in with its start reads', () => {
    const m = meter('LG-1');
    expect(named(decideInstallation(given(installationAggregate), install(m), now))).toEqual([
      [
        'meter-installed',
        expect.objectContaining({
          meterId: m.meterId,
          serial: 'LG-1',
          servicePointId,
          installedAt: '2026-06-01T09:00:00Z',
          reads: [{ register: '1.8.0', value: '0', readAt: '2026-06-01T09:00:00Z' }],
        }),
      ],
    ]);
  });

  it('a point has one meter at a time: the old one comes out first (an exchange)', () => {
    const first = decideInstallation(given(installationAggregate), install(meter('LG-1')), now);
    expect(violatedRule(() => decideInstallation(given(installationAggregate, ...first), install(meter('LG-2'), '2026-06-12T09:00:00Z'), now))).toBe(
      'service-point-has-meter',
    );
    const removed = decideInstallation(given(installationAggregate, ...first), remove('LG-1'), now);
    expect(decideInstallation(given(installationAggregate, ...first, ...removed), install(meter('LG-2'), '2026-06-12T09:00:00Z'), now)).toHaveLength(1);
    expect(
      violatedRule(() => decideInstallation(given(installationAggregate, ...first, ...removed), install(meter('LG-2'), '2026-06-09T09:00:00Z'), now)),
    ).toBe('installed-before-removal');
  });

  it('a meter is at one point at a time, of the point commodity, and never fitted in the future', () => {
    expect(
      violatedRule(() =>
        decideInstallation(
          given(installationAggregate),
          install(meter('LG-3', { installedElsewhere: { servicePointId: uuidv7(), installedAt: '2026-01-01T00:00:00Z' } })),
          now,
        ),
      ),
    ).toBe('meter-installed-elsewhere');
    expect(violatedRule(() => decideInstallation(given(installationAggregate), install(meter('G-1', { commodity: 'gas' })), now))).toBe('commodity-mismatch');
    expect(violatedRule(() => decideInstallation(given(installationAggregate), install(meter('LG-4'), '2026-07-01T00:00:00Z'), now))).toBe(
      'installed-in-future',
    );
  });

  it('only the meter that is in can come out, after it went in', () => {
    const first = decideInstallation(given(installationAggregate), install(meter('LG-1')), now);
    expect(violatedRule(() => decideInstallation(given(installationAggregate, ...first), remove('LG-9'), now))).toBe('installation-not-found');
    expect(violatedRule(() => decideInstallation(given(installationAggregate, ...first), remove('LG-1', '2026-05-01T00:00:00Z'), now))).toBe(
      'removed-before-installed',
    );
  });
});
