/**
 * The `bank-file parse` shape of a camt document: fixed, because checks outside the test suite read it. Every key is
 * always present; a value the file does not give is `null`.
 */
import type { CamtDocument, CamtEntry, CamtStatement, CreditDebit } from './model';

/** One entry as `bank-file parse` prints it. */
export interface CamtEntrySummary {
  /** Positive decimal string in major units, with the currency's decimals (more only when the file has them). */
  readonly amount: string;
  readonly creditDebit: CreditDebit;
  /** `YYYY-MM-DD`; null when the entry has no booking date (a pending entry). */
  readonly bookingDate: string | null;
  readonly valueDate: string | null;
  /** The end-to-end id of the entry's transactions when they name one (all the same); null otherwise. */
  readonly endToEndId: string | null;
  /** Ntry/AcctSvcrRef. */
  readonly accountServicerReference: string | null;
  /** RvslInd true, or return information on a transaction. */
  readonly reversal: boolean;
  /** RtrInf/Rsn (ISO external return reason code) of the entry's transactions when they name one; null otherwise. */
  readonly returnReason: string | null;
}

/** One statement (report, notification) as `bank-file parse` prints it. */
export interface CamtStatementSummary {
  readonly id: string;
  /** The IBAN, or the other account identification; null when the file names none. */
  readonly account: string | null;
  readonly currency: string | null;
  /** OPBD (or PRCD), negative when DBIT; null when absent. */
  readonly openingBalance: string | null;
  /** CLBD, negative when DBIT; null when absent. */
  readonly closingBalance: string | null;
  readonly reconciles: boolean;
  readonly entries: readonly CamtEntrySummary[];
}

/** What `bank-file parse <camt file>` prints. */
export interface CamtSummary {
  readonly format: string;
  readonly statements: readonly CamtStatementSummary[];
  /** Each problem's sentence. */
  readonly problems: readonly string[];
}

/** The one value all the entry's transactions agree on, ignoring those that give none; null when none or several. */
function agreed(values: ReadonlyArray<string | null>): string | null {
  const given = new Set(values.filter((v): v is string => v !== null));
  return given.size === 1 ? [...given][0] : null;
}

function entrySummary(entry: CamtEntry): CamtEntrySummary {
  return {
    amount: entry.amount,
    creditDebit: entry.creditDebit,
    bookingDate: entry.bookingDate,
    valueDate: entry.valueDate,
    endToEndId: agreed(entry.transactions.map((t) => t.endToEndId)),
    accountServicerReference: entry.accountServicerReference,
    reversal: entry.reversal,
    returnReason: agreed(entry.transactions.map((t) => t.returnInformation?.reason ?? null)),
  };
}

function statementSummary(statement: CamtStatement): CamtStatementSummary {
  return {
    id: statement.id,
    account: statement.account.iban ?? statement.account.other,
    currency: statement.currency,
    openingBalance: statement.reconciliation.opening?.amount ?? null,
    closingBalance: statement.reconciliation.closing?.amount ?? null,
    reconciles: statement.reconciliation.reconciles,
    entries: statement.entries.map(entrySummary),
  };
}

/** The CLI shape of a read camt document, keys in their fixed order. */
export function camtSummary(doc: CamtDocument): CamtSummary {
  return { format: doc.format, statements: doc.statements.map(statementSummary), problems: doc.problems.map((p) => p.message) };
}
