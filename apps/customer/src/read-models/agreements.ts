import type { LocalDate } from '@utilia/contracts';
import type { TariffEntry } from '../service-agreement/service-point.decider';

/** An agreement as a read model holds it: its dates and its tariff history. */
export interface AgreementDates {
  startDate: LocalDate;
  endDate: LocalDate | null;
  tariffs: TariffEntry[];
}

/** An agreement as a CSR reads it on `today`: the tariff in force, and the changes still ahead, apart. */
export type AgreementAsOf<A> = A & { tariffCode: string; tariffFrom: LocalDate; scheduledTariffChanges: TariffEntry[] };

/**
 * The tariff in force on `today` (on the first day for an agreement not started yet, on the last
 * for one that has ended) and the changes scheduled after it. A change made today for the 15th is
 * a scheduled change until the 15th, not the tariff.
 */
export function asOf<A extends AgreementDates>(agreement: A, today: LocalDate): AgreementAsOf<A> {
  const day = today < agreement.startDate ? agreement.startDate : agreement.endDate !== null && today > agreement.endDate ? agreement.endDate : today;
  const inForce = agreement.tariffs.filter((t) => t.from <= day).at(-1) ?? agreement.tariffs[0];
  return { ...agreement, tariffCode: inForce.tariffCode, tariffFrom: inForce.from, scheduledTariffChanges: agreement.tariffs.filter((t) => t.from > day) };
}
