import type { MeterRegister } from '@utilia/contracts';
import Big from 'big.js';
import { estimateRegister } from '../vee/estimation';

/** A register read: when (Unix seconds) and the value as displayed (a decimal string). */
export interface DialRead {
  at: number;
  value: string;
}

/** A register's total over a period: the reads it starts and ends on, and what it counted (× multiplier). */
export interface RegisterTotal {
  register: string;
  startRead: string | null;
  endRead: string | null;
  consumption: string | null;
  /** True when the end read is estimated from the register's history (no read near the period's end). */
  estimated: boolean;
}

/** A read this close to the period's end (a day) closes the period; further away, the end is estimated. */
const NEAR_END_SECONDS = 86_400;

/** The integer part of a displayed value in whole units, as the dials count. */
const whole = (value: string) => BigInt(new Big(value).round(0, Big.roundDown).toFixed(0));

/**
 * An energy register's total over [from, to] from its reads (any order, before and after the
 * period included): it starts on the last read at or before `from` (else the first in the period,
 * as a meter installed during it), ends on the last read at or before `to`, estimated from the
 * register's history (see `estimateRegister`) when that read is more than a day before `to`.
 * A rollover past the last dial is counted on. A demand register's total is its highest read in
 * the period (it shows the peak). Pure.
 */
export function registerTotal(register: MeterRegister, reads: readonly DialRead[], from: number, to: number): RegisterTotal {
  const sorted = [...reads].sort((a, b) => a.at - b.at);
  const none = { register: register.code, startRead: null, endRead: null, consumption: null, estimated: false };
  const multiplier = new Big(register.multiplier);
  if (register.measure === 'demand') {
    const inPeriod = sorted.filter((r) => r.at >= from && r.at <= to);
    if (inPeriod.length === 0) return none;
    const peak = inPeriod.reduce((m, r) => (new Big(r.value).gt(m) ? new Big(r.value) : m), new Big(inPeriod[0].value));
    return { ...none, endRead: peak.toString(), consumption: peak.times(multiplier).toString() };
  }
  const start = [...sorted].reverse().find((r) => r.at <= from) ?? sorted.find((r) => r.at >= from && r.at <= to);
  if (!start) return none;
  const last = [...sorted].reverse().find((r) => r.at <= to && r.at >= start.at);
  let end: string | null = last && last !== start ? last.value : null;
  let estimated = false;
  if (!last || last.at < to - NEAR_END_SECONDS) {
    const guess = estimateRegister(
      sorted.filter((r) => r.at <= to).map((r) => ({ at: r.at, value: whole(r.value) })),
      to,
    );
    if (guess !== undefined && (!last || guess !== whole(last.value))) {
      end = String(guess % 10n ** BigInt(register.dials));
      estimated = true;
    }
  }
  if (end === null) return { ...none, startRead: start.value };
  const counted = new Big(end).minus(start.value);
  // A register that reads lower at the end rolled over past its last dial (the check on each read
  // raises an exception for one that went backwards instead).
  const total = counted.lt(0) ? counted.plus(new Big(10).pow(register.dials)) : counted;
  return { register: register.code, startRead: start.value, endRead: end, consumption: total.times(multiplier).toString(), estimated };
}
