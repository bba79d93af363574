/**
 * What a camt.052 / camt.053 / camt.054 message says, in the terms a payments service matches with. Amounts are exact
 * decimal strings in major units (never JS numbers); codes stay as the bank wrote them; absent optional elements are
 * `null`, so every field is always present.
 */
import type { Problem } from '../errors';

/** The three bank-to-customer cash management messages this library reads. */
export type CamtMessage = 'camt.052' | 'camt.053' | 'camt.054';

/** Credit or debit, as ISO 20022's CreditDebitCode writes it. */
export type CreditDebit = 'CRDT' | 'DBIT';

/** A camt document: the group header and its statements (camt.053), reports (camt.052) or notifications (camt.054). */
export interface CamtDocument {
  /** The message and version from the namespace: `camt.053.001.02`, `camt.052.001.08`, `camt.054.001.04`. */
  readonly format: string;
  readonly message: CamtMessage;
  /** `001.02` … `001.08`. */
  readonly version: string;
  readonly messageId: string | null;
  /** GrpHdr/CreDtTm as written. */
  readonly createdAt: string | null;
  readonly statements: readonly CamtStatement[];
  /** Broken rules (balances that do not add up, a summary that disagrees): the document is still read. */
  readonly problems: readonly Problem[];
}

/** An account identification: the IBAN when the bank gave one, otherwise the other identification. */
export interface CamtAccount {
  readonly iban: string | null;
  /** Id/Othr/Id (a non-IBAN account number). */
  readonly other: string | null;
  readonly currency: string | null;
  readonly name: string | null;
  readonly ownerName: string | null;
  /** Svcr/FinInstnId/BIC (BICFI from version 04). */
  readonly servicerBic: string | null;
}

/** A Bal element. */
export interface CamtBalance {
  /** Tp/CdOrPrtry/Cd: OPBD, PRCD, CLBD, CLAV, ITBD, … (or the proprietary code). */
  readonly type: string;
  /** Signed: negative when the balance is DBIT (an overdraft). */
  readonly amount: string;
  readonly currency: string;
  readonly creditDebit: CreditDebit;
  /** Dt/Dt, or Dt/DtTm as written. */
  readonly date: string | null;
}

/** Whether a statement's entries take its opening balance to its closing balance. */
export interface Reconciliation {
  /** True only when opening and closing booked balances exist in the statement currency and add up. */
  readonly reconciles: boolean;
  /** OPBD, or PRCD when there is no OPBD; null when neither. */
  readonly opening: CamtBalance | null;
  /** CLBD; null when absent. */
  readonly closing: CamtBalance | null;
  /** Sums of the booked entries (status BOOK or none), in the statement currency. */
  readonly credits: string;
  readonly debits: string;
  /** opening + credits − debits, null without an opening balance. */
  readonly expectedClosing: string | null;
}

/** A statement (Stmt), report (Rpt) or notification (Ntfctn). */
export interface CamtStatement {
  readonly id: string;
  /** Stmt, Rpt or Ntfctn, and its path in the document. */
  readonly element: string;
  readonly electronicSequenceNumber: string | null;
  readonly legalSequenceNumber: string | null;
  readonly createdAt: string | null;
  readonly fromDateTime: string | null;
  readonly toDateTime: string | null;
  readonly copyDuplicate: string | null;
  readonly account: CamtAccount;
  /** The account currency, else that of the booked balances, else that of the first entry; null when none says. */
  readonly currency: string | null;
  readonly balances: readonly CamtBalance[];
  readonly reconciliation: Reconciliation;
  readonly entries: readonly CamtEntry[];
  readonly additionalInformation: string | null;
}

/** BkTxCd: the ISO domain/family/sub-family code and the bank's proprietary code. */
export interface BankTransactionCode {
  readonly domain: string | null;
  readonly family: string | null;
  readonly subFamily: string | null;
  readonly proprietary: string | null;
  readonly proprietaryIssuer: string | null;
}

/** An Ntry: one booking on the account. */
export interface CamtEntry {
  /** 1-based position in its statement. */
  readonly index: number;
  readonly path: string;
  /** NtryRef. */
  readonly reference: string | null;
  /** Positive, in major units (`8.85`), with the currency's decimals or more when the file has them. */
  readonly amount: string;
  readonly currency: string;
  readonly creditDebit: CreditDebit;
  /** RvslInd as written (false when absent). */
  readonly reversalIndicator: boolean;
  /** The entry undoes an earlier one: RvslInd true, or a transaction with return information (RtrInf). */
  readonly reversal: boolean;
  /** BOOK, PDNG, INFO … (Sts, or Sts/Cd from version 06 on). */
  readonly status: string | null;
  /** The booking date `YYYY-MM-DD` (the date part of a date-time, in the bank's own offset). */
  readonly bookingDate: string | null;
  /** BookgDt/DtTm as written, when the bank gave a time. */
  readonly bookingDateTime: string | null;
  readonly valueDate: string | null;
  readonly valueDateTime: string | null;
  readonly accountServicerReference: string | null;
  readonly bankTransactionCode: BankTransactionCode;
  readonly additionalInformation: string | null;
  /** Btch: the entry books a batch (e.g. the credit of a whole direct-debit collection). */
  readonly batch: { readonly paymentInformationId: string | null; readonly numberOfTransactions: string | null } | null;
  readonly transactions: readonly CamtTransaction[];
}

/** A party of a transaction and its account. */
export interface CamtParty {
  readonly name: string | null;
  readonly iban: string | null;
  readonly otherAccount: string | null;
}

/** A structured creditor reference (RmtInf/Strd/CdtrRefInf), e.g. an ISO 11649 RF reference (type SCOR). */
export interface CreditorReference {
  readonly type: string | null;
  readonly issuer: string | null;
  readonly reference: string;
}

/** Why a payment came back (RtrInf). */
export interface ReturnInformation {
  /** Rsn/Cd: an ISO external return reason (AC04, AM04, MD06, MS02, …), or Rsn/Prtry. */
  readonly reason: string | null;
  readonly additionalInformation: readonly string[];
}

/** A TxDtls: one payment inside an entry. */
export interface CamtTransaction {
  readonly path: string;
  /** The transaction's own amount when given (Amt, or AmtDtls/TxAmt, or AmtDtls/InstdAmt). */
  readonly amount: string | null;
  readonly currency: string | null;
  readonly creditDebit: CreditDebit | null;
  readonly messageId: string | null;
  readonly accountServicerReference: string | null;
  readonly paymentInformationId: string | null;
  readonly instructionId: string | null;
  readonly endToEndId: string | null;
  readonly transactionId: string | null;
  readonly mandateId: string | null;
  readonly uetr: string | null;
  readonly debtor: CamtParty | null;
  readonly creditor: CamtParty | null;
  readonly ultimateDebtorName: string | null;
  readonly ultimateCreditorName: string | null;
  readonly debtorAgentBic: string | null;
  readonly creditorAgentBic: string | null;
  readonly unstructuredRemittance: readonly string[];
  readonly creditorReferences: readonly CreditorReference[];
  readonly bankTransactionCode: BankTransactionCode | null;
  readonly returnInformation: ReturnInformation | null;
  readonly additionalInformation: string | null;
}
