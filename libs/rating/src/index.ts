/**
 * @utilia/rating: the pure tariff-calculation core. No I/O (except the separate CLI), no clock, no logging.
 */
export type {
  AccountAttributes,
  Adjustment,
  BaseComponent,
  BillingHistory,
  BillingPeriod,
  BillLine,
  DecimalString,
  DemandCharges,
  DemandRatchet,
  EnergyCharge,
  FixedCharge,
  IntervalSeries,
  LineComponent,
  LocalDate,
  MeteringMode,
  MinimumCharges,
  MonthHourSchedule,
  MonthlyDemandCharge,
  NetMeteringTerms,
  NettingScope,
  PeakRecord,
  RatePeriod,
  RatingInput,
  RatingResult,
  RegisterReads,
  Tariff,
  TariffVersion,
  Tier,
  TierLimitBasis,
  TierPolicy,
  TouDemandCharge,
  TouSchedule,
  Usage,
} from './model';
export { checkTariff, rate } from './rate';
export { pricingTimeline, tariffFromPublished, versionInForce, type DatedVersion, type PublishedVersion } from './tariff/published';
export { importUrdbRate, importUrdbVersion, type UrdbImportOptions } from './urdb/import';
export { MESSAGES, RatingInputError, type RatingErrorCode } from './errors';
export { formatMoney, minorUnitDigits } from './money';
export {
  parseScenario,
  rateCalendarMonths,
  simulateScenario,
  type CalendarMonthsInput,
  withinTolerance,
  type ProfileSpec,
  type Scenario,
  type ScenarioProfiles,
  type SimulatedBill,
  type SimulationResult,
} from './scenario/scenario';
export { profileValues, toWattHours, type ProfileUnit } from './scenario/profile';
