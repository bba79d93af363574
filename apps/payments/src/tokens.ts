/** Nest injection token of the payments service's configuration (`PaymentsConfig`). */
export const PAYMENTS_CONFIG = Symbol('PAYMENTS_CONFIG');
