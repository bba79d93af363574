/**
 * Writes a SEPA direct-debit collection as an ISO 20022 pain.008 customer direct debit initiation, version 001.02
 * (the EPC SDD rulebook's long-standing version) or 001.08 (the 2019 ISO version EPC moved to in November 2023).
 * Built with xmlbuilder2; valid against the official XSDs in fixtures/payments/xsd (the tests check both versions).
 */
import { create } from 'xmlbuilder2';
import { Big } from '../decimal';
import { InvalidInput } from '../errors';
import { checkInput } from '../input';
import { CollectionSchema, SEQUENCE_TYPES, collectionRules, type Collection, type CollectionTransaction, type SequenceType } from './schema';

/** The pain.008 versions written. */
export const PAIN008_VERSIONS = ['001.02', '001.08'] as const;
/** A pain.008 version. */
export type Pain008Version = (typeof PAIN008_VERSIONS)[number];

/** How to write. */
export interface Pain008Options {
  /** 001.02 (default) or 001.08. */
  readonly version?: Pain008Version;
  /** GrpHdr/CreDtTm when the input has no `createdAt`: the writer reads no clock. */
  readonly createdAt?: string;
}

/** One payment information block: the transactions of one sequence type collected on one date. */
export interface PaymentInformationBlock {
  readonly id: string;
  readonly sequenceType: SequenceType;
  readonly collectionDate: string;
  readonly transactions: readonly CollectionTransaction[];
  /** Sum of the amounts, two decimals. */
  readonly controlSum: string;
}

/** The namespace of a pain.008 version. */
export const pain008Namespace = (version: string) => `urn:iso:std:iso:20022:tech:xsd:pain.008.${version}`;

const sumOf = (transactions: readonly CollectionTransaction[]) => transactions.reduce((s, t) => s.plus(t.amount), new Big(0)).toFixed(2);

/**
 * Groups the transactions into payment information blocks by collection date, then sequence type (FRST, RCUR, OOFF,
 * FNAL): a block has one ReqdColltnDt and one SeqTp. Transactions keep their input order inside a block. Block ids are
 * the message id and the block's number (`MSG-1`), cut to 35 characters.
 */
export function paymentBlocks(c: Collection): PaymentInformationBlock[] {
  const groups = new Map<string, CollectionTransaction[]>();
  for (const t of c.transactions) {
    const key = `${t.collectionDate ?? c.collectionDate} ${SEQUENCE_TYPES.indexOf(t.sequenceType)}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, transactions], i) => {
      const suffix = `-${i + 1}`;
      return {
        id: `${c.messageId.slice(0, 35 - suffix.length)}${suffix}`,
        sequenceType: transactions[0].sequenceType,
        collectionDate: transactions[0].collectionDate ?? c.collectionDate,
        transactions,
        controlSum: sumOf(transactions),
      };
    });
}

type Node = Record<string, unknown>;

/** A bank: its BIC, or NOTPROVIDED (SEPA's IBAN-only rule) when the input gives none. */
function agent(bicElement: string, bic: string | undefined): Node {
  return { FinInstnId: bic ? { [bicElement]: bic } : { Othr: { Id: 'NOTPROVIDED' } } };
}

function transaction(t: CollectionTransaction, bicElement: string): Node {
  return {
    PmtId: { EndToEndId: t.endToEndId },
    InstdAmt: { '@Ccy': t.currency, '#': new Big(t.amount).toFixed(2) },
    DrctDbtTx: { MndtRltdInf: { MndtId: t.mandateId, DtOfSgntr: t.mandateSignedOn } },
    DbtrAgt: agent(bicElement, t.debtor.bic),
    Dbtr: { Nm: t.debtor.name },
    DbtrAcct: { Id: { IBAN: t.debtor.iban } },
    ...(t.remittance === undefined ? {} : { RmtInf: { Ustrd: t.remittance } }),
  };
}

/**
 * The pain.008 document of a collection. `input` is checked first ({@link CollectionSchema} and
 * {@link collectionRules}): invalid input throws {@link InvalidInput} naming every bad field.
 */
export function writePain008(input: unknown, options: Pain008Options = {}): string {
  const c = checkInput(CollectionSchema, input, collectionRules);
  const createdAt = c.createdAt ?? options.createdAt;
  if (createdAt === undefined) throw new InvalidInput([{ field: 'createdAt', message: 'is required (or give options.createdAt): the writer reads no clock' }]);
  const version = options.version ?? '001.02';
  const bicElement = version === '001.02' ? 'BIC' : 'BICFI';
  const creditor = c.creditor;
  const blocks = paymentBlocks(c);
  const document = {
    Document: {
      '@xmlns': pain008Namespace(version),
      '@xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      CstmrDrctDbtInitn: {
        GrpHdr: {
          MsgId: c.messageId,
          CreDtTm: createdAt,
          NbOfTxs: String(c.transactions.length),
          CtrlSum: sumOf(c.transactions),
          InitgPty: { Nm: creditor.name },
        },
        PmtInf: blocks.map((block) => ({
          PmtInfId: block.id,
          PmtMtd: 'DD',
          NbOfTxs: String(block.transactions.length),
          CtrlSum: block.controlSum,
          PmtTpInf: { SvcLvl: { Cd: 'SEPA' }, LclInstrm: { Cd: c.scheme ?? 'CORE' }, SeqTp: block.sequenceType },
          ReqdColltnDt: block.collectionDate,
          Cdtr: { Nm: creditor.name },
          CdtrAcct: { Id: { IBAN: creditor.iban } },
          CdtrAgt: agent(bicElement, creditor.bic),
          ChrgBr: 'SLEV',
          CdtrSchmeId: { Id: { PrvtId: { Othr: { Id: creditor.creditorId, SchmeNm: { Prtry: 'SEPA' } } } } },
          DrctDbtTxInf: block.transactions.map((t) => transaction(t, bicElement)),
        })),
      },
    },
  };
  return create({ version: '1.0', encoding: 'UTF-8' }, document).end({ prettyPrint: true });
}
