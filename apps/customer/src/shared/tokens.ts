/** Nest injection tokens of the customer service. */
export const CUSTOMER_CONFIG = Symbol('CUSTOMER_CONFIG');
export const CLOCK = Symbol('CLOCK');
export const READ_MODELS = Symbol('READ_MODELS');

/** Where "now" comes from: the system clock, or a fixed one in tests. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
