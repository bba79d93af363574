import type { ReadingType } from '@utilia/contracts';

/**
 * A channel of a meter: what a series of readings measures, in which direction, and the integer
 * unit its values are stored in. Energy is stored in Wh and demand in W; other units (a gas meter's
 * therms from a Green Button file) keep their own unit and the power of ten their values came with.
 */
export interface Channel {
  measure: 'energy' | 'demand';
  direction: 'import' | 'export';
  /** The unit one stored integer counts: Wh, W, therm, ft3, m3... */
  unit: string;
  /** Stored integer × 10^scale = the quantity in `unit` (0 for Wh and W). */
  scale: number;
}

/** The key a channel is stored under, e.g. `energy:import:Wh:0`. */
export function channelKey(c: Channel): string {
  return `${c.measure}:${c.direction}:${c.unit}:${c.scale}`;
}

/** The channel of a stored key. */
export function channelOf(key: string): Channel {
  const [measure, direction, unit, scale] = key.split(':');
  return { measure: measure as Channel['measure'], direction: direction as Channel['direction'], unit, scale: Number(scale) };
}

/** The channel where a head-end's interval energy in Wh goes. */
export const IMPORT_WH: Channel = { measure: 'energy', direction: 'import', unit: 'Wh', scale: 0 };

/** A value that is not a whole number of the channel's unit (Wh): refused, never rounded silently. */
export class FractionalValue extends Error {
  constructor(value: string, unit: string) {
    super(`${value} is not a whole number of ${unit}`);
    this.name = 'FractionalValue';
  }
}

/** Powers of ten from a head-end unit to the stored unit (energy in Wh, demand in W). */
const TO_BASE: Record<ReadingType['unit'], { base: 'Wh' | 'W'; power: number }> = {
  Wh: { base: 'Wh', power: 0 },
  kWh: { base: 'Wh', power: 3 },
  MWh: { base: 'Wh', power: 6 },
  W: { base: 'W', power: 0 },
  kW: { base: 'W', power: 3 },
};

/** The channel of a head-end reading type, or why it cannot be one (energy measured in W, say). */
export function channelOfReadingType(t: ReadingType): Channel | string {
  const { base } = TO_BASE[t.unit];
  if (t.measure === 'energy' && base !== 'Wh') return `energy is measured in Wh, kWh or MWh, not ${t.unit}`;
  if (t.measure === 'demand' && base !== 'W') return `demand is measured in W or kW, not ${t.unit}`;
  return { measure: t.measure, direction: t.direction, unit: base, scale: 0 };
}

/**
 * An exact decimal string × 10^power as an integer (BigInt, no floating point on the way).
 * @throws FractionalValue when it is not whole.
 */
export function scaledInteger(value: string, power: number, unit: string): bigint {
  // Most head-end values are whole Wh: no splitting, no scaling.
  if (power === 0 && !value.includes('.')) return BigInt(value);
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const digits = whole + fraction;
  const shift = power - fraction.length;
  let n: bigint;
  if (shift >= 0) n = BigInt(digits) * 10n ** BigInt(shift);
  else {
    const divisor = 10n ** BigInt(-shift);
    const big = BigInt(digits);
    if (big % divisor !== 0n) throw new FractionalValue(value, unit);
    n = big / divisor;
  }
  return negative ? -n : n;
}

/** A head-end value in its unit, as an integer of the stored unit (Wh or W). */
export function toBaseUnits(value: string, unit: ReadingType['unit']): bigint {
  return scaledInteger(value, TO_BASE[unit].power, TO_BASE[unit].base);
}
