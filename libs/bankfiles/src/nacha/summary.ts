/**
 * The `bank-file parse` shape of a NACHA file: fixed, because checks outside the test suite read it.
 */
import type { NachaFile } from './model';

/** One batch as `bank-file parse` prints it. */
export interface NachaBatchSummary {
  readonly secCode: string;
  /** Entry detail records (addenda not counted). */
  readonly entryCount: number;
  /** Sums of the batch's entries by transaction code, major units with two decimals (`2000000.00`, `0.00`). */
  readonly totalDebit: string;
  readonly totalCredit: string;
}

/** What `bank-file parse <ACH file>` prints. */
export interface NachaSummary {
  readonly format: 'nacha';
  readonly batches: readonly NachaBatchSummary[];
  readonly totalDebit: string;
  readonly totalCredit: string;
  readonly problems: readonly string[];
}

/** The CLI shape of a read NACHA file, keys in their fixed order. Totals are the entries', not the control records'. */
export function nachaSummary(file: NachaFile): NachaSummary {
  return {
    format: 'nacha',
    batches: file.batches.map((b) => ({ secCode: b.header.secCode, entryCount: b.entryCount, totalDebit: b.totalDebit, totalCredit: b.totalCredit })),
    totalDebit: file.totalDebit,
    totalCredit: file.totalCredit,
    problems: file.problems.map((p) => p.message),
  };
}
