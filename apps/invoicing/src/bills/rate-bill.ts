import type { InvoiceLine } from '@utilia/contracts';
import { formatMoney, rate, RatingInputError, type AccountAttributes, type Tariff, type Usage } from '@utilia/rating';
import Big from 'big.js';
import { tariffsOver, type TariffPeriod } from '../copies/tariff-schedule';

export type RatedBill = { lines: InvoiceLine[]; total: string; currency: string } | { missingTariff: string };

/**
 * A draft bill: the days billed (the run's period narrowed to the agreement's service) priced with the
 * tariff of each of those days, each part prorated against the whole cycle. Pure.
 */
export function rateBill(input: {
  tariffs: readonly TariffPeriod[];
  tariffOf: (code: string) => Tariff | undefined;
  /** The cycle's period [from, to). */
  cycle: { from: string; to: string };
  /** The days billed [from, to). */
  billed: { from: string; to: string };
  usage: Usage;
  account?: AccountAttributes;
}): RatedBill {
  const lines: InvoiceLine[] = [];
  let total = new Big(0);
  let currency: string | undefined;
  for (const part of tariffsOver(input.tariffs, input.billed.from, input.billed.to)) {
    const tariff = input.tariffOf(part.tariffCode);
    if (!tariff) return { missingTariff: `no version of tariff ${part.tariffCode} has been published` };
    let result;
    try {
      result = rate({
        tariff,
        period: { start: part.from, end: part.to, cycle: { start: input.cycle.from, end: input.cycle.to } },
        usage: input.usage,
        account: input.account,
      });
    } catch (e) {
      if (e instanceof RatingInputError && e.field === 'tariff.versions')
        return { missingTariff: `no version of tariff ${part.tariffCode} is in force over ${part.from}..${part.to}` };
      throw e;
    }
    currency = result.currency;
    total = total.plus(result.total);
    for (const l of result.lines)
      lines.push({
        component: l.component,
        description: l.description,
        quantity: l.quantity,
        unit: l.unit,
        rate: l.rate,
        amount: l.amount,
        tariffCode: part.tariffCode,
        tariffVersionId: l.versionId,
        from: l.from,
        to: l.to,
        ...(l.touPeriodName !== undefined ? { touPeriod: l.touPeriodName } : {}),
        ...(l.tier !== undefined ? { tier: l.tier } : {}),
      });
  }
  if (!currency) return { missingTariff: `the agreement has no tariff over ${input.billed.from}..${input.billed.to}` };
  return { lines, total: formatMoney(total, currency), currency };
}
