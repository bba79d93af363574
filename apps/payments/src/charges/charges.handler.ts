import { BillableChargeRaisedV1, uuidv7, type ChargeKind, type Money, type Uuid } from '@utilia/contracts';
import { event, type CommandTx } from '@utilia/platform';
import { applyCredits } from '../allocation/apply';
import type { PaymentsConfig } from '../config';
import { chargeLines } from '../ledger/journal';
import { postEntry } from '../ledger/post';

export interface ChargeInput {
  accountId: string;
  kind: ChargeKind;
  description: string;
  amount: Money;
  raisedOn: string;
}

/**
 * A charge outside the tariff, shown on the account's next invoice (BillableChargeRaised; invoicing
 * takes it once). A fee is revenue and a deposit a liability, posted now with an open item to pay;
 * an installment of an arrangement is debt already on the ledger, so it only asks to be shown.
 */
export async function raiseCharge(tx: CommandTx, input: ChargeInput, config: PaymentsConfig): Promise<string> {
  const chargeId = uuidv7();
  if (input.kind !== 'installment') {
    await postEntry(tx, {
      kind: 'charge',
      source: `charge:${chargeId}`,
      accountId: input.accountId,
      reference: chargeId,
      description: input.description,
      occurredOn: input.raisedOn,
      currency: input.amount.currency,
      lines: chargeLines(input.accountId, input.kind === 'deposit' ? 'deposit' : 'fee', input.amount.amount),
    });
    await tx.query(
      `insert into open_item (id, account_id, kind, source_id, number, description, issued_on, due_date, currency, amount, open_amount)
       values ($1, $2, $3, $4, $5, $6, $7, null, $8, $9, $9)`,
      [
        uuidv7(),
        input.accountId,
        input.kind,
        chargeId,
        `CHG-${chargeId.slice(-8).toUpperCase()}`,
        input.description,
        input.raisedOn,
        input.amount.currency,
        input.amount.amount,
      ],
    );
    await applyCredits(tx, input.accountId, config.payments.allocationOrder);
  }
  await tx.append(chargeId, 'no-stream', [
    event(BillableChargeRaisedV1, {
      chargeId: chargeId as Uuid,
      accountId: input.accountId as Uuid,
      kind: input.kind,
      description: input.description.slice(0, 300),
      amount: input.amount,
      raisedOn: input.raisedOn,
    }),
  ]);
  return chargeId;
}
