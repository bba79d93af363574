import type { CommandTx } from '@utilia/platform';

/** Number series: invoices and credit notes are numbered apart, each without gaps. */
export const SERIES = { invoice: 'INV', creditNote: 'CN' } as const;
export type Series = (typeof SERIES)[keyof typeof SERIES];

/** A document number as people read it: the series and the number, e.g. INV-000000042. */
export function formatDocumentNumber(series: Series, n: bigint): string {
  return `${series}-${String(n).padStart(9, '0')}`;
}

/**
 * The next number of a series, in the caller's transaction. A PostgreSQL sequence is not gap-free (a
 * rolled-back transaction loses its number), so the series is a row: the update locks it until the
 * transaction ends, the next issuer waits, and a rollback gives the number back. Issuing is
 * serialised per series; keep the transaction that takes a number short.
 */
export async function nextNumber(tx: Pick<CommandTx, 'query'>, series: Series): Promise<bigint> {
  return nextNumbers(tx, series, 1);
}

/** The first of `n` consecutive numbers of a series, taken together (a chunk of a bill run): still gap-free, as one row update. */
export async function nextNumbers(tx: Pick<CommandTx, 'query'>, series: Series, n: number): Promise<bigint> {
  const [row] = await tx.query<{ n: string }>(
    `insert into document_series (series, last) values ($1, $2)
       on conflict (series) do update set last = document_series.last + $2
     returning (last - $2 + 1)::text as n`,
    [series, n],
    'inv_next_numbers',
  );
  return BigInt(row.n);
}
