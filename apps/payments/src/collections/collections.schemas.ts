import { Type } from '@sinclair/typebox';
import { CREDIT_CHECK_RESULTS, LocalDateSchema, MoneySchema, Strict, StringEnum, TextSchema } from '@utilia/contracts';

export const RunBody = Strict({ date: { ...LocalDateSchema, description: 'The business day the daily job runs for (today or earlier).' } });

const count = (description: string) => Type.Integer({ minimum: 0, description });
export const RunAnswer = Type.Object({
  date: Type.String(),
  accounts: count('Accounts looked at for this date for the first time.'),
  casesOpened: count('Collections cases opened.'),
  lateFees: count('Late fees charged.'),
  reminders: count('Reminders sent.'),
  finalNotices: count('Final notices sent.'),
  disconnectionRequests: count('DisconnectionRequested published.'),
  withheld: count('Steps due but withheld (protection, moratorium, below minimum), said for the first time.'),
  casesClosed: count('Cases closed with nothing past due.'),
  installmentsRaised: count('Installments of arrangements raised for the coming bills.'),
  arrangementsBroken: count('Arrangements broken.'),
  arrangementsCompleted: count('Arrangements completed.'),
  depositsRefunded: count('Deposits refunded after the months of on-time payment.'),
});

export const ArrangementBody = Strict({
  installments: Type.Integer({ minimum: 2, maximum: 36, description: "How many of the account's coming bills the arrears are spread over." }),
});

export const WriteOffBody = Strict({ amount: MoneySchema, reason: TextSchema(500) });
export const WriteOffAnswer = Type.Object({ writeOffId: Type.String(), balance: Type.Object({ amount: Type.String(), currency: Type.String() }) });

export const CreditCheckBody = Strict({
  result: StringEnum(CREDIT_CHECK_RESULTS),
  agency: Type.Optional(TextSchema(100)),
  checkedOn: Type.Optional(LocalDateSchema),
});
export const CreditCheckAnswer = Type.Object({
  accountId: Type.String(),
  result: Type.String(),
  depositId: Type.Union([Type.String(), Type.Null()], { description: 'The deposit the result made required, if it did.' }),
});

const date = Type.Union([Type.String(), Type.Null()]);
const Step = Type.Object({
  step: Type.String({ description: 'opened, late-fee, reminder, final-notice, disconnection, withheld, on-hold, reconnection, closed.' }),
  on: Type.String(),
  arrears: Type.String(),
  payBy: date,
  detail: Type.Union([Type.String(), Type.Null()]),
});
export const CaseView = Type.Object({
  id: Type.String(),
  accountId: Type.String(),
  currency: Type.String(),
  status: Type.String({ description: 'open, on-hold or closed.' }),
  openedOn: Type.String(),
  openedReason: Type.String(),
  nextStep: Type.Union([Type.String(), Type.Null()]),
  nextDueOn: date,
  finalNoticeOn: date,
  disconnectionRequestedOn: date,
  holdReason: Type.Union([Type.String(), Type.Null()]),
  heldOn: date,
  closedOn: date,
  closeReason: Type.Union([Type.String(), Type.Null()]),
});
export const ArrangementView = Type.Object({
  id: Type.String(),
  status: Type.String({ description: 'active, broken or completed.' }),
  currency: Type.String(),
  arrears: Type.String(),
  madeOn: Type.String(),
  endedOn: date,
  breakReason: Type.Union([Type.String(), Type.Null()]),
  installments: Type.Array(
    Type.Object({
      number: Type.Integer(),
      amount: Type.String(),
      billDate: Type.String(),
      dueDate: Type.String({ description: 'The due date of the invoice that shows it, once shown.' }),
      raisedOn: date,
      chargeId: Type.Union([Type.String(), Type.Null()]),
      open: Type.String({ description: 'What is still to pay of it.' }),
    }),
  ),
});
export const DepositView = Type.Object({
  id: Type.String(),
  status: Type.String({ description: 'held, applied or refunded.' }),
  currency: Type.String(),
  amount: Type.String(),
  paid: Type.String(),
  basis: Type.String(),
  reason: Type.String(),
  requiredOn: Type.String(),
  applied: Type.Union([Type.String(), Type.Null()]),
  refunded: Type.Union([Type.String(), Type.Null()]),
  releasedOn: date,
  releaseReason: Type.Union([Type.String(), Type.Null()]),
});
export const AccountCollections = Type.Object({
  accountId: Type.String(),
  cases: Type.Array(Type.Composite([CaseView, Type.Object({ steps: Type.Array(Step) })]), { description: 'Newest first, each with its steps in order.' }),
  arrangements: Type.Array(ArrangementView, { description: 'Newest first.' }),
  deposits: Type.Array(DepositView, { description: 'Newest first.' }),
});
export const CaseList = Type.Object({
  items: Type.Array(Type.Composite([CaseView, Type.Object({ pastDue: Type.String({ description: 'Past due on the account today.' }) })])),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
