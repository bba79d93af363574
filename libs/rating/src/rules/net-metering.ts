/**
 * Rules: net metering. Within a bill, kWh are netted over the month (exports in one TOU period offset imports
 * in another); a monthly surplus goes into a kWh bank that offsets later bills; on the settlement (true-up)
 * bill what is left in the bank is paid at the net surplus compensation rate and the bank is emptied.
 */
import { type Decimal, ZERO } from '../money';
import { show } from './line';

/** Billed kWh per period after netting, the new bank, and the explanation. */
export interface NettingResult {
  readonly billedKwh: Decimal[];
  readonly bankKwh: Decimal;
  readonly trace: string;
}

/**
 * Nets imports against exports over the month and against the bank. Each TOU period with a net import
 * keeps its share of what is left to bill, in proportion to its net import.
 */
export function netMonth(importsKwh: readonly Decimal[], exportsKwh: readonly Decimal[], bankKwh: Decimal): NettingResult {
  const net = importsKwh.map((imp, p) => imp.minus(exportsKwh[p] ?? ZERO));
  let month = ZERO;
  let deficits = ZERO;
  for (const n of net) {
    month = month.plus(n);
    if (n.gt(0)) deficits = deficits.plus(n);
  }
  if (month.lte(0)) {
    const bank = bankKwh.minus(month);
    return {
      billedKwh: net.map(() => ZERO),
      bankKwh: bank,
      trace: `net metering: month net ${show(month)} kWh; surplus ${show(month.neg())} kWh banked, bank ${show(bank)} kWh`,
    };
  }
  const used = bankKwh.lt(month) ? bankKwh : month;
  const billable = month.minus(used);
  const billedKwh = net.map((n) => (n.gt(0) && billable.gt(0) ? n.times(billable).div(deficits) : ZERO));
  return {
    billedKwh,
    bankKwh: bankKwh.minus(used),
    trace: `net metering: month net ${show(month)} kWh; ${show(used)} kWh drawn from the bank; ${show(billable)} kWh billed, bank ${show(bankKwh.minus(used))} kWh`,
  };
}
