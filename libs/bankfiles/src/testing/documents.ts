/**
 * Documents for tests: small camt files written the way each version spells its elements (Sts vs Sts/Cd, Dbtr/Nm vs
 * Dbtr/Pty/Nm), so that what the corpus does not show (returns, pending entries, batches, camt.052/054) is tested too;
 * and a sample direct-debit collection for the pain.008 writer and a file of PPD debits for the NACHA writer.
 */
import type { PpdDebitFile } from '../nacha/write';
import type { Collection } from '../pain008/schema';

/** A transaction inside an entry (TxDtls). */
export interface TestTransaction {
  readonly endToEndId?: string;
  readonly mandateId?: string;
  readonly amount?: string;
  readonly currency?: string;
  readonly debtorName?: string;
  readonly debtorIban?: string;
  readonly unstructured?: readonly string[];
  readonly creditorReference?: string;
  /** RtrInf/Rsn/Cd. */
  readonly returnReason?: string;
}

/** An entry (Ntry). */
export interface TestEntry {
  readonly amount: string;
  readonly currency?: string;
  readonly creditDebit: 'CRDT' | 'DBIT';
  readonly reversal?: boolean;
  readonly status?: string;
  /** A date, or a date-time (written as DtTm). */
  readonly booking?: string;
  readonly value?: string;
  readonly servicerReference?: string;
  readonly domain?: readonly [domain: string, family: string, subFamily: string];
  readonly transactions?: readonly TestTransaction[];
}

/** A balance (Bal). */
export interface TestBalance {
  readonly type: string;
  readonly amount: string;
  readonly currency?: string;
  readonly creditDebit?: 'CRDT' | 'DBIT';
}

/** A statement, report or notification. */
export interface TestStatement {
  readonly id: string;
  readonly iban?: string;
  readonly currency?: string;
  readonly balances?: readonly TestBalance[];
  readonly entries?: readonly TestEntry[];
  /** TxsSummry: numbers and sums as written. */
  readonly summary?: { readonly count?: string; readonly credits?: [count: string, sum: string]; readonly debits?: [count: string, sum: string] };
}

/** A whole document. */
export interface TestDocument {
  readonly message?: 'camt.052' | 'camt.053' | 'camt.054';
  readonly version?: string;
  /** A namespace prefix for every element (`ns2`), as some banks write. */
  readonly prefix?: string;
  readonly statements: readonly TestStatement[];
}

const GROUP = { 'camt.052': ['BkToCstmrAcctRpt', 'Rpt'], 'camt.053': ['BkToCstmrStmt', 'Stmt'], 'camt.054': ['BkToCstmrDbtCdtNtfctn', 'Ntfctn'] } as const;

const dateChoice = (value: string) => (value.includes('T') ? `<DtTm>${value}</DtTm>` : `<Dt>${value}</Dt>`);

function transaction(t: TestTransaction, v08: boolean): string {
  const party = (name: string) => (v08 ? `<Pty><Nm>${name}</Nm></Pty>` : `<Nm>${name}</Nm>`);
  const refs = [t.endToEndId && `<EndToEndId>${t.endToEndId}</EndToEndId>`, t.mandateId && `<MndtId>${t.mandateId}</MndtId>`].filter(Boolean).join('');
  const parties = [t.debtorName && `<Dbtr>${party(t.debtorName)}</Dbtr>`, t.debtorIban && `<DbtrAcct><Id><IBAN>${t.debtorIban}</IBAN></Id></DbtrAcct>`]
    .filter(Boolean)
    .join('');
  const remittance = [
    ...(t.unstructured ?? []).map((u) => `<Ustrd>${u}</Ustrd>`),
    t.creditorReference && `<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>${t.creditorReference}</Ref></CdtrRefInf></Strd>`,
  ]
    .filter(Boolean)
    .join('');
  return [
    '<TxDtls>',
    refs && `<Refs>${refs}</Refs>`,
    t.amount && `<Amt Ccy="${t.currency ?? 'EUR'}">${t.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>`,
    parties && `<RltdPties>${parties}</RltdPties>`,
    remittance && `<RmtInf>${remittance}</RmtInf>`,
    t.returnReason && `<RtrInf><Rsn><Cd>${t.returnReason}</Cd></Rsn><AddtlInf>returned</AddtlInf></RtrInf>`,
    '</TxDtls>',
  ]
    .filter(Boolean)
    .join('');
}

function entry(e: TestEntry, v08: boolean): string {
  const status = e.status ?? 'BOOK';
  return [
    `<Ntry><Amt Ccy="${e.currency ?? 'EUR'}">${e.amount}</Amt><CdtDbtInd>${e.creditDebit}</CdtDbtInd>`,
    e.reversal === undefined ? '' : `<RvslInd>${e.reversal}</RvslInd>`,
    v08 ? `<Sts><Cd>${status}</Cd></Sts>` : `<Sts>${status}</Sts>`,
    e.booking ? `<BookgDt>${dateChoice(e.booking)}</BookgDt>` : '',
    e.value ? `<ValDt>${dateChoice(e.value)}</ValDt>` : '',
    e.servicerReference ? `<AcctSvcrRef>${e.servicerReference}</AcctSvcrRef>` : '',
    e.domain ? `<BkTxCd><Domn><Cd>${e.domain[0]}</Cd><Fmly><Cd>${e.domain[1]}</Cd><SubFmlyCd>${e.domain[2]}</SubFmlyCd></Fmly></Domn></BkTxCd>` : '',
    e.transactions ? `<NtryDtls>${e.transactions.map((t) => transaction(t, v08)).join('')}</NtryDtls>` : '',
    '</Ntry>',
  ].join('');
}

function statement(s: TestStatement, item: string, v08: boolean): string {
  const summary = s.summary
    ? [
        '<TxsSummry>',
        s.summary.count ? `<TtlNtries><NbOfNtries>${s.summary.count}</NbOfNtries></TtlNtries>` : '',
        s.summary.credits ? `<TtlCdtNtries><NbOfNtries>${s.summary.credits[0]}</NbOfNtries><Sum>${s.summary.credits[1]}</Sum></TtlCdtNtries>` : '',
        s.summary.debits ? `<TtlDbtNtries><NbOfNtries>${s.summary.debits[0]}</NbOfNtries><Sum>${s.summary.debits[1]}</Sum></TtlDbtNtries>` : '',
        '</TxsSummry>',
      ].join('')
    : '';
  const balances = (s.balances ?? []).map(
    (b) =>
      `<Bal><Tp><CdOrPrtry><Cd>${b.type}</Cd></CdOrPrtry></Tp><Amt Ccy="${b.currency ?? s.currency ?? 'EUR'}">${b.amount}</Amt><CdtDbtInd>${b.creditDebit ?? 'CRDT'}</CdtDbtInd><Dt><Dt>2026-05-01</Dt></Dt></Bal>`,
  );
  const account = `<Acct><Id><IBAN>${s.iban ?? 'DE89370400440532013000'}</IBAN></Id>${s.currency ? `<Ccy>${s.currency}</Ccy>` : ''}</Acct>`;
  return `<${item}><Id>${s.id}</Id><CreDtTm>2026-05-02T06:00:00+02:00</CreDtTm>${account}${balances.join('')}${summary}${(s.entries ?? []).map((e) => entry(e, v08)).join('')}</${item}>`;
}

/** The XML of `doc` (camt.053.001.02 unless it says otherwise). */
export function camtXml(doc: TestDocument): string {
  const message = doc.message ?? 'camt.053';
  const version = doc.version ?? '001.02';
  const [group, item] = GROUP[message];
  const v08 = version >= '001.08';
  const body = `<${group}><GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2026-05-02T06:00:00+02:00</CreDtTm></GrpHdr>${doc.statements.map((s) => statement(s, item, v08)).join('')}</${group}>`;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:${message}.${version}">${body}</Document>`;
  if (!doc.prefix) return xml;
  // Every element under the prefix, declared on the root instead of the default namespace.
  return xml.replace(/<(\/?)([A-Za-z]+)([ >])/g, `<$1${doc.prefix}:$2$3`).replace(' xmlns=', ` xmlns:${doc.prefix}=`);
}

/** A utility's collection: two first debits, a recurring one and a one-off on another date. */
export const SAMPLE_COLLECTION: Collection = {
  messageId: 'UTIL-DD-2026-05',
  createdAt: '2026-05-02T08:00:00Z',
  creditor: { name: 'Springfield Stadtwerke', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', creditorId: 'DE98ZZZ09999999999' },
  collectionDate: '2026-05-15',
  transactions: [
    {
      endToEndId: 'INV-2026-0415',
      amount: '84.2',
      currency: 'EUR',
      mandateId: 'MNDT-10042',
      mandateSignedOn: '2026-04-01',
      sequenceType: 'FRST',
      debtor: { name: 'Ada Lovelace', iban: 'DE02120300000000202051', bic: 'BYLADEM1001' },
      remittance: 'Invoice 2026-0415, account 10042',
    },
    {
      endToEndId: 'INV-2026-0416',
      amount: '120.00',
      currency: 'EUR',
      mandateId: 'MNDT-10043',
      mandateSignedOn: '2024-01-15',
      sequenceType: 'RCUR',
      debtor: { name: 'Charles Babbage', iban: 'NL91ABNA0417164300' },
    },
    {
      endToEndId: 'INV-2026-0417',
      amount: '15.05',
      currency: 'EUR',
      mandateId: 'MNDT-10044',
      mandateSignedOn: '2026-04-20',
      sequenceType: 'FRST',
      debtor: { name: 'Grace Hopper', iban: 'FR1420041010050500013M02606', bic: 'PSSTFRPPPAR' },
    },
    {
      endToEndId: 'FINAL-10045',
      amount: '42.00',
      currency: 'EUR',
      mandateId: 'MNDT-10045',
      mandateSignedOn: '2025-02-01',
      sequenceType: 'OOFF',
      debtor: { name: 'Alan Turing', iban: 'GB29NWBK60161331926819' },
      collectionDate: '2026-05-20',
    },
  ],
};

/** A utility's PPD debits: one batch, a checking and a savings account, the second with an addenda 05. */
export const SAMPLE_PPD_FILE: PpdDebitFile = {
  immediateDestination: '231380104',
  immediateDestinationName: 'Federal Reserve Bank',
  immediateOrigin: '121042882',
  immediateOriginName: 'Springfield Bank',
  fileCreationDate: '2026-05-08',
  fileCreationTime: '15:05',
  batches: [
    {
      companyName: 'SPRINGFIELD PWR',
      companyIdentification: '1234567890',
      companyEntryDescription: 'UTILITY',
      effectiveEntryDate: '2026-05-11',
      originatingDfi: '12104288',
      entries: [
        {
          routingNumber: '231380104',
          accountNumber: '000123456',
          accountType: 'checking',
          amount: '84.20',
          individualId: 'ACCT-10042',
          individualName: 'ADA LOVELACE',
        },
        {
          routingNumber: '121042882',
          accountNumber: '9876543210',
          accountType: 'savings',
          amount: '120',
          individualId: 'ACCT-10043',
          individualName: 'CHARLES BABBAGE',
          paymentRelatedInformation: 'INVOICE 2026-0415',
        },
      ],
    },
  ],
};
