import { Type } from '@sinclair/typebox';
import { LocalDateSchema, MoneySchema, PAYMENT_CHANNELS, Strict, StringEnum, TextSchema, UuidV7Schema } from '@utilia/contracts';
import { REVERSAL_KINDS } from './payment.handler';

const Card = Strict(
  {
    token: Type.String({ pattern: '^[A-Za-z0-9_\\-:.]{6,200}$', description: "The payment provider's token for the card (never the card number)." }),
    last4: Type.String({ pattern: '^[0-9]{4}$' }),
  },
  { description: 'Card payments only: what the payment provider gave back.' },
);

export const PaymentBody = Strict({
  accountId: UuidV7Schema,
  amount: MoneySchema,
  channel: StringEnum(PAYMENT_CHANNELS),
  reference: TextSchema(140, { description: 'What the payer quoted: an invoice number or payment reference.' }),
  receivedOn: Type.Optional(LocalDateSchema),
  endToEndId: Type.Optional(TextSchema(35, { description: 'The bank end-to-end id (ISO 20022 EndToEndId) of a transfer or direct debit.' })),
  card: Type.Optional(Card),
});

export const ReversalBody = Strict({
  kind: StringEnum(REVERSAL_KINDS),
  reason: TextSchema(500),
  returnReason: Type.Optional(TextSchema(10, { description: 'The bank return code, e.g. AM04 or R01.' })),
  reversedOn: Type.Optional(LocalDateSchema),
  fee: Type.Optional(MoneySchema),
});

export const RefundBody = Strict({ amount: MoneySchema, channel: StringEnum(PAYMENT_CHANNELS), reason: TextSchema(500) });

const MoneyAnswer = Type.Object({ amount: Type.String(), currency: Type.String() });
export const PaymentAnswer = Type.Object({
  paymentId: Type.String(),
  accountId: Type.String(),
  amount: MoneyAnswer,
  channel: Type.String(),
  receivedOn: Type.String(),
  allocations: Type.Array(Type.Object({ itemId: Type.String(), number: Type.String(), amount: Type.String() }), {
    description: 'The open items this payment paid, oldest first (or fees first, as configured).',
  }),
  balance: MoneyAnswer,
  available: { ...MoneyAnswer, description: 'Credit left on the account for the next invoice.' },
});
export const ReversalAnswer = Type.Object({ paymentId: Type.String(), status: Type.Literal('reversed'), balance: MoneyAnswer });
export const RefundAnswer = Type.Object({ refundId: Type.String(), balance: MoneyAnswer, available: MoneyAnswer });
export const PaymentView = Type.Object({
  id: Type.String(),
  accountId: Type.String(),
  amount: Type.String(),
  currency: Type.String(),
  channel: Type.String(),
  reference: Type.String(),
  endToEndId: Type.Union([Type.String(), Type.Null()]),
  cardLast4: Type.Union([Type.String(), Type.Null()]),
  receivedOn: Type.String(),
  status: Type.String(),
  reversal: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
export const PaymentList = Type.Object({ items: Type.Array(PaymentView) });
