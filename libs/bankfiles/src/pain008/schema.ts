/**
 * The input of a SEPA direct-debit collection (what `bank-file pain008 <batch.json>` reads), as one TypeBox schema:
 * the TypeScript type and the check come from it. Rules between fields (an amount above zero, the mandate signed
 * before the collection, unique end-to-end ids) are {@link collectionRules}.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Big } from '../decimal';
import type { FieldError } from '../errors';
import { AMOUNT_PATTERN, CalendarDate, Checked, Matching, OneOf, Strict } from '../input';

/** Sequence types: first, recurring, one-off, final collection under a mandate. */
export const SEQUENCE_TYPES = ['FRST', 'RCUR', 'OOFF', 'FNAL'] as const;
/** A sequence type. */
export type SequenceType = (typeof SEQUENCE_TYPES)[number];

// EPC's character set for references (EPC217-08): Latin letters, digits and / - ? : ( ) . , ' + and space.
const EPC_ID = "^[A-Za-z0-9/?:().,'+ -]{1,35}$";
const EPC_ID_HINT = "1 to 35 characters from A-Z a-z 0-9 / - ? : ( ) . , ' + and space";
// Names and remittance: any text on one line, as Max70Text / Max140Text allow.
const ONE_LINE = '^[^\\r\\n]+$';

const name = () => Matching(ONE_LINE, 'one line of text', { maxLength: 70 });
const account = {
  iban: Checked('iban', 'not an IBAN (ISO 13616: capitals and digits without spaces, right check digits)'),
  /** Optional: SEPA lets an IBAN alone identify the bank (IBAN-only); the document then says NOTPROVIDED. */
  bic: Type.Optional(Checked('bic', 'not a BIC (ISO 9362: 8 or 11 capitals and digits)')),
};

/** The creditor: the utility collecting. */
export const CreditorSchema = Strict({
  name: name(),
  ...account,
  creditorId: Checked('sepa-creditor-id', 'not a SEPA creditor identifier (such as DE98ZZZ09999999999, right check digits)'),
});

/** One collection from one debtor under one mandate. */
export const CollectionTransactionSchema = Strict({
  endToEndId: Matching(EPC_ID, EPC_ID_HINT),
  amount: Matching(AMOUNT_PATTERN, 'a decimal string with at most two decimals, such as "12.34"'),
  currency: Matching('^[A-Z]{3}$', 'an ISO 4217 code such as "EUR"'),
  mandateId: Matching(EPC_ID, EPC_ID_HINT),
  mandateSignedOn: CalendarDate(),
  sequenceType: OneOf(SEQUENCE_TYPES),
  debtor: Strict({ name: name(), ...account }),
  remittance: Type.Optional(Matching(ONE_LINE, 'one line of text', { maxLength: 140 })),
  /** This transaction's own collection date when it is not the collection's (it then goes in a block of its own). */
  collectionDate: Type.Optional(CalendarDate()),
});

/** A direct-debit collection: what one pain.008 message carries. */
export const CollectionSchema = Strict({
  messageId: Matching(EPC_ID, EPC_ID_HINT),
  creditor: CreditorSchema,
  /** The requested collection date (ReqdColltnDt) of every transaction that names none. */
  collectionDate: CalendarDate(),
  /** SEPA scheme: CORE (consumers, the default) or B2B. */
  scheme: Type.Optional(OneOf(['CORE', 'B2B'] as const)),
  /** GrpHdr/CreDtTm; the CLI puts the current time when absent (the library reads no clock). */
  createdAt: Type.Optional(
    Matching('^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$', 'an ISO-8601 date-time such as "2026-05-08T10:00:00Z"'),
  ),
  transactions: Type.Array(CollectionTransactionSchema, { minItems: 1 }),
});

/** A direct-debit collection. */
export type Collection = Static<typeof CollectionSchema>;
/** One transaction of a {@link Collection}. */
export type CollectionTransaction = Static<typeof CollectionTransactionSchema>;

/** The most a SEPA direct debit may be (EPC: 999 999 999.99). */
const MAX_AMOUNT = new Big('999999999.99');

// EPC: a reference must not start or end with '/' nor contain '//'.
const badSlashes = (id: string) => id.startsWith('/') || id.endsWith('/') || id.includes('//');
const SLASHES = 'must not start or end with "/" nor contain "//"';

/** The rules of a collection beyond its schema. */
export function collectionRules(c: Collection): FieldError[] {
  const errors: FieldError[] = [];
  if (badSlashes(c.messageId)) errors.push({ field: 'messageId', message: SLASHES });
  const seen = new Map<string, number>();
  c.transactions.forEach((t, i) => {
    const at = `transactions[${i}]`;
    const amount = new Big(t.amount);
    if (amount.lte(0)) errors.push({ field: `${at}.amount`, message: 'must be more than 0' });
    if (amount.gt(MAX_AMOUNT)) errors.push({ field: `${at}.amount`, message: 'must be at most 999999999.99' });
    for (const field of ['endToEndId', 'mandateId'] as const) if (badSlashes(t[field])) errors.push({ field: `${at}.${field}`, message: SLASHES });
    const collectedOn = t.collectionDate ?? c.collectionDate;
    if (t.mandateSignedOn > collectedOn) errors.push({ field: `${at}.mandateSignedOn`, message: `is after the collection date ${collectedOn}` });
    const earlier = seen.get(t.endToEndId);
    if (earlier !== undefined) errors.push({ field: `${at}.endToEndId`, message: `repeats transactions[${earlier}].endToEndId (returns are matched by it)` });
    else seen.set(t.endToEndId, i);
  });
  return errors;
}
