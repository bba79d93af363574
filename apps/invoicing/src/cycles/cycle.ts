/**
 * Bill cycles: an account in cycle 07 is read on the 7th of each month and billed for the days since
 * its last read. Pure date arithmetic on local dates (`YYYY-MM-DD`).
 */

export interface BillCycle {
  code: string;
  /** Day of the month the cycle's meters are read and its bills made (1-28: every month has it). */
  readDay: number;
  /** Days from the bill to its due date. */
  paymentTermsDays: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The cycle's read date in the month of `day`. */
function readDateIn(cycle: BillCycle, day: string): string {
  return `${day.slice(0, 7)}-${pad(cycle.readDay)}`;
}

/** The cycle's read date `n` months after the one in the month of `day`. */
function monthsAfter(cycle: BillCycle, day: string, n: number): string {
  const [y, m] = day.split('-').map(Number);
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${pad((k % 12) + 1)}-${pad(cycle.readDay)}`;
}

/** Whether `runDate` is one of the cycle's read dates. */
export function isReadDate(cycle: BillCycle, runDate: string): boolean {
  return readDateIn(cycle, runDate) === runDate;
}

/**
 * The billing period a run on `runDate` bills: from the previous read date to this one (exclusive
 * end: the days [from, to) are billed). An agreement's own dates narrow it (move-in, move-out).
 * @throws RangeError when `runDate` is not one of the cycle's read dates.
 */
export function periodOf(cycle: BillCycle, runDate: string): { from: string; to: string } {
  if (!isReadDate(cycle, runDate)) throw new RangeError(`${runDate} is not a read date of cycle ${cycle.code} (day ${cycle.readDay})`);
  return { from: monthsAfter(cycle, runDate, -1), to: runDate };
}

/** The cycle period a day falls in: from the read date on or before it to the next one. */
export function periodAround(cycle: BillCycle, day: string): { from: string; to: string } {
  const read = readDateIn(cycle, day);
  return day >= read ? { from: read, to: monthsAfter(cycle, day, 1) } : { from: monthsAfter(cycle, day, -1), to: read };
}

/** The due date of a bill made on `billDate`. */
export function dueDate(cycle: BillCycle, billDate: string): string {
  return fromMs(dayMs(billDate) + cycle.paymentTermsDays * 86_400_000);
}

/** The cycle's next `count` read dates from `day` (inclusive): its calendar. */
export function calendar(cycle: BillCycle, day: string, count: number): string[] {
  const first = readDateIn(cycle, day) >= day ? 0 : 1;
  return Array.from({ length: count }, (_, i) => monthsAfter(cycle, day, first + i));
}
