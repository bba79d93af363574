/**
 * Rules: net metering. Within a bill, kWh are netted over the whole month (exports in one TOU period offset
 * imports in another) or per TOU period (each period on its own, as NREL SAM does); a surplus goes into a kWh
 * bank that offsets later bills (per period: the same period of later months); on the settlement (true-up)
 * bill what is left in the bank is paid at the net surplus compensation rate and the bank is emptied. Exports
 * earn nothing in between.
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

/** Billed kWh per period after per-period netting, the new banks, and the explanation. */
export interface PeriodNettingResult {
  readonly billedKwh: Decimal[];
  /** The bank of each period. */
  readonly bankKwhByPeriod: Decimal[];
  /** kWh banked without a period (carried from whole-month netting), left after offsetting. */
  readonly sharedBankKwh: Decimal;
  readonly trace: string;
}

/**
 * Nets each TOU period's imports against its own exports and its own bank: a period's surplus goes into
 * its bank; a period's deficit is offset by its bank, then by the shared bank (kWh banked without a period,
 * in period order), and the rest is billed. A surplus in one period never offsets another period.
 */
export function netPerPeriod(
  importsKwh: readonly Decimal[],
  exportsKwh: readonly Decimal[],
  bankKwhByPeriod: readonly Decimal[],
  sharedBankKwh: Decimal,
): PeriodNettingResult {
  const banks = importsKwh.map((_, p) => bankKwhByPeriod[p] ?? ZERO);
  // Banks of periods the tariff no longer has stay until they are settled.
  for (let p = importsKwh.length; p < bankKwhByPeriod.length; p++) banks.push(bankKwhByPeriod[p]);
  let shared = sharedBankKwh;
  const steps: string[] = [];
  const billedKwh = importsKwh.map((imp, p) => {
    const net = imp.minus(exportsKwh[p] ?? ZERO);
    if (net.lte(0)) {
      banks[p] = banks[p].minus(net);
      steps.push(`period ${p} net ${show(net)} kWh, banked (${show(banks[p])} kWh)`);
      return ZERO;
    }
    const own = banks[p].lt(net) ? banks[p] : net;
    banks[p] = banks[p].minus(own);
    const rest = net.minus(own);
    const fromShared = shared.lt(rest) ? shared : rest;
    shared = shared.minus(fromShared);
    const billed = rest.minus(fromShared);
    steps.push(`period ${p} net ${show(net)} kWh, ${show(own.plus(fromShared))} kWh from the bank, ${show(billed)} kWh billed`);
    return billed;
  });
  return {
    billedKwh,
    bankKwhByPeriod: banks,
    sharedBankKwh: shared,
    trace: `net metering per period: ${steps.join('; ')}${shared.gt(0) ? `; ${show(shared)} kWh banked without a period` : ''}`,
  };
}
