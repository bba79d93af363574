/** Nest injection token of the metering service's configuration (`MeteringConfig`). */
export const METERING_CONFIG = Symbol('METERING_CONFIG');
