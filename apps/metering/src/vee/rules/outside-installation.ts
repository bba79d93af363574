import type { Reading } from '../../readings/day';
import { iso, spans, type Finding } from './finding';

/** When a meter was at a service point: [installed, removed), removed null while it still is. */
export interface InstalledSpan {
  servicePointId: string;
  from: number;
  to: number | null;
}

/** The installation a reading belongs to: where the meter was when the interval started. */
export function installationAt(installations: readonly InstalledSpan[], start: number): InstalledSpan | undefined {
  return installations.find((i) => i.from <= start && (i.to === null || start < i.to));
}

/**
 * Rule: a reading belongs to the service point where the meter was installed when it was taken; a
 * reading from when the meter was installed nowhere belongs to no one's usage. It is kept (the
 * installation dates may be what is wrong) and shown to a person.
 */
export function outsideInstallation(readings: readonly Reading[], installations: readonly InstalledSpan[]): Finding[] {
  return spans(readings, (r) => installationAt(installations, r.start) === undefined).map((s) => ({
    rule: 'outside-installation' as const,
    from: s.from,
    to: s.to,
    detail: `${s.readings.length} reading(s) from ${iso(s.from)} when the meter was installed at no service point`,
  }));
}
