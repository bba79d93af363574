/** What a register read says against the one before it. */
export type RegisterStep = { kind: 'forward'; consumption: bigint } | { kind: 'rollover'; consumption: bigint } | { kind: 'backwards'; drop: bigint };

/**
 * Rule: a register only counts up. A read below the one before is a rollover when the register
 * wrapped past its last digit (10^dials) and what it counted since is plausible (less than
 * `maxPlausible`, e.g. a month's typical use × 10); otherwise it went backwards: a fault or a
 * misread, for a person to look at. Values are in whole units of the register (after its decimals).
 */
export function registerStep(previous: bigint, current: bigint, dials: number, maxPlausible: bigint): RegisterStep {
  if (current >= previous) return { kind: 'forward', consumption: current - previous };
  const wrapped = 10n ** BigInt(dials) - previous + current;
  if (wrapped <= maxPlausible) return { kind: 'rollover', consumption: wrapped };
  return { kind: 'backwards', drop: previous - current };
}
