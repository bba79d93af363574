/**
 * Reads a pain.008 customer direct debit initiation back: what this library writes (ISO 001.02 and 001.08) and the
 * national variants that keep the ISO shape under their own namespace (the Swiss `pain.008.001.02.ch.03`). Control
 * counts and sums that disagree with the transactions are problems.
 */
import { Big, formatAmount, readUnsignedDecimal } from '../decimal';
import { BankFileError, MESSAGES, problem, type Problem } from '../errors';
import { all, first, parseXml, textAt, type XmlElement } from '../xml';
import type { Collection } from './schema';

/** A debtor or creditor with its account and bank. */
export interface Pain008Party {
  readonly name: string | null;
  readonly iban: string | null;
  /** BIC (001.02) or BICFI (from 001.04); null for NOTPROVIDED or a clearing-system member id. */
  readonly bic: string | null;
}

/** One DrctDbtTxInf. */
export interface Pain008Transaction {
  readonly path: string;
  readonly instructionId: string | null;
  readonly endToEndId: string;
  /** InstdAmt, with the currency's decimals (`1.5` CHF → `1.50`). */
  readonly amount: string;
  readonly currency: string;
  readonly mandateId: string | null;
  readonly mandateSignedOn: string | null;
  readonly debtor: Pain008Party;
  readonly remittance: readonly string[];
}

/** One PmtInf. */
export interface Pain008PaymentInformation {
  readonly id: string;
  readonly sequenceType: string | null;
  /** SvcLvl Cd or Prtry (SEPA; CHDD in Switzerland). */
  readonly serviceLevel: string | null;
  /** LclInstrm Cd or Prtry (CORE, B2B; DDCOR1 in Switzerland). */
  readonly localInstrument: string | null;
  readonly collectionDate: string;
  readonly creditor: Pain008Party & { readonly creditorId: string | null };
  readonly transactions: readonly Pain008Transaction[];
}

/** A pain.008 document as read. */
export interface Pain008Document {
  /** From the namespace: `pain.008.001.02`, `pain.008.001.08`, `pain.008.001.02.ch.03`. */
  readonly format: string;
  readonly messageId: string;
  readonly createdAt: string;
  readonly initiatingPartyName: string | null;
  readonly paymentInformation: readonly Pain008PaymentInformation[];
  /** NbOfTxs and CtrlSum (group header and blocks) that disagree with the transactions. */
  readonly problems: readonly Problem[];
}

const FORMAT_IN_NAMESPACE = /pain\.008\.001\.0[2-8](\.[a-z]{2}\.\d{2})?/;

function required(element: XmlElement | undefined, ...names: string[]): string {
  const text = textAt(element, ...names);
  const path = `${element?.path ?? '?'}/${names.join('/')}`;
  if (text === null) throw new BankFileError('missing', path, MESSAGES.missing(path));
  return text;
}

const bic = (agent: XmlElement | undefined) => textAt(agent, 'FinInstnId', 'BICFI') ?? textAt(agent, 'FinInstnId', 'BIC');
const code = (choice: XmlElement | undefined) => textAt(choice, 'Cd') ?? textAt(choice, 'Prtry');

function transaction(tx: XmlElement): Pain008Transaction {
  const amount = first(tx, 'InstdAmt');
  const value = amount ? readUnsignedDecimal(amount.text) : undefined;
  const currency = amount?.attributes.Ccy;
  if (!amount || value === undefined || !currency)
    throw new BankFileError('invalid-value', `${tx.path}/InstdAmt`, MESSAGES.notAmount(`${tx.path}/InstdAmt`, amount?.text ?? ''));
  const mandate = first(tx, 'DrctDbtTx', 'MndtRltdInf');
  return {
    path: tx.path,
    instructionId: textAt(tx, 'PmtId', 'InstrId'),
    endToEndId: required(tx, 'PmtId', 'EndToEndId'),
    amount: formatAmount(value, currency),
    currency,
    mandateId: textAt(mandate, 'MndtId'),
    mandateSignedOn: textAt(mandate, 'DtOfSgntr'),
    debtor: { name: textAt(tx, 'Dbtr', 'Nm'), iban: textAt(tx, 'DbtrAcct', 'Id', 'IBAN'), bic: bic(first(tx, 'DbtrAgt')) },
    remittance: all(first(tx, 'RmtInf'), 'Ustrd').map((u) => u.text),
  };
}

function checkControls(where: string, element: XmlElement, transactions: readonly Pain008Transaction[]): Problem[] {
  const found: Problem[] = [];
  const count = textAt(element, 'NbOfTxs');
  if (count !== null && count !== String(transactions.length)) {
    found.push(problem('control-mismatch', where, MESSAGES.controlMismatch('NbOfTxs', count, `it has ${transactions.length} transaction(s)`)));
  }
  const stated = textAt(element, 'CtrlSum');
  const sum = transactions.reduce((s, t) => s.plus(t.amount), new Big(0));
  if (stated !== null && !readUnsignedDecimal(stated)?.eq(sum)) {
    found.push(problem('control-mismatch', where, MESSAGES.controlMismatch('CtrlSum', stated, `its transactions add up to ${sum.toFixed(2)}`)));
  }
  return found;
}

/** Reads a pain.008 document. Throws {@link BankFileError} when it is not one or lacks what a collection needs. */
export function readPain008(xml: string): Pain008Document {
  const { root, namespace } = parseXml(xml);
  const format = FORMAT_IN_NAMESPACE.exec(namespace)?.[0];
  const initiation = first(root, 'CstmrDrctDbtInitn');
  if (root.name !== 'Document' || !format || !initiation) {
    throw new BankFileError('unknown-format', root.path, MESSAGES.notPain008(root.name, namespace));
  }
  if (all(initiation, 'PmtInf').length === 0) throw new BankFileError('missing', initiation.path, MESSAGES.noStatements(initiation.path, 'PmtInf', 'pain.008'));
  const header = first(initiation, 'GrpHdr');
  const problems: Problem[] = [];
  const paymentInformation = all(initiation, 'PmtInf').map((block): Pain008PaymentInformation => {
    const transactions = all(block, 'DrctDbtTxInf').map(transaction);
    const id = required(block, 'PmtInfId');
    problems.push(...checkControls(`payment information ${id}`, block, transactions));
    const typeInfo = first(block, 'PmtTpInf');
    return {
      id,
      sequenceType: textAt(typeInfo, 'SeqTp'),
      serviceLevel: code(first(typeInfo, 'SvcLvl')),
      localInstrument: code(first(typeInfo, 'LclInstrm')),
      collectionDate: textAt(block, 'ReqdColltnDt', 'Dt') ?? required(block, 'ReqdColltnDt'),
      creditor: {
        name: textAt(block, 'Cdtr', 'Nm'),
        iban: textAt(block, 'CdtrAcct', 'Id', 'IBAN'),
        bic: bic(first(block, 'CdtrAgt')),
        creditorId: textAt(block, 'CdtrSchmeId', 'Id', 'PrvtId', 'Othr', 'Id'),
      },
      transactions,
    };
  });
  const everything = paymentInformation.flatMap((p) => p.transactions);
  if (header) problems.unshift(...checkControls('group header', header, everything));
  return {
    format,
    messageId: required(header, 'MsgId'),
    createdAt: required(header, 'CreDtTm'),
    initiatingPartyName: textAt(header, 'InitgPty', 'Nm'),
    paymentInformation,
    problems,
  };
}

/**
 * The writer's input that gives this document again: the first block's creditor and collection date, each transaction
 * with its block's sequence type (and its block's date when that differs). For round trips of what this library
 * wrote; a document whose blocks name different creditors, or that lacks mandates, IBANs or names, has no such input.
 */
export function collectionOf(doc: Pain008Document): Collection {
  const [firstBlock] = doc.paymentInformation;
  const creditor = firstBlock.creditor;
  const need = (value: string | null, what: string) => {
    if (value === null) throw new BankFileError('missing', what, MESSAGES.missing(what));
    return value;
  };
  return {
    messageId: doc.messageId,
    creditor: {
      name: need(creditor.name, 'Cdtr/Nm'),
      iban: need(creditor.iban, 'CdtrAcct/Id/IBAN'),
      ...(creditor.bic ? { bic: creditor.bic } : {}),
      creditorId: need(creditor.creditorId, 'CdtrSchmeId'),
    },
    collectionDate: firstBlock.collectionDate,
    ...(doc.paymentInformation.some((p) => p.localInstrument === 'B2B') ? { scheme: 'B2B' as const } : {}),
    createdAt: doc.createdAt,
    transactions: doc.paymentInformation.flatMap((block) =>
      block.transactions.map((t) => ({
        endToEndId: t.endToEndId,
        amount: t.amount,
        currency: t.currency,
        mandateId: need(t.mandateId, `${t.path}/DrctDbtTx/MndtRltdInf/MndtId`),
        mandateSignedOn: need(t.mandateSignedOn, `${t.path}/DrctDbtTx/MndtRltdInf/DtOfSgntr`),
        sequenceType: need(block.sequenceType, `PmtInf ${block.id}/PmtTpInf/SeqTp`) as Collection['transactions'][number]['sequenceType'],
        debtor: {
          name: need(t.debtor.name, `${t.path}/Dbtr/Nm`),
          iban: need(t.debtor.iban, `${t.path}/DbtrAcct/Id/IBAN`),
          ...(t.debtor.bic ? { bic: t.debtor.bic } : {}),
        },
        ...(t.remittance.length > 0 ? { remittance: t.remittance.join(' ') } : {}),
        ...(block.collectionDate !== firstBlock.collectionDate ? { collectionDate: block.collectionDate } : {}),
      })),
    ),
  };
}
