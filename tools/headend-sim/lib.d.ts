// Types of lib.js (plain CommonJS, so that sim.mjs, the bench and the jest spec all load it as is).

export interface MeterTraits {
  serial: string;
  scale: number;
  baseWh: number;
  morningHour: number;
  eveningHour: number;
  heating: number;
  cooling: number;
  noise: number;
  registerStartWh: number;
}

export interface FaultRates {
  gaps?: number;
  spikes?: number;
  late?: number;
}

/** `[interval index in the day, integer Wh]`. */
export type IndexedValue = [number, number];

export interface Faults {
  sent: IndexedValue[];
  corrections: IndexedValue[];
  delayDays: number;
  gaps: number;
  spikes: number;
  late: number;
}

export interface MeterReadingsData {
  meterMrid: string;
  source: string;
  intervalBlocks: Array<{
    readingType: { measure: 'energy'; unit: 'Wh'; direction: 'import'; intervalLength: number };
    readings: Array<{ start: string; value: string }>;
  }>;
  registerReads: Array<{ readingType: { measure: 'energy'; unit: 'kWh'; direction: 'import' }; readAt: string; value: string }>;
}

export interface KafkaMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export const INTERVAL_SECONDS: number;
export const INTERVALS_PER_DAY: number;
export const REGISTER_EPOCH: string;
export const MIN_WH: number;
export const MAX_WH: number;
export const DAY_MS: number;
export const METER_REGISTERS: Array<Record<string, unknown>>;

export function hash32(text: string): number;
export function mulberry32(seed: number): () => number;
export function rngFor(seed: string | number, ...parts: Array<string | number>): () => number;
export function serialOf(prefix: string, n: number): string;
export function meterTraits(seed: string | number, serial: string): MeterTraits;
export function loadShape(hour: number, weekend: boolean, morningHour?: number, eveningHour?: number): number;
export function seasonalFactor(traits: MeterTraits, dayOfYear: number): number;
export function expectedWh(traits: MeterTraits, ms: number, utcOffsetHours?: number): number;
export function dayValues(seed: string | number, traits: MeterTraits, day: string, utcOffsetHours?: number): number[];
export function registerAt(seed: string | number, traits: MeterTraits, day: string, utcOffsetHours?: number, epoch?: string): number;
export function sum(values: readonly number[]): number;
export function formatKwh(wh: number): string;
export function quarterHourStarts(day: string): string[];
export function intervalStarts(day: string, intervalSeconds: number): string[];
export function aggregate(values: readonly number[], perInterval: number): number[];
export function isoSeconds(ms: number): string;
export function dayMs(day: string): number;
export function dayOf(ms: number): string;
export function addDays(day: string, n: number): string;
export function applyFaults(seed: string | number, serial: string, day: string, values: readonly number[], rates?: FaultRates): Faults;
export function meterReadingsData(
  serial: string,
  headend: string,
  readings: Array<[string, number]>,
  register?: { readAt: string; wh: number },
  intervalSeconds?: number,
): MeterReadingsData;
export function dayMessageData(
  serial: string,
  headend: string,
  day: string,
  sent: IndexedValue[],
  registerEndWh: number,
  intervalSeconds?: number,
): MeterReadingsData;
export function correctionMessageData(serial: string, headend: string, day: string, corrections: IndexedValue[], intervalSeconds?: number): MeterReadingsData;
export function toKafka(
  data: MeterReadingsData,
  opts: { contracts: typeof import('@utilia/contracts'); headend?: string; id?: string; time?: string; validate?: boolean },
): KafkaMessage;
export function readingsIn(data: MeterReadingsData): number;
export function provisionMeters(opts: {
  baseUrl: string;
  token: string;
  serials: string[];
  installedAt: string;
  newId: () => string;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<{ registered: number; existing: number; meterIds: Map<string, string> }>;
