/**
 * The tariff model, the rating input and the bill it produces.
 *
 * Amounts, rates and quantities travel as exact decimal strings (never JS numbers); energy in interval
 * series travels as integer watt-hours. Local dates are `YYYY-MM-DD` in the tariff's time zone.
 */
import type { LocalDate } from './time/local-date';

export type { LocalDate };

/** A decimal number written as a string, e.g. `"0.12345"`. */
export type DecimalString = string;

/** A month × hour table (12 rows January..December, 24 columns 00..23) of period indexes. */
export type MonthHourSchedule = readonly (readonly number[])[];

/**
 * Which TOU period applies at each local month, day type and hour.
 * Weekdays are Monday..Friday; weekends Saturday and Sunday; holidays use `holiday` when given,
 * else the weekend schedule (the usual utility convention).
 */
export interface TouSchedule {
  /** Period index per month × hour on Monday..Friday. */
  readonly weekday: MonthHourSchedule;
  /** Period index per month × hour on Saturday and Sunday. */
  readonly weekend: MonthHourSchedule;
  /** Period index per month × hour on holidays; defaults to `weekend`. */
  readonly holiday?: MonthHourSchedule;
}

/** How a tier limit scales with the billing period. */
export type TierLimitBasis =
  /** kWh (or kW) per billing month, prorated by days over a partial month. */
  | 'month'
  /** per day: the limit times the days in the period (URDB `kWh daily`). */
  | 'day'
  /** per kW of billing demand (URDB `kWh/kW`). */
  | 'kw'
  /** per kW of billing demand per day (URDB `kWh/kW daily`). */
  | 'kw-day';

/** One block of a tiered rate. */
export interface Tier {
  /** Rate per unit (per kWh for energy, per kW for demand). */
  readonly rate: DecimalString;
  /** Cumulative upper limit of this tier; absent on the last (open) tier. */
  readonly upTo?: DecimalString;
  /** What `upTo` is counted per (default `month`). */
  readonly basis?: TierLimitBasis;
  /** Credit per kWh exported in this tier (net billing, buy-all/sell-all). URDB `sell`. */
  readonly sell?: DecimalString;
}

/**
 * How tiers combine with TOU periods.
 * - `total-usage-proportional`: the tier blocks apply to the period's total usage across all TOU periods,
 *   and each TOU period pays its proportional share (period kWh / total kWh) of every block, at its own
 *   tier rates. This is the OpenEI URDB / NREL SAM convention.
 * - `per-period`: each TOU period's own usage climbs its own tier ladder.
 */
export type TierPolicy = 'total-usage-proportional' | 'per-period';

/** A time-of-use (or season) period with its tier ladder. */
export interface RatePeriod {
  /** Display name, e.g. `summer on-peak`; defaults to `period <index>`. */
  readonly name?: string;
  /** Tier ladder; a flat rate is one tier without limit. */
  readonly tiers: readonly Tier[];
}

/** Energy charges: periods, their schedule and the tier policy. */
export interface EnergyCharge {
  readonly tierPolicy: TierPolicy;
  readonly periods: readonly RatePeriod[];
  /** Omitted when there is a single period (a flat or only tiered rate). */
  readonly schedule?: TouSchedule;
}

/** Demand charged on the highest interval kW within each TOU period of the billing period. */
export interface TouDemandCharge {
  readonly periods: readonly RatePeriod[];
  readonly schedule?: TouSchedule;
}

/** Demand charged on the highest interval kW of the billing period; the ladder can vary by month. */
export interface MonthlyDemandCharge {
  /** Ladders; `monthToLadder[m]` picks the ladder for month m (0 = January). URDB `flatdemandstructure`. */
  readonly ladders: readonly RatePeriod[];
  /** URDB `flatdemandmonths`. */
  readonly monthToLadder: readonly number[];
}

/**
 * Ratchet: billing demand is at least `percent` % of the highest demand of the previous `months` months.
 * URDB `lookbackpercent`, `lookbackrange`, `lookbackmonths`.
 */
export interface DemandRatchet {
  readonly percent: DecimalString;
  readonly months: number;
  /** Which calendar months' peaks count (12 flags, January first); all when omitted. */
  readonly eligibleMonths?: readonly boolean[];
  /** Which demand charges use the ratcheted demand (default: the monthly demand charge only). */
  readonly appliesTo?: readonly ('monthly' | 'tou')[];
}

/** Demand charges. */
export interface DemandCharges {
  readonly tou?: TouDemandCharge;
  readonly monthly?: MonthlyDemandCharge;
  readonly ratchet?: DemandRatchet;
}

/** A customer (fixed) charge. */
export interface FixedCharge {
  readonly description?: string;
  readonly amount: DecimalString;
  /** per day of service; per month (prorated by days over a partial period); per year (a twelfth per month). */
  readonly per: 'day' | 'month' | 'year';
}

/** Minimum charges: the bill's pre-tax charges are topped up to these. */
export interface MinimumCharges {
  /** Minimum per billing period, prorated like a monthly fixed charge. */
  readonly monthly?: DecimalString;
  /** Minimum per day of service. */
  readonly daily?: DecimalString;
  /** Minimum over a settlement year, settled on the bill of `TariffVersion.settlementMonth`. */
  readonly annual?: DecimalString;
}

/** The components an adjustment can take a percentage of. */
export type BaseComponent = 'fixed' | 'energy' | 'demand' | 'minimum' | 'export-credit' | 'tax' | 'surcharge' | 'rider' | 'discount';

/**
 * Taxes, surcharges, riders and discounts, applied in list order after the charges.
 * `percent` is of the sum of the lines of `appliesTo` (earlier adjustments included when listed);
 * `per-kwh` is a rate per billed import kWh. A discount's amount is negated.
 */
export interface Adjustment {
  readonly component: 'tax' | 'surcharge' | 'rider' | 'discount';
  readonly description: string;
  readonly kind: 'percent' | 'per-kwh';
  /** Percent (e.g. `"7.5"`) for `percent`, $/kWh for `per-kwh`. */
  readonly value: DecimalString;
  /** For `percent`: which components form the base (default fixed, energy, demand, minimum, export-credit). */
  readonly appliesTo?: readonly BaseComponent[];
  /** Only for accounts whose attribute of this name is true, e.g. `lowIncome`. */
  readonly eligibility?: string;
}

/**
 * Where net metering nets a bill's kWh.
 * - `whole-month`: exports in any TOU period offset imports in every period of the month; one bank.
 * - `per-period`: as NREL SAM does (its default for URDB rates): each TOU period nets on its own; its
 *   surplus goes into its own bank, which offsets the same period in later months.
 */
export type NettingScope = 'whole-month' | 'per-period';

/** Terms for customers with on-site generation under net metering. */
export interface NetMeteringTerms {
  /** $/kWh paid for the kWh left in the bank at true-up (net surplus compensation); default 0. */
  readonly surplusRate?: DecimalString;
  /** Default `whole-month`; URDB imports say `per-period`. */
  readonly netting?: NettingScope;
}

/** One effective-dated version of a tariff. */
export interface TariffVersion {
  readonly id: string;
  /** First local date the version is in force (inclusive); open when omitted. */
  readonly effectiveFrom?: LocalDate;
  /** First local date it is no longer in force (exclusive); open when omitted. */
  readonly effectiveTo?: LocalDate;
  readonly fixed?: readonly FixedCharge[];
  readonly energy?: EnergyCharge;
  readonly demand?: DemandCharges;
  readonly minimum?: MinimumCharges;
  readonly adjustments?: readonly Adjustment[];
  readonly netMetering?: NetMeteringTerms;
  /** Local dates priced with the holiday schedule. */
  readonly holidays?: readonly LocalDate[];
  /** Month (1..12) whose bill settles the year: annual minimum and net-metering true-up. Default 12. */
  readonly settlementMonth?: number;
}

/** A tariff: its currency, the utility's time zone and its versions. */
export interface Tariff {
  readonly id: string;
  readonly name?: string;
  /** ISO 4217 code. */
  readonly currency: string;
  /** IANA zone in which schedules, days and billing periods are read. */
  readonly timeZone: string;
  readonly versions: readonly TariffVersion[];
}

/** Interval energy: equally spaced intervals, each labelled by its start instant. */
export interface IntervalSeries {
  /** ISO-8601 instant of the first interval's start, with offset, e.g. `2024-01-01T05:00:00Z`. */
  readonly start: string;
  /** Interval length in minutes (a divisor of 1440). */
  readonly intervalMinutes: number;
  /** Energy per interval in integer watt-hours (never negative for load; generation may be given as >= 0). */
  readonly wh: ArrayLike<number>;
}

/** Register totals for meters without interval data. */
export interface RegisterReads {
  /** kWh consumed over the period. */
  readonly kwh?: DecimalString;
  /** kWh per energy TOU period (index as in the tariff), for TOU tariffs. */
  readonly kwhByPeriod?: readonly DecimalString[];
  /** Highest demand of the period, kW. */
  readonly demandKw?: DecimalString;
  /** Highest demand per demand TOU period, kW. */
  readonly demandKwByPeriod?: readonly DecimalString[];
}

/** Usage for one billing period. */
export interface Usage {
  /** Premise load (or delivered energy of a net meter); a negative value is an export when generation is metered. */
  readonly load?: IntervalSeries;
  /** On-site generation (or received energy of a net meter), same start and interval as `load`. */
  readonly generation?: IntervalSeries;
  /** Register totals, used when there is no `load` series. */
  readonly registers?: RegisterReads;
}

/**
 * How on-site generation is metered and credited.
 * - `none`: consumption only; any generation series is ignored.
 * - `net-billing`: per-interval netting; imports at buy rates, exports credited at sell rates.
 * - `buy-all-sell-all`: all load bought, all generation sold at sell rates; what the generator draws from
 *   the grid (negative generation: an inverter's standby) is bought with the load.
 * - `net-metering`: monthly kWh netting per bill, surplus kWh carried in a bank, settled at true-up.
 */
export type MeteringMode = 'none' | 'net-billing' | 'buy-all-sell-all' | 'net-metering';

/** Local dates of a billing period; `end` is exclusive. */
export interface BillingPeriod {
  readonly start: LocalDate;
  readonly end: LocalDate;
  /**
   * The full cycle a partial period (move-in, move-out) belongs to; monthly amounts are prorated by
   * period days / cycle days. Defaults to the period itself (proration factor 1).
   */
  readonly cycle?: { readonly start: LocalDate; readonly end: LocalDate };
}

/** What the rating needs to know about the account. */
export interface AccountAttributes {
  readonly metering?: MeteringMode;
  /** Flags for adjustment eligibility, e.g. `{ lowIncome: true }`. */
  readonly flags?: Readonly<Record<string, boolean>>;
}

/** The peak demand of an earlier bill, for ratchets. */
export interface PeakRecord {
  /** `YYYY-MM` of the bill's period start. */
  readonly month: string;
  readonly kw: DecimalString;
}

/** State carried from earlier bills of the same account and service. */
export interface BillingHistory {
  /** Peak demands of earlier months (any order). */
  readonly peaks?: readonly PeakRecord[];
  /** kWh in the net-metering bank before this bill (all of it, per-period banks included). */
  readonly netMeteringBankKwh?: DecimalString;
  /** The part of the bank that belongs to each energy TOU period (per-period netting); the rest offsets any period. */
  readonly netMeteringBankKwhByPeriod?: readonly DecimalString[];
  /** Pre-tax charges of the earlier bills of the current settlement year (annual minimum). */
  readonly yearToDateCharges?: DecimalString;
}

/** Everything `rate` needs for one bill. */
export interface RatingInput {
  readonly tariff: Tariff;
  readonly period: BillingPeriod;
  readonly usage: Usage;
  readonly account?: AccountAttributes;
  readonly history?: BillingHistory;
}

/** Stable component names of bill lines. */
export type LineComponent =
  'fixed' | 'energy' | 'demand' | 'minimum' | 'annual-minimum' | 'export-credit' | 'net-surplus-credit' | 'tax' | 'surcharge' | 'rider' | 'discount';

/** One line of a bill. Amounts are decimal strings; `amount` is rounded, `unroundedAmount` exact. */
export interface BillLine {
  readonly component: LineComponent;
  readonly description: string;
  readonly quantity: DecimalString;
  readonly unit: 'day' | 'month' | 'kWh' | 'kW' | 'percent' | 'currency';
  readonly rate: DecimalString;
  readonly amount: DecimalString;
  readonly unroundedAmount: DecimalString;
  /** TOU period index and name, when the line belongs to one. */
  readonly touPeriod?: number;
  readonly touPeriodName?: string;
  /** Tier index (0-based), when the line belongs to one. */
  readonly tier?: number;
  /** Share of a full cycle this line covers (days / cycle days); "1" for a whole period. */
  readonly prorationFactor: DecimalString;
  /** Tariff version that priced the line. */
  readonly versionId: string;
  /** Local dates the line covers (end exclusive). */
  readonly from: LocalDate;
  readonly to: LocalDate;
  /** How the line was computed, in words and figures. */
  readonly trace: string;
}

/** A rated bill. */
export interface RatingResult {
  readonly currency: string;
  readonly period: BillingPeriod;
  readonly lines: readonly BillLine[];
  /** Sum of the rounded line amounts. */
  readonly total: DecimalString;
  /** Sum of the unrounded line amounts. */
  readonly unroundedTotal: DecimalString;
  /** Bill-level steps: segments, usage totals, demands, bank movements. */
  readonly trace: readonly string[];
  /** State to pass as `history` to the next bill (after appending `peak`). */
  readonly carryOver: {
    readonly peak?: PeakRecord;
    readonly netMeteringBankKwh: DecimalString;
    /** Present when a per-period bank holds kWh. */
    readonly netMeteringBankKwhByPeriod?: readonly DecimalString[];
    readonly yearToDateCharges: DecimalString;
  };
}
