import type { LocalDate } from '@utilia/contracts';
import { addDays, localDateOf, RuleViolation } from '@utilia/platform';

/** The customer service's date policy: the zone business dates are read in and how far back service dates may go. */
export interface DatePolicy {
  /** IANA time zone of the utility, e.g. `America/Chicago`. */
  timeZone: string;
  /** A start, stop or tariff change may be at most this many days before today. */
  backdateLimitDays: number;
  /** A move-in or transfer may be at most this many days after today. */
  aheadLimitDays: number;
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

/** Rule: a move-in or transfer is dated at most the configured number of days ahead (a typo of the year is caught). */
export function assertNotTooFarAhead(field: string, date: LocalDate, now: Date, policy: DatePolicy): void {
  const latest = addDays(localDateOf(now, policy.timeZone), policy.aheadLimitDays);
  if (date > latest) {
    throw new RuleViolation('date-too-far-ahead', `${field} ${date} is more than ${policy.aheadLimitDays} days ahead (latest allowed: ${latest})`);
  }
}

/** Today in the utility's zone. */
export function todayOf(now: Date, policy: Pick<DatePolicy, 'timeZone'>): LocalDate {
  return localDateOf(now, policy.timeZone);
}
