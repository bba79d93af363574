/** The tariff an agreement is billed on from a day (until the next period's `from`). */
export interface TariffPeriod {
  tariffCode: string;
  from: string;
}

const byDate = (a: TariffPeriod, b: TariffPeriod) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0);

/** An agreement's tariffs with a change from `from` (a change of the same day is replaced). */
export function withTariffChange(tariffs: readonly TariffPeriod[], tariffCode: string, from: string): TariffPeriod[] {
  return [...tariffs.filter((t) => t.from !== from), { tariffCode, from }].sort(byDate);
}

/** An agreement's tariffs without the change from `from` (it was called off). */
export function withoutTariffChange(tariffs: readonly TariffPeriod[], from: string): TariffPeriod[] {
  return tariffs.filter((t, i) => i === 0 || t.from !== from);
}

/**
 * The tariffs of the days [from, to) of a billing period: each code with the days it prices, in date
 * order (a tariff change inside the period splits it). Pure.
 */
export function tariffsOver(tariffs: readonly TariffPeriod[], from: string, to: string): Array<{ tariffCode: string; from: string; to: string }> {
  const sorted = [...tariffs].sort(byDate);
  const out: Array<{ tariffCode: string; from: string; to: string }> = [];
  sorted.forEach((t, i) => {
    const start = t.from > from ? t.from : from;
    const nextFrom = sorted[i + 1]?.from;
    const end = nextFrom !== undefined && nextFrom < to ? nextFrom : to;
    if (start < end) out.push({ tariffCode: t.tariffCode, from: start, to: end });
  });
  return out;
}
