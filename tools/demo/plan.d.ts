// Types of plan.js (plain CommonJS, so that seed.mjs and the jest spec both load it as is).

export interface CycleInput {
  code: string;
  readDay: number;
}

export interface DemoCycle {
  code: string;
  /** The first day of service: one cycle before the first bill. */
  moveIn: string;
  /** The read dates billed, oldest first. */
  runDates: string[];
}

export interface DemoCalendar {
  today: string;
  cycles: DemoCycle[];
  /** The first day of readings (and of the meters' installation). */
  readingsFrom: string;
  /** Days of readings, up to yesterday. */
  readingsDays: number;
}

export type Payer = 'on-time' | 'late' | 'never' | 'arrangement';

export interface DemoCustomer {
  n: number;
  kind: 'person' | 'organisation';
  name: string;
  givenName?: string;
  familyName?: string;
  email: string;
  phone: string;
  paperless: boolean;
  customerClass: 'residential' | 'commercial';
  premiseType: string;
  address: { line1: string; city: string; region: string; postalCode: string; country: string };
  marketId: string;
  serial: string;
  solar: boolean;
  tariffCode: string;
  /** How its generation is settled: net-billing or buy-all-sell-all for solar homes, else none. */
  meteringArrangement: 'none' | 'net-billing' | 'buy-all-sell-all';
  cycle: string;
  moveIn: string;
  payer: Payer;
  channel: string;
  payDays: number[];
  protection?: { kind: string; from: string; evidence: string };
}

export interface HeadendRun {
  start: number;
  meters: number;
  gaps: number;
  spikes: number;
  late: number;
}

export interface DemoHeadend {
  from: string;
  days: number;
  intervalMinutes: number;
  runs: HeadendRun[];
  resend: { start: number; meters: number; from: string; days: number };
}

export interface DemoDay {
  day: string;
  billRuns: string[];
  /** The bill runs started this day (a month's runs together, each issued on its own read date). */
  startRuns: Array<{ cycle: string; runDate: string }>;
  payments: Array<{ n: number; runDate: string }>;
  collections: boolean;
}

export interface DemoPlan {
  seed: string;
  calendar: DemoCalendar;
  customers: DemoCustomer[];
  headend: DemoHeadend;
  timeline: DemoDay[];
}

export interface DemoCounts {
  customers: number;
  residential: number;
  commercial: number;
  solar: number;
  paperless: number;
  protected: number;
  onTime: number;
  late: number;
  never: number;
  arrangement: number;
  byTariff: Record<string, number>;
  byCycle: Record<string, number>;
  billRuns: number;
  payments: number;
}

export const INTERVAL_MINUTES: number;
export const FAULTS: { flaky: { meters: number; gaps: number; spikes: number; late: number }; others: { gaps: number; spikes: number; late: number } };
export const HEADEND_CHUNK: number;
export const RESEND_DAYS: number;
export const RESIDENTIAL_TARIFFS: Array<[string, number]>;
export const SOLAR_TARIFFS: Array<[string, number]>;
export const COMMERCIAL_TARIFF: string;
export const SHARES: { commercial: number; solar: number; paperless: number; late: number; never: number };
export const PROTECTED: number;
export const CYCLES_USED: number;
export const MONTHS: number;

export function addMonths(day: string, n: number): string;
export function lastReadDate(readDay: number, today: string): string;
export function calendarOf(cycles: CycleInput[], today: string): DemoCalendar;
export function customersOf(input: { seed: string; customers: number; calendar: DemoCalendar }): DemoCustomer[];
export function timelineOf(plan: Pick<DemoPlan, 'calendar' | 'customers'>): Array<Omit<DemoDay, 'startRuns'>>;
export function headendOf(calendar: DemoCalendar, customers: number): DemoHeadend;
export function billRunGroupsOf(calendar: DemoCalendar): Array<{ day: string; runs: Array<{ cycle: string; runDate: string }> }>;
export function demoPlan(input: { seed?: string | number; customers?: number; today: string; cycles: CycleInput[] }): DemoPlan;
export function countsOf(plan: DemoPlan): DemoCounts;
export function exportWh(seed: string | number, serial: string, day: string, utcOffsetHours?: number): number[];
