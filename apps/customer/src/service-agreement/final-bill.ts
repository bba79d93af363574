import type { LocalDate, Uuid } from '@utilia/contracts';

/** An agreement of an account as the final-bill rule sees it. */
export interface AccountAgreement {
  agreementId: Uuid;
  servicePointId: Uuid;
  startDate: LocalDate;
  /** The last day of service; null while open-ended. */
  endDate: LocalDate | null;
}

/** A final bill the account has asked for and not withdrawn. */
export interface FinalBillOnRecord {
  agreementId: Uuid;
  finalDate: LocalDate;
}

/** What to do about the final bill after a change of the account's agreements. */
export interface FinalBillDecision {
  /** A request on record that no longer holds (the stop it followed was cancelled or moved). */
  withdraw?: FinalBillOnRecord;
  /** The final bill now due: the account's last day of service and the agreement it ends. */
  request?: FinalBillOnRecord & { servicePointId: Uuid };
}

/**
 * The account's last day of service: the latest end date, once every agreement of the account has
 * one (no open-ended agreement left). Undefined while one is open-ended.
 */
export function lastDayOfService(agreements: readonly AccountAgreement[]): (AccountAgreement & { endDate: LocalDate }) | undefined {
  if (agreements.length === 0 || agreements.some((a) => a.endDate === null)) return undefined;
  const ended = agreements as ReadonlyArray<AccountAgreement & { endDate: LocalDate }>;
  return [...ended].sort((a, b) => (a.endDate !== b.endDate ? (a.endDate < b.endDate ? 1 : -1) : a.startDate < b.startDate ? 1 : -1))[0];
}

/**
 * Rule: an account's final bill is due when its agreements, by their end dates, leave it without
 * service, for its last day of service, once. It is decided from every agreement's dates after the
 * change, not from which were still open when each command came: stopping water for the 20th while
 * electricity is open asks for nothing, and transferring the electricity away on the 16th then asks
 * for the final bill of the 20th. A request on record for the current run of service (on or after
 * its latest start) that no longer matches is withdrawn; a new run of service (a later move-in)
 * has a final bill of its own.
 */
export function reconcileFinalBill(agreements: readonly AccountAgreement[], onRecord: readonly FinalBillOnRecord[]): FinalBillDecision {
  if (agreements.length === 0) return {};
  const latestStart = agreements.reduce((max, a) => (a.startDate > max ? a.startDate : max), agreements[0].startDate);
  const current = onRecord.filter((b) => b.finalDate >= latestStart).at(-1);
  const last = lastDayOfService(agreements);
  const due = last ? { agreementId: last.agreementId, servicePointId: last.servicePointId, finalDate: last.endDate } : undefined;
  if (current && due && current.agreementId === due.agreementId && current.finalDate === due.finalDate) return {};
  return { ...(current ? { withdraw: current } : {}), ...(due ? { request: due } : {}) };
}
