import type { LocalDate } from '@utilia/contracts';
import { addDays, localDateOf, RuleViolation } from '@utilia/platform';

/** The customer service's date policy: the zone business dates are read in and how far back service dates may go. */
export interface DatePolicy {
  /** IANA time zone of the utility, e.g. `America/Chicago`. */
  timeZone: string;
  /** A start, stop or tariff change may be at most this many days before today. */
  backdateLimitDays: number;
}

/** Rule: a service date may be in the past only within the configured limit. */
export function assertNotTooFarInPast(field: string, date: LocalDate, now: Date, policy: DatePolicy): void {
  const earliest = addDays(localDateOf(now, policy.timeZone), -policy.backdateLimitDays);
  if (date < earliest) {
    throw new RuleViolation(
      'date-too-far-in-past',
      `${field} ${date} is more than ${policy.backdateLimitDays} days in the past (earliest allowed: ${earliest})`,
    );
  }
}

/** Today in the utility's zone. */
export function todayOf(now: Date, policy: Pick<DatePolicy, 'timeZone'>): LocalDate {
  return localDateOf(now, policy.timeZone);
}
