/**
 * The seed tariff catalog of the rating service: the tariffs a fresh installation offers, for the fictional
 * utility "Utilia Demo Power & Water" (Pacific time). Each tariff is modelled on a real published tariff; its
 * `source` names which one, as of when, and what was simplified. Prices are rounded approximations with
 * plausible 2026 levels, not copies of tariff sheets: check the real sheet before billing anyone with them.
 *
 * Versions carry the libs/rating version model without `id`, `effectiveFrom` and `effectiveTo`, which the
 * service adds when it stores a version. Money is decimal strings, never JS numbers.
 */
import type { Adjustment, FixedCharge, MonthHourSchedule, RatePeriod, TariffVersion } from '@utilia/rating';

export interface SeedVersion {
  /** Local date `YYYY-MM-DD`, inclusive. */
  effectiveFrom: string;
  /** Local date, exclusive; omitted for an open-ended version. */
  effectiveTo?: string;
  /** The libs/rating version model WITHOUT id, effectiveFrom, effectiveTo (the service adds those). */
  definition: Omit<TariffVersion, 'id' | 'effectiveFrom' | 'effectiveTo'>;
}

export interface SeedTariff {
  /** Upper-case letters, digits and '-', at most 50 characters, e.g. `E-RES-FLAT`. */
  code: string;
  name: string;
  commodity: 'electricity' | 'gas' | 'water';
  customerClass: 'residential' | 'commercial' | 'industrial';
  /** ISO 4217. */
  currency: string;
  /** IANA zone in which schedules, days and billing periods are read. */
  timeZone: string;
  /** The (fictional) utility's name. */
  utility: string;
  description: string;
  /** Where the prices come from, or the reasoning behind them (which real published tariff they are modelled on, and its date). */
  source: string;
  versions: SeedVersion[];
}

const UTILITY = 'Utilia Demo Power & Water';
const ZONE = 'America/Los_Angeles';

// ---- schedule helpers (months 0 = January .. 11 = December, hours 0..23 local) ----

/** A 12 × 24 month-hour table from a function of (month, hour). */
function table(period: (month: number, hour: number) => number): MonthHourSchedule {
  return Array.from({ length: 12 }, (_, m) => Array.from({ length: 24 }, (_, h) => period(m, h)));
}

/** Whether `hour` is in [from, to). */
const within = (hour: number, from: number, to: number): boolean => hour >= from && hour < to;

/** June to September, the summer of PG&E, SCE and SMUD residential and SCE general-service tariffs. */
const junToSep = (month: number): boolean => month >= 5 && month <= 8;
/** June to October, SDG&E's summer. */
const junToOct = (month: number): boolean => month >= 5 && month <= 9;

/** A one-tier (flat) rate period; `sell` is the credit per exported kWh. */
function flat(name: string, rate: string, sell?: string): RatePeriod {
  return { name, tiers: [{ rate, ...(sell === undefined ? {} : { sell }) }] };
}

/**
 * The holidays of the California IOUs' TOU tariffs, which take the weekend schedule: New Year's Day, Presidents'
 * Day (third Monday of February), Memorial Day (last Monday of May), Independence Day, Labor Day (first Monday of
 * September), Veterans Day, Thanksgiving (fourth Thursday of November) and Christmas; one falling on a Sunday is
 * observed the Monday after, one falling on a Saturday is not moved.
 */
function touHolidays(fromYear: number, toYear: number): string[] {
  const out: string[] = [];
  const iso = (d: Date): string => d.toISOString().slice(0, 10);
  const date = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m, d));
  /** The n-th (1-based; -1 = last) given weekday (0 = Sunday) of a month. */
  const nth = (y: number, m: number, weekday: number, n: number): Date => {
    if (n > 0) {
      const first = date(y, m, 1).getUTCDay();
      return date(y, m, 1 + ((weekday - first + 7) % 7) + (n - 1) * 7);
    }
    const last = date(y, m + 1, 0);
    return date(y, m, last.getUTCDate() - ((last.getUTCDay() - weekday + 7) % 7));
  };
  const observed = (d: Date): Date => (d.getUTCDay() === 0 ? date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1) : d);
  for (let y = fromYear; y <= toYear; y++) {
    out.push(
      iso(observed(date(y, 0, 1))),
      iso(nth(y, 1, 1, 3)),
      iso(nth(y, 4, 1, -1)),
      iso(observed(date(y, 6, 4))),
      iso(nth(y, 8, 1, 1)),
      iso(observed(date(y, 10, 11))),
      iso(nth(y, 10, 4, 4)),
      iso(observed(date(y, 11, 25))),
    );
  }
  return out;
}

/** TOU holidays for the years the seed versions are expected to stay in force. */
const TOU_HOLIDAYS = touHolidays(2026, 2035);

/** The CPUC's income-graduated fixed charge for non-CARE/FERA households (D.24-05-028), $24.15 a month. */
const CPUC_FIXED_CHARGE: FixedCharge = { description: 'Base services charge', amount: '24.15', per: 'month' };

/** California Electrical Energy Surcharge, $0.0003 per kWh consumed. */
const ENERGY_SURCHARGE: Adjustment = { component: 'surcharge', description: 'State electrical energy surcharge', kind: 'per-kwh', value: '0.0003' };

// ---- SCE-style 4-9 p.m. periods (TOU-D-PRIME, TOU-GS-3): summer weekday on-peak, summer weekend mid-peak,
// winter mid-peak 4-9 p.m., off-peak 9 p.m.-8 a.m., super off-peak 8 a.m.-4 p.m. every day ----
const SCE_SUMMER_ON = 0;
const SCE_SUMMER_MID = 1;
const SCE_SUMMER_OFF = 2;
const SCE_WINTER_MID = 3;
const SCE_WINTER_OFF = 4;
const SCE_WINTER_SUPER_OFF = 5;

function sceSchedule(weekend: boolean): MonthHourSchedule {
  return table((m, h) => {
    if (junToSep(m)) return within(h, 16, 21) ? (weekend ? SCE_SUMMER_MID : SCE_SUMMER_ON) : SCE_SUMMER_OFF;
    if (within(h, 16, 21)) return SCE_WINTER_MID;
    return within(h, 8, 16) ? SCE_WINTER_SUPER_OFF : SCE_WINTER_OFF;
  });
}

// ---- the tariffs ----

const flatRate: SeedTariff = {
  code: 'E-RES-FLAT',
  name: 'Residential flat rate',
  commodity: 'electricity',
  customerClass: 'residential',
  currency: 'USD',
  timeZone: ZONE,
  utility: UTILITY,
  description: 'A monthly base services charge and one price for every kWh, at any hour and in any season. The simple default for homes without a smart meter.',
  source:
    "Modelled on PG&E's residential rate design after 1 March 2026, reduced to one price (no California investor-owned utility offers a flat residential rate; this is the demo utility's simple default): the $24.15/month fixed charge the CPUC adopted in D.24-05-028 (May 2024; on PG&E bills from 1 March 2026) and one energy price of $0.36/kWh, about PG&E's average bundled residential price in 2026 after the fixed charge lowered usage rates by 5-7 cents/kWh. Simplified: no baseline credit, no CARE/FERA fixed-charge levels, no climate credit.",
  versions: [
    {
      effectiveFrom: '2026-01-01',
      definition: {
        fixed: [CPUC_FIXED_CHARGE],
        energy: { tierPolicy: 'per-period', periods: [flat('all hours', '0.36')] },
        adjustments: [ENERGY_SURCHARGE],
      },
    },
  ],
};

const tiered: SeedTariff = {
  code: 'E-RES-TIER',
  name: 'Residential tiered (baseline) rate',
  commodity: 'electricity',
  customerClass: 'residential',
  currency: 'USD',
  timeZone: ZONE,
  utility: UTILITY,
  description:
    'Inclining blocks: the monthly baseline allowance (300 kWh in summer, 295 kWh in winter) at the tier 1 price, everything above at the tier 2 price. Income-qualified (CARE) households get 35 % off the energy charges.',
  source:
    "Modelled on PG&E Schedule E-1 (Tiered Rate Plan) as published for 2025-2026: two tiers, tier 1 up to 100 % of baseline, tier 2 above; summer June-September. Prices about $0.335 and $0.43/kWh, roughly the 2025 E-1 bundled rates (about $0.40 and $0.50) less the 5-7 cents/kWh that moved into the $24.15/month fixed charge of CPUC D.24-05-028 in March 2026. Baseline allowances close to PG&E's coastal territory X basic-service quantities (about 9.8 and 9.7 kWh/day), written as monthly blocks instead of daily quantities times billing days. The CARE discount is modelled as 35 % of energy charges only (the real CARE fixed charge is $6/month). Simplified: one baseline territory, no all-electric baseline, no medical baseline, no climate credit.",
  versions: [
    {
      effectiveFrom: '2026-01-01',
      definition: {
        fixed: [CPUC_FIXED_CHARGE],
        energy: {
          tierPolicy: 'per-period',
          periods: [
            {
              name: 'summer',
              tiers: [
                { rate: '0.335', upTo: '300', basis: 'month' },
                { rate: '0.43', basis: 'month' },
              ],
            },
            {
              name: 'winter',
              tiers: [
                { rate: '0.335', upTo: '295', basis: 'month' },
                { rate: '0.43', basis: 'month' },
              ],
            },
          ],
          schedule: { weekday: table((m) => (junToSep(m) ? 0 : 1)), weekend: table((m) => (junToSep(m) ? 0 : 1)) },
        },
        adjustments: [
          { component: 'discount', description: 'CARE discount', kind: 'percent', value: '35', appliesTo: ['energy'], eligibility: 'lowIncome' },
          ENERGY_SURCHARGE,
        ],
      },
    },
  ],
};

/** A price and its baseline price (the price less the baseline credit), per kWh. */
interface BaselinePrice {
  readonly rate: string;
  readonly baseline: string;
}

/**
 * E-TOU-C periods: summer peak, summer off-peak, winter peak, winter off-peak; peak 4-9 p.m. every day.
 * The baseline credit is a first tier: the kWh within the daily baseline allowance, counted over all periods
 * together (total-usage-proportional), pay the period's price less the credit.
 */
function touCPeriods(p: { summerPeak: BaselinePrice; summerOff: BaselinePrice; winterPeak: BaselinePrice; winterOff: BaselinePrice }): RatePeriod[] {
  const period = (name: string, price: BaselinePrice, baselinePerDay: string): RatePeriod => ({
    name,
    tiers: [
      { rate: price.baseline, upTo: baselinePerDay, basis: 'day' },
      { rate: price.rate, basis: 'day' },
    ],
  });
  return [
    period('summer peak', p.summerPeak, '9.8'),
    period('summer off-peak', p.summerOff, '9.8'),
    period('winter peak', p.winterPeak, '9.7'),
    period('winter off-peak', p.winterOff, '9.7'),
  ];
}

const touCSchedule = table((m, h) => (junToSep(m) ? (within(h, 16, 21) ? 0 : 1) : within(h, 16, 21) ? 2 : 3));

const seasonalTou: SeedTariff = {
  code: 'E-RES-TOU-C',
  name: 'Residential time-of-use, peak 4-9 p.m. every day',
  commodity: 'electricity',
  customerClass: 'residential',
  currency: 'USD',
  timeZone: ZONE,
  utility: UTILITY,
  description:
    'Seasonal time-of-use: peak 4-9 p.m. every day, off-peak all other hours; summer June-September, winter October-May. A baseline credit lowers the price of the first 9.8 (summer) or 9.7 (winter) kWh a day. From 1 March 2026 a $24.15 monthly base services charge replaces the minimum charge and usage prices drop.',
  source:
    "Modelled on PG&E Schedule E-TOU-C (Time-of-Use, Peak Pricing 4-9 p.m. Every Day), the default residential rate. Version 2026-01-01: prices near the January 2026 bundled rates (summer peak about $0.59, off-peak $0.48; winter peak $0.46, off-peak $0.43/kWh), baseline credit about $0.097/kWh, PG&E's minimum delivery charge of about $0.40/day and no fixed charge. Version 2026-03-01: PG&E introduced the $24.15/month Base Services Charge on 1 March 2026 (CPUC D.24-05-028), lowering usage rates by about 5-7 cents/kWh; modelled as summer peak $0.53, off-peak $0.42, winter peak $0.40, off-peak $0.37/kWh, baseline credit $0.096/kWh (the figure rateatlas.org lists for 2026), no minimum charge. Baseline quantities about PG&E territory X. Simplified: one baseline territory, no climate credit, no CARE/FERA levels.",
  versions: [
    {
      effectiveFrom: '2026-01-01',
      effectiveTo: '2026-03-01',
      definition: {
        energy: {
          tierPolicy: 'total-usage-proportional',
          periods: touCPeriods({
            summerPeak: { rate: '0.59', baseline: '0.493' },
            summerOff: { rate: '0.48', baseline: '0.383' },
            winterPeak: { rate: '0.46', baseline: '0.363' },
            winterOff: { rate: '0.43', baseline: '0.333' },
          }),
          schedule: { weekday: touCSchedule, weekend: touCSchedule },
        },
        minimum: { daily: '0.40' },
        adjustments: [ENERGY_SURCHARGE],
      },
    },
    {
      effectiveFrom: '2026-03-01',
      definition: {
        fixed: [CPUC_FIXED_CHARGE],
        energy: {
          tierPolicy: 'total-usage-proportional',
          periods: touCPeriods({
            summerPeak: { rate: '0.53', baseline: '0.434' },
            summerOff: { rate: '0.42', baseline: '0.324' },
            winterPeak: { rate: '0.40', baseline: '0.304' },
            winterOff: { rate: '0.37', baseline: '0.274' },
          }),
          schedule: { weekday: touCSchedule, weekend: touCSchedule },
        },
        adjustments: [ENERGY_SURCHARGE],
      },
    },
  ],
};

const primeTou: SeedTariff = {
  code: 'E-RES-TOU-PRIME',
  name: 'Residential time-of-use for electrified homes',
  commodity: 'electricity',
  customerClass: 'residential',
  currency: 'USD',
  timeZone: ZONE,
  utility: UTILITY,
  description:
    'Time-of-use for homes with a heat pump, battery or EV. Summer (June-September): on-peak 4-9 p.m. weekdays, mid-peak 4-9 p.m. weekends and holidays, off-peak otherwise. Winter: mid-peak 4-9 p.m., super off-peak 8 a.m.-4 p.m., off-peak 9 p.m.-8 a.m., every day.',
  source:
    'Modelled on SCE Schedule TOU-D-PRIME (periods and seasons as in the 2025 schedule). Prices near the 2025 bundled rates less part of the usage-rate reduction that came with the CPUC fixed charge: summer on-peak $0.56, mid-peak $0.40, off-peak $0.25; winter mid-peak $0.52, off-peak $0.24, super off-peak $0.23/kWh. The daily basic charge is replaced by the $24.15/month fixed charge of CPUC D.24-05-028. Simplified: no CARE/FERA levels, no climate credit; holidays as in the SCE TOU holiday list, 2026-2035.',
  versions: [
    {
      effectiveFrom: '2026-01-01',
      definition: {
        fixed: [CPUC_FIXED_CHARGE],
        energy: {
          tierPolicy: 'per-period',
          periods: [
            flat('summer on-peak', '0.56'),
            flat('summer mid-peak', '0.40'),
            flat('summer off-peak', '0.25'),
            flat('winter mid-peak', '0.52'),
            flat('winter off-peak', '0.24'),
            flat('winter super off-peak', '0.23'),
          ],
          schedule: { weekday: sceSchedule(false), weekend: sceSchedule(true) },
        },
        holidays: TOU_HOLIDAYS,
        adjustments: [ENERGY_SURCHARGE],
      },
    },
  ],
};

/** EV-TOU-5 style periods: on-peak 4-9 p.m.; super off-peak midnight-6 a.m. (weekends and holidays to 2 p.m.). */
function evSchedule(weekend: boolean): MonthHourSchedule {
  return table((m, h) => {
    const base = junToOct(m) ? 0 : 3;
    if (within(h, 16, 21)) return base; // on-peak
    const superOff = weekend ? within(h, 0, 14) : within(h, 0, 6) || ((m === 2 || m === 3) && within(h, 10, 14));
    return superOff ? base + 2 : base + 1;
  });
}

const evTou: SeedTariff = {
  code: 'E-RES-EV-TOU',
  name: 'Residential EV time-of-use with super off-peak overnight',
  commodity: 'electricity',
  customerClass: 'residential',
  currency: 'USD',
  timeZone: ZONE,
  utility: UTILITY,
  description:
    'For homes that charge an electric vehicle: a low super off-peak price from midnight to 6 a.m. (to 2 p.m. on weekends and holidays, and 10 a.m.-2 p.m. on March and April weekdays), on-peak 4-9 p.m. every day, off-peak otherwise. Summer June-October.',
  source:
    "Modelled on SDG&E Schedule EV-TOU-5 (periods and seasons as in the 2025 schedule). Prices near its 2025 bundled rates: summer on-peak $0.62, off-peak $0.46, super off-peak $0.14; winter on-peak $0.50, off-peak $0.45, super off-peak $0.14/kWh. EV-TOU-5's own $16/month basic service fee is replaced by the $24.15/month fixed charge of CPUC D.24-05-028. Simplified: whole-home metering, no CARE, no climate credit.",
  versions: [
    {
      effectiveFrom: '2026-01-01',
      definition: {
        fixed: [CPUC_FIXED_CHARGE],
        energy: {
          tierPolicy: 'per-period',
          periods: [
            flat('summer on-peak', '0.62'),
            flat('summer off-peak', '0.46'),
            flat('summer super off-peak', '0.14'),
            flat('winter on-peak', '0.50'),
            flat('winter off-peak', '0.45'),
            flat('winter super off-peak', '0.14'),
          ],
          schedule: { weekday: evSchedule(false), weekend: evSchedule(true) },
        },
        holidays: TOU_HOLIDAYS,
        adjustments: [ENERGY_SURCHARGE],
      },
    },
  ],
};

/** E-ELEC periods every day: peak 4-9 p.m., partial-peak 3-4 p.m. and 9 p.m.-midnight, off-peak midnight-3 p.m. */
const elecSchedule = table((m, h) => {
  const base = junToSep(m) ? 0 : 3;
  if (within(h, 16, 21)) return base;
  return within(h, 15, 16) || within(h, 21, 24) ? base + 1 : base + 2;
});

const netBilling: SeedTariff = {
  code: 'E-RES-TOU-NB',
  name: 'Residential time-of-use with net billing for solar',
  commodity: 'electricity',
  customerClass: 'residential',
  currency: 'USD',
  timeZone: ZONE,
  utility: UTILITY,
  description:
    'For homes with rooftop solar under net billing: each interval nets load against generation; kWh drawn from the grid pay the time-of-use price, kWh sent to the grid are credited at the export price of their period. Peak 4-9 p.m., partial-peak 3-4 p.m. and 9 p.m.-midnight, off-peak midnight-3 p.m., every day; summer June-September.',
  source:
    "Modelled on PG&E Schedule E-ELEC, the rate PG&E's Solar Billing Plan (Net Billing Tariff, CPUC D.22-12-056) customers take. Import prices near the E-ELEC bundled rates of 1 March 2025 (summer peak about $0.61, partial-peak $0.45, off-peak $0.40; winter peak $0.38) less about 3 cents/kWh for 2026: summer $0.58/$0.42/$0.37, winter $0.35/$0.33/$0.31/kWh; the $15 E-ELEC base services charge becomes the $24.15/month of CPUC D.24-05-028. Export prices are period averages in the range of PG&E's 2026 Solar Billing Plan export rates (Avoided Cost Calculator values): a few cents at midday, more in the evening. Simplified: the real export rates differ by month, day type and hour (12 x 2 x 24 values), and unused credits roll over to the true-up; here one price per TOU period and no credit carried between bills.",
  versions: [
    {
      effectiveFrom: '2026-01-01',
      definition: {
        fixed: [CPUC_FIXED_CHARGE],
        energy: {
          tierPolicy: 'per-period',
          periods: [
            flat('summer peak', '0.58', '0.32'),
            flat('summer partial-peak', '0.42', '0.11'),
            flat('summer off-peak', '0.37', '0.035'),
            flat('winter peak', '0.35', '0.12'),
            flat('winter partial-peak', '0.33', '0.08'),
            flat('winter off-peak', '0.31', '0.045'),
          ],
          schedule: { weekday: elecSchedule, weekend: elecSchedule },
        },
        adjustments: [ENERGY_SURCHARGE],
      },
    },
  ],
};

/** SMUD-style time-of-day: summer weekday peak 5-8 p.m., mid-peak noon-5 p.m. and 8 p.m.-midnight; winter weekday peak 5-8 p.m. */
function todSchedule(weekend: boolean): MonthHourSchedule {
  return table((m, h) => {
    if (junToSep(m)) {
      if (weekend) return 2;
      if (within(h, 17, 20)) return 0;
      return within(h, 12, 17) || within(h, 20, 24) ? 1 : 2;
    }
    return !weekend && within(h, 17, 20) ? 3 : 4;
  });
}

const buyAllSellAll: SeedTariff = {
  code: 'E-RES-TOU-BASS',
  name: 'Residential time-of-day with buy-all/sell-all solar credit',
  commodity: 'electricity',
  customerClass: 'residential',
  currency: 'USD',
  timeZone: ZONE,
  utility: UTILITY,
  description:
    'Time-of-day pricing for the whole home load, and every kWh the solar system produces credited at a flat value-of-solar rate (buy-all/sell-all: load and generation are metered apart). Summer (June-September) weekdays: peak 5-8 p.m., mid-peak noon-5 p.m. and 8 p.m.-midnight; winter weekdays: peak 5-8 p.m.; weekends and holidays off-peak.',
  source:
    "Import side modelled on SMUD's residential Time-of-Day (5-8 p.m.) rate (a municipal utility, Sacramento), periods as published for 2025; prices near its 2025-2026 levels: summer peak $0.37, mid-peak $0.21, off-peak $0.16; winter peak $0.17, off-peak $0.125/kWh, and a System Infrastructure Fixed Charge of about $25.50/month. Credit side modelled on Austin Energy's residential Value of Solar tariff, which credits all generation at one value-of-solar rate (about 10 cents/kWh); SMUD itself credits only exports (Solar and Storage Rate). Simplified: one credit price in every period, no credit carried between bills, no SMUD EV or low-income discounts.",
  versions: [
    {
      effectiveFrom: '2026-01-01',
      definition: {
        fixed: [{ description: 'System infrastructure fixed charge', amount: '25.50', per: 'month' }],
        energy: {
          tierPolicy: 'per-period',
          periods: [
            flat('summer peak', '0.37', '0.10'),
            flat('summer mid-peak', '0.21', '0.10'),
            flat('summer off-peak', '0.16', '0.10'),
            flat('winter peak', '0.17', '0.10'),
            flat('winter off-peak', '0.125', '0.10'),
          ],
          schedule: { weekday: todSchedule(false), weekend: todSchedule(true) },
        },
        holidays: TOU_HOLIDAYS,
        adjustments: [ENERGY_SURCHARGE],
      },
    },
  ],
};

/** TOU demand periods: none (winter weekdays and off-peak hours), summer on-peak, summer mid-peak, winter mid-peak. */
function gsDemandSchedule(weekend: boolean): MonthHourSchedule {
  return table((m, h) => {
    if (!within(h, 16, 21)) return 0;
    if (junToSep(m)) return weekend ? 2 : 1;
    return 3;
  });
}

const commercial: SeedTariff = {
  code: 'C-TOU-DEMAND',
  name: 'General service time-of-use with demand charges (200-500 kW)',
  commodity: 'electricity',
  customerClass: 'commercial',
  currency: 'USD',
  timeZone: ZONE,
  utility: UTILITY,
  description:
    'For businesses with 200-500 kW of demand: a monthly customer charge; time-of-use energy (summer on-peak 4-9 p.m. weekdays, mid-peak 4-9 p.m. weekends; winter mid-peak 4-9 p.m., super off-peak 8 a.m.-4 p.m.); a facilities demand charge on the highest interval kW of the month, and time-related demand charges on the highest kW in the 4-9 p.m. periods.',
  source:
    'Modelled on SCE Schedule TOU-GS-3 Option D (General Service, 200-500 kW), periods and seasons as in the 2025 schedule. Prices near its 2025 bundled levels: customer charge about $520/month; energy summer on-peak $0.19, mid-peak $0.14, off-peak $0.11, winter mid-peak $0.15, off-peak $0.11, super off-peak $0.075/kWh; facilities-related demand $22.50/kW (all months); time-related demand summer on-peak $24/kW, summer mid-peak $6/kW, winter mid-peak $2/kW. Simplified: secondary voltage only, no power-factor adjustment, no CPP events, no ratchet; demand is read from the intervals given (15-minute data in practice).',
  versions: [
    {
      effectiveFrom: '2026-01-01',
      definition: {
        fixed: [{ description: 'Customer charge', amount: '520.00', per: 'month' }],
        energy: {
          tierPolicy: 'per-period',
          periods: [
            flat('summer on-peak', '0.19'),
            flat('summer mid-peak', '0.14'),
            flat('summer off-peak', '0.11'),
            flat('winter mid-peak', '0.15'),
            flat('winter off-peak', '0.11'),
            flat('winter super off-peak', '0.075'),
          ],
          schedule: { weekday: sceSchedule(false), weekend: sceSchedule(true) },
        },
        demand: {
          monthly: { ladders: [flat('facilities-related', '22.50')], monthToLadder: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
          tou: {
            periods: [flat('no time-related demand', '0'), flat('summer on-peak', '24.00'), flat('summer mid-peak', '6.00'), flat('winter mid-peak', '2.00')],
            schedule: { weekday: gsDemandSchedule(false), weekend: gsDemandSchedule(true) },
          },
        },
        holidays: TOU_HOLIDAYS,
        adjustments: [ENERGY_SURCHARGE],
      },
    },
  ],
};

/**
 * The seed catalog. Electricity only: the rating engine prices kWh and kW, not therms or gallons, so gas and
 * water tariffs are left out until it has units for them.
 */
const waterBase: SeedTariff = {
  code: 'W-RES-BASE',
  name: 'Residential water, base charge',
  commodity: 'water',
  customerClass: 'residential',
  currency: 'USD',
  timeZone: ZONE,
  utility: UTILITY,
  description:
    'The monthly base charge of a residential water service with a 3/4-inch meter. Usage charges per hundred cubic feet are not in this version: the tariff engine prices energy (kWh) and demand (kW) only, so a volumetric water rate waits for volume units in libs/rating.',
  source:
    "Modelled on the City of San Diego's monthly base fee for a 3/4-inch residential water meter (about $32 a month in the rates in force from January 2025), rounded to $32.50 for 2026. Simplified: the commodity (volume) charges and the tiered residential water rates are left out, as the engine has no volume unit.",
  versions: [{ effectiveFrom: '2026-01-01', definition: { fixed: [{ description: 'Monthly base fee, 3/4-inch meter', amount: '32.50', per: 'month' }] } }],
};

export const SEED_CATALOG: readonly SeedTariff[] = [flatRate, tiered, seasonalTou, primeTou, evTou, netBilling, buyAllSellAll, commercial, waterBase];
