/**
 * Test helpers over fixtures/payments (verbatim copies of the reference corpus, see its README.md): file access, and
 * genkgo/camt's expected dumps (`camt053.*.json`) turned into facts this library's model can be compared with.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Big, currencyDigits } from '../decimal';

/** The repository's `fixtures/` folder. */
export const FIXTURES_DIR = path.resolve(__dirname, '../../../../fixtures');
/** `fixtures/payments`. */
export const PAYMENTS_DIR = path.join(FIXTURES_DIR, 'payments');

/** A payments fixture's path, by its path relative to `fixtures/payments`. */
export const paymentsPath = (relative: string) => path.join(PAYMENTS_DIR, relative);
/** A payments fixture's text. */
export const paymentsText = (relative: string) => readFileSync(paymentsPath(relative), 'utf8');

/** The genkgo camt.053 samples, each with its expected dump (`wrong.xml` has none: genkgo refuses it). */
export const GENKGO_SAMPLES = [
  'camt053.v2.all-balance-types',
  'camt053.v2.five.decimals',
  'camt053.v2.minimal',
  'camt053.v2.multi.statement',
  'camt053.v3',
  'camt053.v4',
  'camt053.v8',
] as const;

/** The NACHA samples and their figures in the corpus README ("Payments files: expected figures"). */
export const NACHA_EXPECTED = [
  { file: 'ppd-debit.ach', secCode: 'PPD', entryCount: 1, totalDebit: '2000000.00', totalCredit: '0.00' },
  { file: 'ppd-credit.ach', secCode: 'PPD', entryCount: 1, totalDebit: '0.00', totalCredit: '1000000.00' },
  { file: 'web-credit.ach', secCode: 'WEB', entryCount: 1, totalDebit: '0.00', totalCredit: '100.00' },
  { file: 'tel-debit.ach', secCode: 'TEL', entryCount: 1, totalDebit: '500.00', totalCredit: '0.00' },
  { file: 'ccd-debit.ach', secCode: 'CCD', entryCount: 2, totalDebit: '5001.25', totalCredit: '0.00' },
  { file: 'cor-read.ach', secCode: 'COR', entryCount: 1, totalDebit: '0.00', totalCredit: '0.00' },
] as const;

/** What `bank-file parse` prints for one of {@link NACHA_EXPECTED}'s files. */
export function expectedNachaParse(e: (typeof NACHA_EXPECTED)[number]) {
  const batch = { secCode: e.secCode, entryCount: e.entryCount, totalDebit: e.totalDebit, totalCredit: e.totalCredit };
  return { format: 'nacha', batches: [batch], totalDebit: e.totalDebit, totalCredit: e.totalCredit, problems: [] };
}

/** The keys of `bank-file parse`'s camt shape, in their fixed order. */
export const CAMT_PARSE_KEYS = {
  document: ['format', 'statements', 'problems'],
  statement: ['id', 'account', 'currency', 'openingBalance', 'closingBalance', 'reconciles', 'entries'],
  entry: ['amount', 'creditDebit', 'bookingDate', 'valueDate', 'endToEndId', 'accountServicerReference', 'reversal', 'returnReason'],
} as const;

/** What `bank-file parse` prints for `camt053-genkgo/camt053.v8.xml`: the corpus README's figures, with its synthetic closing balance. */
export const EXPECTED_V8_PARSE = {
  format: 'camt.053.001.08',
  statements: [
    {
      id: '253EURNL26VAYB8060476890',
      account: 'NL26VAYB8060476890',
      currency: 'EUR',
      openingBalance: '18.15',
      closingBalance: '-27.00',
      reconciles: false,
      entries: [
        {
          amount: '8.85',
          creditDebit: 'CRDT',
          bookingDate: '2014-12-31',
          valueDate: '2015-01-02',
          endToEndId: 'MUELL/FINP/RA12345',
          accountServicerReference: 'AAAASESS-FP-CN_98765/01',
          reversal: false,
          returnReason: null,
        },
      ],
    },
  ],
  problems: ['statement 253EURNL26VAYB8060476890: does not reconcile: the closing balance (CLBD) is in SEK, the statement in EUR'],
};

/** Minor units as genkgo (moneyphp) gives them: `8.85` EUR → `885`, negative for DBIT. */
export function toMinor(amount: string, currency: string, creditDebit: 'CRDT' | 'DBIT' = 'CRDT'): string {
  const minor = new Big(amount).abs().times(new Big(10).pow(currencyDigits(currency)));
  return (creditDebit === 'DBIT' && !minor.eq(0) ? minor.neg() : minor).toFixed(0);
}

/** An instant in milliseconds: a date alone is midnight UTC, as genkgo reads it. */
export const instant = (dateOrDateTime: string) => Date.parse(/T/.test(dateOrDateTime) ? dateOrDateTime : `${dateOrDateTime}T00:00:00Z`);

/** genkgo's balance type names, by ISO code. */
export const GENKGO_BALANCE_TYPES: Readonly<Record<string, string>> = {
  OPBD: 'opening',
  PRCD: 'opening',
  OPAV: 'opening_available',
  CLBD: 'closing',
  CLAV: 'closing_available',
  FWAV: 'forward_available',
  INFO: 'information',
  ITAV: 'interim_available',
  ITBD: 'interim',
  XPCD: 'expected_credit',
};

type Dump = Record<string, unknown>;

const RECURSIVE = '__RECURSIVITY__';
// The dumper writes an object it has already written as "__RECURSIVITY__": such a value says nothing here.
const known = (v: unknown): v is Dump => v !== null && v !== undefined && v !== RECURSIVE;
const str = (v: unknown) => (v === '' || v === undefined ? null : (v as string | null));
const dateOf = (v: unknown) => (known(v) ? Date.parse((v as Dump)['0'] as string) : null);
const money = (v: unknown) => {
  const m = v as Dump;
  return { minor: m.getAmount as string, currency: (m.getCurrency as Dump).getCode as string };
};

/** A statement as genkgo's dump describes it. */
export interface GenkgoStatement {
  readonly id: string;
  readonly account: string | null;
  readonly createdAt: number | null;
  readonly electronicSequenceNumber: string | null;
  readonly legalSequenceNumber: string | null;
  readonly copyDuplicate: string | null;
  readonly fromDateTime: number | null;
  readonly toDateTime: number | null;
  readonly additionalInformation: string | null;
  readonly balances: ReadonlyArray<{ type: string; minor: string; currency: string; date: number | null }>;
}

/** An entry as genkgo's dump describes it; a field the dump does not give is absent. */
export type GenkgoEntry = Record<string, unknown> & { readonly statementId: string; readonly index: number };

/** What genkgo's dump of a sample says: group header, the statements it reaches, and its entries. */
export interface GenkgoFacts {
  readonly messageId: string;
  readonly createdAt: number | null;
  readonly statements: readonly GenkgoStatement[];
  readonly entries: readonly GenkgoEntry[];
}

function statementFacts(record: Dump): GenkgoStatement {
  const account = record.getAccount as Dump;
  return {
    id: record.getId as string,
    account: str(account.getIdentification),
    createdAt: dateOf(record.getCreatedOn),
    electronicSequenceNumber: str(record.getElectronicSequenceNumber),
    legalSequenceNumber: str(record.getLegalSequenceNumber),
    copyDuplicate: str(record.getCopyDuplicateIndicator),
    fromDateTime: dateOf(record.getFromDate),
    toDateTime: dateOf(record.getToDate),
    additionalInformation: str(record.getAdditionalInformation),
    balances: (record.getBalances as Dump[]).map((b) => ({ type: b.getType as string, ...money(b.getAmount), date: dateOf(b.getDate) })),
  };
}

function partyFacts(detail: Dump, kind: 'Debtor' | 'Creditor'): Dump | undefined {
  const parties = (detail.getRelatedParties as unknown[]).filter(known);
  const found = parties.find((p) => ((p as Dump).getRelatedPartyType as Dump).__CLASS__ === `Genkgo\\Camt\\DTO\\${kind}`) as Dump | undefined;
  if (!found) return undefined;
  const account = found.getAccount as Dump | null;
  return { name: str((found.getRelatedPartyType as Dump).getName), account: account ? str(account.getIdentification) : null };
}

function entryFacts(entry: Dump, statementId: string): GenkgoEntry {
  const facts: Record<string, unknown> = { statementId, index: (entry.getIndex as number) + 1 };
  const { minor, currency } = money(entry.getAmount);
  Object.assign(facts, {
    minor,
    currency,
    creditDebit: entry.getCreditDebitIndicator,
    booking: dateOf(entry.getBookingDate),
    value: dateOf(entry.getValueDate),
    accountServicerReference: str(entry.getAccountServicerReference),
    reference: str(entry.getReference),
    reversal: entry.getReversalIndicator,
    status: str(entry.getStatus),
  });
  const code = entry.getBankTransactionCode as Dump;
  const domain = code.getDomain as Dump | null;
  const family = domain?.getFamily as Dump | undefined;
  const proprietary = code.getProprietary as Dump | null;
  facts.bankTransactionCode = {
    domain: str(domain?.getCode),
    family: str(family?.getCode),
    subFamily: str(family?.getSubFamilyCode),
    proprietary: str(proprietary?.getCode),
    proprietaryIssuer: str(proprietary?.getIssuer),
  };
  const detail = entry.getTransactionDetail;
  if (known(detail)) {
    const reference = detail.getReference as Dump | null;
    if (known(reference)) facts.endToEndId = str(reference.getEndToEndId);
    if (known(detail.getAmount)) {
      const tx = money(detail.getAmount);
      facts.transactionMinor = tx.minor;
      facts.transactionCurrency = tx.currency;
    }
    const remittance = detail.getRemittanceInformation as Dump | null;
    if (known(remittance)) {
      const creditorRef = remittance.getCreditorReferenceInformation;
      facts.creditorReference = known(creditorRef) ? str(creditorRef.getRef) : null;
      const block = remittance.getUnstructuredBlock;
      facts.unstructured = known(block) ? str(block.getMessage) : null;
    }
    facts.returnReason = known(detail.getReturnInformation) ? str((detail.getReturnInformation as Dump).getCode) : null;
    for (const kind of ['Debtor', 'Creditor'] as const) {
      const party = partyFacts(detail, kind);
      if (party) facts[kind.toLowerCase()] = party;
    }
    for (const agent of (detail.getRelatedAgents as unknown[]).filter(known)) {
      const type = (agent as Dump).getRelatedAgentType as Dump;
      if (type.__CLASS__ === 'Genkgo\\Camt\\DTO\\DebtorAgent') facts.debtorAgentBic = str(type.getBIC);
      if (type.__CLASS__ === 'Genkgo\\Camt\\DTO\\CreditorAgent') facts.creditorAgentBic = str(type.getBIC);
    }
  }
  return facts as GenkgoEntry;
}

/** Reads `camt053-genkgo/<sample>.json`. */
export function genkgoFacts(sample: string): GenkgoFacts {
  const dump = JSON.parse(paymentsText(`camt053-genkgo/${sample}.json`)) as Dump;
  const header = dump.getGroupHeader as Dump;
  const statements: GenkgoStatement[] = [];
  const entries = (dump.getEntries as Dump[]).map((entry) => {
    // An entry's statement is dumped with the first entry that reaches it, and is "__RECURSIVITY__" after that.
    if (known(entry.getRecord)) statements.push(statementFacts(entry.getRecord));
    return entryFacts(entry, statements[statements.length - 1].id);
  });
  return { messageId: header.getMessageId as string, createdAt: dateOf(header.getCreatedOn), statements, entries };
}
