/**
 * Reads ISO 20022 bank-to-customer cash management messages: camt.053 statements, camt.052 account reports and
 * camt.054 debit/credit notifications, versions 001.02 to 001.08. The three share one shape (a group header, then
 * Stmt / Rpt / Ntfctn elements of the same structure), so one reader serves them. Elements are found by local name;
 * the version changes only a few places (BIC → BICFI in 04, Sts → Sts/Cd and Dbtr/Nm → Dbtr/Pty/Nm in 08), and both
 * spellings are read wherever they differ.
 */
import { BankFileError, MESSAGES, problem, type Problem } from '../errors';
import { currencyDigits, decimalsOf, formatAmount, readUnsignedDecimal, type Decimal } from '../decimal';
import { all, first, parseXml, textAt, type XmlElement } from '../xml';
import type {
  BankTransactionCode,
  CamtAccount,
  CamtBalance,
  CamtDocument,
  CamtEntry,
  CamtMessage,
  CamtParty,
  CamtStatement,
  CamtTransaction,
  CreditDebit,
  CreditorReference,
} from './model';
import { reconcile, checkSummary } from './reconcile';

/** Per message: the element under Document and the name of each statement-like element in it. */
const SHAPES: Readonly<Record<CamtMessage, { readonly group: string; readonly item: string; readonly name: string }>> = {
  'camt.052': { group: 'BkToCstmrAcctRpt', item: 'Rpt', name: 'account report' },
  'camt.053': { group: 'BkToCstmrStmt', item: 'Stmt', name: 'statement' },
  'camt.054': { group: 'BkToCstmrDbtCdtNtfctn', item: 'Ntfctn', name: 'notification' },
};

/** Versions read: the shapes this reader knows and was checked against. */
export const CAMT_VERSIONS = ['001.02', '001.03', '001.04', '001.05', '001.06', '001.07', '001.08'] as const;

// The ISO namespace is urn:iso:std:iso:20022:tech:xsd:camt.053.001.02; national variants put the same name in a URL.
const FORMAT_IN_NAMESPACE = /(camt\.05[234])\.(\d{3}\.\d{2})/;

/** An amount with its currency, read from an element with a `Ccy` attribute. */
interface Amount {
  readonly value: Decimal;
  readonly currency: string;
}

/** Collects the problems of one document while it is read. */
class Reading {
  readonly problems: Problem[] = [];

  amount(element: XmlElement | undefined, path: string): Amount {
    if (!element) throw new BankFileError('missing', path, MESSAGES.missing(path));
    const value = readUnsignedDecimal(element.text);
    if (value === undefined) throw new BankFileError('invalid-value', element.path, MESSAGES.notAmount(element.path, element.text));
    const currency = element.attributes.Ccy;
    if (!currency) throw new BankFileError('missing', `${element.path}/@Ccy`, MESSAGES.missing(`${element.path}/@Ccy`));
    if (decimalsOf(value) > currencyDigits(currency)) {
      this.problems.push(problem('finer-than-currency', element.path, MESSAGES.finerThanCurrency(value.toString(), currency, currencyDigits(currency))));
    }
    return { value, currency };
  }
}

function required(element: XmlElement, name: string): string {
  const text = textAt(element, name);
  if (text === null) throw new BankFileError('missing', `${element.path}/${name}`, MESSAGES.missing(`${element.path}/${name}`));
  return text;
}

function creditDebit(element: XmlElement, name = 'CdtDbtInd'): CreditDebit {
  const text = required(element, name);
  if (text !== 'CRDT' && text !== 'DBIT')
    throw new BankFileError('invalid-value', `${element.path}/${name}`, MESSAGES.notIndicator(`${element.path}/${name}`, text));
  return text;
}

function optionalCreditDebit(element: XmlElement): CreditDebit | null {
  return first(element, 'CdtDbtInd') ? creditDebit(element) : null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/** A DateAndDateTimeChoice: the date (`YYYY-MM-DD`, the date part of a date-time as written) and the date-time. */
function dateChoice(element: XmlElement | undefined): { date: string | null; dateTime: string | null } {
  const dt = first(element, 'Dt');
  const dtTm = first(element, 'DtTm');
  const chosen = dt ?? dtTm;
  if (!chosen || chosen.text === '') return { date: null, dateTime: null };
  if (!ISO_DATE.test(chosen.text)) throw new BankFileError('invalid-value', chosen.path, MESSAGES.notDate(chosen.path, chosen.text));
  return { date: chosen.text.slice(0, 10), dateTime: dtTm && !dt ? dtTm.text : null };
}

function bool(element: XmlElement | undefined): boolean {
  if (!element) return false;
  if (element.text === 'true' || element.text === '1') return true;
  if (element.text === 'false' || element.text === '0') return false;
  throw new BankFileError('invalid-value', element.path, MESSAGES.notBoolean(element.path, element.text));
}

const bicOf = (institution: XmlElement | undefined) => textAt(institution, 'FinInstnId', 'BICFI') ?? textAt(institution, 'FinInstnId', 'BIC');

function bankTransactionCode(element: XmlElement | undefined): BankTransactionCode | null {
  if (!element) return null;
  return {
    domain: textAt(element, 'Domn', 'Cd'),
    family: textAt(element, 'Domn', 'Fmly', 'Cd'),
    subFamily: textAt(element, 'Domn', 'Fmly', 'SubFmlyCd'),
    proprietary: textAt(element, 'Prtry', 'Cd'),
    proprietaryIssuer: textAt(element, 'Prtry', 'Issr'),
  };
}

const NO_CODE: BankTransactionCode = { domain: null, family: null, subFamily: null, proprietary: null, proprietaryIssuer: null };

function account(element: XmlElement | undefined): Pick<CamtParty, 'iban' | 'otherAccount'> {
  return { iban: textAt(element, 'Id', 'IBAN'), otherAccount: textAt(element, 'Id', 'Othr', 'Id') };
}

/** A party (Dbtr, Cdtr): `Nm` up to version 07, `Pty/Nm` (or an agent) from 08. */
function partyName(element: XmlElement | undefined): string | null {
  return textAt(element, 'Nm') ?? textAt(element, 'Pty', 'Nm') ?? textAt(element, 'Agt', 'FinInstnId', 'Nm') ?? bicOf(first(element, 'Agt'));
}

function party(parties: XmlElement | undefined, role: 'Dbtr' | 'Cdtr'): CamtParty | null {
  const who = first(parties, role);
  const acct = first(parties, `${role}Acct`);
  if (!who && !acct) return null;
  return { name: partyName(who), ...account(acct) };
}

function creditorReferences(remittance: XmlElement | undefined): CreditorReference[] {
  return all(remittance, 'Strd').flatMap((strd) =>
    all(strd, 'CdtrRefInf').flatMap((ref) => {
      const reference = textAt(ref, 'Ref');
      if (reference === null) return [];
      const type = textAt(ref, 'Tp', 'CdOrPrtry', 'Cd') ?? textAt(ref, 'Tp', 'CdOrPrtry', 'Prtry');
      return [{ type, issuer: textAt(ref, 'Tp', 'Issr'), reference }];
    }),
  );
}

function transaction(reading: Reading, tx: XmlElement): CamtTransaction {
  const own = first(tx, 'Amt') ?? first(tx, 'AmtDtls', 'TxAmt', 'Amt') ?? first(tx, 'AmtDtls', 'InstdAmt', 'Amt');
  const amount = own ? reading.amount(own, own.path) : null;
  const refs = first(tx, 'Refs');
  const parties = first(tx, 'RltdPties');
  const agents = first(tx, 'RltdAgts');
  const remittance = first(tx, 'RmtInf');
  const returned = first(tx, 'RtrInf');
  return {
    path: tx.path,
    amount: amount ? formatAmount(amount.value, amount.currency) : null,
    currency: amount?.currency ?? null,
    creditDebit: optionalCreditDebit(tx),
    messageId: textAt(refs, 'MsgId'),
    accountServicerReference: textAt(refs, 'AcctSvcrRef'),
    paymentInformationId: textAt(refs, 'PmtInfId'),
    instructionId: textAt(refs, 'InstrId'),
    endToEndId: textAt(refs, 'EndToEndId'),
    transactionId: textAt(refs, 'TxId'),
    mandateId: textAt(refs, 'MndtId'),
    uetr: textAt(refs, 'UETR'),
    debtor: party(parties, 'Dbtr'),
    creditor: party(parties, 'Cdtr'),
    ultimateDebtorName: partyName(first(parties, 'UltmtDbtr')),
    ultimateCreditorName: partyName(first(parties, 'UltmtCdtr')),
    debtorAgentBic: bicOf(first(agents, 'DbtrAgt')),
    creditorAgentBic: bicOf(first(agents, 'CdtrAgt')),
    unstructuredRemittance: all(remittance, 'Ustrd')
      .map((u) => u.text)
      .filter((t) => t !== ''),
    creditorReferences: creditorReferences(remittance),
    bankTransactionCode: bankTransactionCode(first(tx, 'BkTxCd')),
    returnInformation: returned
      ? {
          reason: textAt(returned, 'Rsn', 'Cd') ?? textAt(returned, 'Rsn', 'Prtry'),
          additionalInformation: all(returned, 'AddtlInf')
            .map((a) => a.text)
            .filter((t) => t !== ''),
        }
      : null,
    additionalInformation: textAt(tx, 'AddtlTxInf'),
  };
}

function entry(reading: Reading, ntry: XmlElement, index: number): CamtEntry {
  const amount = reading.amount(first(ntry, 'Amt'), `${ntry.path}/Amt`);
  const booking = dateChoice(first(ntry, 'BookgDt'));
  const value = dateChoice(first(ntry, 'ValDt'));
  const details = all(ntry, 'NtryDtls');
  const transactions = details.flatMap((d) => all(d, 'TxDtls')).map((tx) => transaction(reading, tx));
  const batch = details.map((d) => first(d, 'Btch')).find((b) => b !== undefined);
  const reversalIndicator = bool(first(ntry, 'RvslInd'));
  return {
    index,
    path: ntry.path,
    reference: textAt(ntry, 'NtryRef'),
    amount: formatAmount(amount.value, amount.currency),
    currency: amount.currency,
    creditDebit: creditDebit(ntry),
    reversalIndicator,
    reversal: reversalIndicator || transactions.some((t) => t.returnInformation !== null),
    status: textAt(ntry, 'Sts') ?? textAt(ntry, 'Sts', 'Cd') ?? textAt(ntry, 'Sts', 'Prtry'),
    bookingDate: booking.date,
    bookingDateTime: booking.dateTime,
    valueDate: value.date,
    valueDateTime: value.dateTime,
    accountServicerReference: textAt(ntry, 'AcctSvcrRef'),
    bankTransactionCode: bankTransactionCode(first(ntry, 'BkTxCd')) ?? NO_CODE,
    additionalInformation: textAt(ntry, 'AddtlNtryInf'),
    batch: batch ? { paymentInformationId: textAt(batch, 'PmtInfId'), numberOfTransactions: textAt(batch, 'NbOfTxs') } : null,
    transactions,
  };
}

function balance(reading: Reading, bal: XmlElement): CamtBalance {
  const amount = reading.amount(first(bal, 'Amt'), `${bal.path}/Amt`);
  const direction = creditDebit(bal);
  const type = textAt(bal, 'Tp', 'CdOrPrtry', 'Cd') ?? textAt(bal, 'Tp', 'CdOrPrtry', 'Prtry');
  if (type === null) throw new BankFileError('missing', `${bal.path}/Tp/CdOrPrtry/Cd`, MESSAGES.missing(`${bal.path}/Tp/CdOrPrtry/Cd`));
  const signed = direction === 'DBIT' && !amount.value.eq(0) ? amount.value.neg() : amount.value;
  const date = dateChoice(first(bal, 'Dt'));
  return { type, amount: formatAmount(signed, amount.currency), currency: amount.currency, creditDebit: direction, date: date.dateTime ?? date.date };
}

function statement(reading: Reading, message: CamtMessage, item: XmlElement): CamtStatement {
  const id = required(item, 'Id');
  const acct = first(item, 'Acct');
  const accountInfo: CamtAccount = {
    iban: textAt(acct, 'Id', 'IBAN'),
    other: textAt(acct, 'Id', 'Othr', 'Id'),
    currency: textAt(acct, 'Ccy'),
    name: textAt(acct, 'Nm'),
    ownerName: partyName(first(acct, 'Ownr')),
    servicerBic: bicOf(first(acct, 'Svcr')),
  };
  const balances = all(item, 'Bal').map((b) => balance(reading, b));
  const entries = all(item, 'Ntry').map((n, i) => entry(reading, n, i + 1));
  const booked = balances.find((b) => b.type === 'OPBD' || b.type === 'PRCD' || b.type === 'CLBD');
  const currency = accountInfo.currency ?? booked?.currency ?? entries[0]?.currency ?? null;
  const where = `${SHAPES[message].name} ${id}`;
  const { reconciliation, problems } = reconcile({ message, where, currency, balances, entries });
  reading.problems.push(...problems, ...checkSummary(where, first(item, 'TxsSummry'), entries));
  return {
    id,
    element: item.path,
    electronicSequenceNumber: textAt(item, 'ElctrncSeqNb'),
    legalSequenceNumber: textAt(item, 'LglSeqNb'),
    createdAt: textAt(item, 'CreDtTm'),
    fromDateTime: textAt(item, 'FrToDt', 'FrDtTm'),
    toDateTime: textAt(item, 'FrToDt', 'ToDtTm'),
    copyDuplicate: textAt(item, 'CpyDplctInd'),
    account: accountInfo,
    currency,
    balances,
    reconciliation,
    entries,
    additionalInformation: textAt(item, 'AddtlStmtInf') ?? textAt(item, 'AddtlRptInf') ?? textAt(item, 'AddtlNtfctnInf'),
  };
}

/**
 * Reads a camt.052, camt.053 or camt.054 document (versions 001.02 to 001.08).
 *
 * Throws {@link BankFileError} when the document cannot be imported: not well-formed XML, not a camt Document, a
 * version outside 001.02–001.08, a message without statements (the XSD's minimum of one: genkgo's
 * `camt053.v2.wrong.xml`), or a required element (Stmt/Id, Ntry/Amt with its Ccy, CdtDbtInd) missing or unreadable.
 * Rules the bank broke but that leave the figures readable come back in `problems`: a camt.053 statement (or a camt.052
 * report with both balances) whose booked entries do not take the opening balance to the closing one, a transactions
 * summary that disagrees with the entries, an amount with more decimals than its currency has.
 */
export function readCamt(xml: string): CamtDocument {
  const { root, namespace } = parseXml(xml);
  const match = FORMAT_IN_NAMESPACE.exec(namespace);
  if (root.name !== 'Document' || !match) throw new BankFileError('unknown-format', root.path, MESSAGES.notCamt(root.name, namespace));
  const message = match[1] as CamtMessage;
  const version = match[2];
  const format = `${message}.${version}`;
  if (!(CAMT_VERSIONS as readonly string[]).includes(version)) throw new BankFileError('unsupported-version', root.path, MESSAGES.unsupportedVersion(format));
  const shape = SHAPES[message];
  const group = first(root, shape.group);
  if (!group) throw new BankFileError('unknown-format', root.path, MESSAGES.messageMismatch(message, root.children[0]?.name ?? 'nothing'));
  const items = all(group, shape.item);
  if (items.length === 0) throw new BankFileError('missing', group.path, MESSAGES.noStatements(group.path, shape.item, message));
  const reading = new Reading();
  const statements = items.map((item) => statement(reading, message, item));
  return {
    format,
    message,
    version,
    messageId: textAt(group, 'GrpHdr', 'MsgId'),
    createdAt: textAt(group, 'GrpHdr', 'CreDtTm'),
    statements,
    problems: reading.problems,
  };
}
