/**
 * Readings as energy: ESPI values are integers in `uom × 10^powerOfTenMultiplier`; the metering service wants integer
 * watt-hours. Exact: BigInt arithmetic, and a value that is not a whole number of Wh is refused, never rounded.
 */
import { UOM, UOM_W, UOM_WH } from './codes';
import { EspiError, MESSAGES } from './errors';
import type { IntervalBlock, ReadingType } from './model';

/** One reading in watt-hours. */
export interface WhReading {
  /** Start, Unix seconds. */
  readonly start: number;
  /** Duration, seconds. */
  readonly seconds: number;
  /** Energy over the interval, integer Wh. */
  readonly wh: bigint;
}

/** ESPI UnitMultiplierKind runs from pico (-12) to tera (12). */
const MAX_EXPONENT = 12;

/** The ReadingType's powerOfTenMultiplier as a number (absent: 0, as ESPI's default "none"). */
export function powerOfTen(readingType: ReadingType): number {
  const text = readingType.fields.powerOfTenMultiplier ?? '0';
  const n = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || Math.abs(n) > MAX_EXPONENT)
    throw new EspiError('invalid-multiplier', readingType.path, MESSAGES.multiplier(readingType.path, text));
  return n;
}

/**
 * `value × 10^powerOfTenMultiplier` as an exact decimal string, e.g. `scaledValue('37000', -3)` = `'37'`,
 * `scaledValue('819', -5)` = `'0.00819'` (a `cost` is in hundred-thousandths of the currency), `scaledValue('12', 3)` = `'12000'`.
 * Trailing fractional zeros are dropped.
 */
export function scaledValue(value: string, powerOfTenMultiplier: number): string {
  const v = BigInt(value);
  if (powerOfTenMultiplier >= 0) return (v * 10n ** BigInt(powerOfTenMultiplier)).toString();
  const sign = v < 0n ? '-' : '';
  const digits = (v < 0n ? -v : v).toString().padStart(-powerOfTenMultiplier + 1, '0');
  const whole = digits.slice(0, digits.length + powerOfTenMultiplier);
  let fraction = digits.slice(digits.length + powerOfTenMultiplier);
  while (fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/**
 * The block's readings in integer Wh, in the block's order: `value × 10^powerOfTenMultiplier` for a ReadingType in
 * uom 72 (Wh). `seconds` is the reading's `timePeriod/duration`, so 23- and 25-hour days come out as written.
 *
 * The values are scaled as they are: the function does not look at `accumulationBehaviour`, so register reads
 * (1 = bulkQuantity) come out as register Wh, not as consumption per interval; check the ReadingType for 4 (deltaData)
 * before summing.
 *
 * @throws {@link EspiError} `missing-uom`; `unsupported-uom` for any uom but 72 (38 = W is power and needs an averaging
 * rule this function does not guess; 169 = therm, 119 = ft3 and the other volumes or energies would need a conversion
 * factor the data does not carry); `invalid-multiplier`; `fractional-wh` when a negative powerOfTenMultiplier leaves a
 * fraction of a Wh (the message gives the exact decimal; {@link scaledValue} gives it for any reading).
 */
export function readingsInWh(block: IntervalBlock, readingType: ReadingType): WhReading[] {
  const uom = readingType.fields.uom;
  if (uom === undefined || uom === '') throw new EspiError('missing-uom', readingType.path, MESSAGES.missingUom(readingType.path));
  if (uom === UOM_W) throw new EspiError('unsupported-uom', readingType.path, MESSAGES.power(readingType.path));
  if (uom !== UOM_WH) throw new EspiError('unsupported-uom', readingType.path, MESSAGES.unsupportedUom(readingType.path, uom, UOM[uom]));
  const exponent = powerOfTen(readingType);
  const scale = 10n ** BigInt(Math.abs(exponent));
  return block.readings.map((r, i) => {
    const value = BigInt(r.value);
    if (exponent < 0 && value % scale !== 0n) {
      const where = `${block.path}/IntervalReading[${i + 1}]`;
      throw new EspiError('fractional-wh', where, MESSAGES.fractionalWh(where, r.timePeriod.start, scaledValue(r.value, exponent)));
    }
    return { start: r.timePeriod.start, seconds: r.timePeriod.duration, wh: exponent >= 0 ? value * scale : value / scale };
  });
}
