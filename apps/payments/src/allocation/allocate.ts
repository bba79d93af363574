/**
 * Which credit pays which open item, and how much: a pure function. Credits (payments, credit notes)
 * are used oldest first; items are paid in the configured order: `oldest-first` (by due date, then
 * issue date), or `fees-first` (fees before energy, then oldest first). An item is never paid
 * beyond what is open, a credit never beyond what it has left; what is left stays a credit on the
 * account and pays the next item that comes.
 */
import Big from 'big.js';

export const ALLOCATION_ORDERS = ['oldest-first', 'fees-first'] as const;
export type AllocationOrder = (typeof ALLOCATION_ORDERS)[number];

export interface OpenItem {
  id: string;
  /** `invoice`, or the kind of a charge (`late-fee`, `deposit`, `installment`, ...). */
  kind: string;
  issuedOn: string;
  dueDate: string | null;
  open: string;
}

export interface AvailableCredit {
  id: string;
  receivedOn: string;
  unallocated: string;
}

export interface Allocation {
  creditId: string;
  itemId: string;
  amount: string;
}

const FEES = new Set(['late-fee', 'reconnection-fee', 'returned-payment-fee']);

const byAge = (a: OpenItem, b: OpenItem) =>
  (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31') || a.issuedOn.localeCompare(b.issuedOn) || a.id.localeCompare(b.id);

/** The items in the order they are paid. */
export function paymentOrder(items: readonly OpenItem[], order: AllocationOrder): OpenItem[] {
  const sorted = [...items].sort(byAge);
  if (order === 'oldest-first') return sorted;
  return [...sorted.filter((i) => FEES.has(i.kind)), ...sorted.filter((i) => !FEES.has(i.kind))];
}

export function allocate(credits: readonly AvailableCredit[], items: readonly OpenItem[], order: AllocationOrder): Allocation[] {
  const left = [...credits]
    .sort((a, b) => a.receivedOn.localeCompare(b.receivedOn) || a.id.localeCompare(b.id))
    .map((c) => ({ id: c.id, amount: new Big(c.unallocated) }));
  const out: Allocation[] = [];
  let k = 0;
  for (const item of paymentOrder(items, order)) {
    let open = new Big(item.open);
    while (open.gt(0) && k < left.length) {
      const credit = left[k];
      const amount = open.lt(credit.amount) ? open : credit.amount;
      if (amount.gt(0)) out.push({ creditId: credit.id, itemId: item.id, amount: amount.toFixed() });
      open = open.minus(amount);
      credit.amount = credit.amount.minus(amount);
      if (credit.amount.eq(0)) k++;
    }
    if (k >= left.length) break;
  }
  return out;
}
