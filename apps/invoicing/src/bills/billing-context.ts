/** Nest injection token of the bill handlers' {@link BillingContext} (settings, zone, compiled tariffs). */
export const BILLING_CONTEXT = Symbol('BILLING_CONTEXT');
