/**
 * What a payments service can match a camt entry on, gathered from all its transactions: end-to-end ids (the
 * reference a direct debit or transfer carried from end to end), structured creditor references (ISO 11649 RF
 * references printed on bills), mandate ids, unstructured remittance text and the payer's IBAN. Matching itself, and
 * the suspense queue for entries nothing matches, belong to the payments service.
 */
import type { CamtEntry } from './model';

/** EPC's placeholder for "the payer gave no end-to-end id": never a key. */
export const NOT_PROVIDED = 'NOTPROVIDED';

/** Keys of one entry, each list without repeats, in document order. */
export interface MatchKeys {
  readonly endToEndIds: readonly string[];
  /** Creditor references without spaces, in capitals (`RF18 5390 0754 7034` → `RF18539007547034`). */
  readonly creditorReferences: readonly string[];
  readonly mandateIds: readonly string[];
  readonly remittanceTexts: readonly string[];
  readonly debtorIbans: readonly string[];
  readonly accountServicerReference: string | null;
}

const distinct = (values: ReadonlyArray<string | null | undefined>) => [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];

/** The keys of `entry`. */
export function matchKeys(entry: CamtEntry): MatchKeys {
  const txs = entry.transactions;
  return {
    endToEndIds: distinct(txs.map((t) => (t.endToEndId === NOT_PROVIDED ? null : t.endToEndId))),
    creditorReferences: distinct(txs.flatMap((t) => t.creditorReferences.map((r) => r.reference.replace(/\s+/g, '').toUpperCase()))),
    mandateIds: distinct(txs.map((t) => t.mandateId)),
    remittanceTexts: distinct(txs.flatMap((t) => t.unstructuredRemittance)),
    debtorIbans: distinct(txs.map((t) => t.debtor?.iban)),
    accountServicerReference: entry.accountServicerReference,
  };
}
