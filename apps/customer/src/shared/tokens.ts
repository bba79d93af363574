/** Nest injection token of the customer service's configuration (`CustomerConfig`). */
export const CUSTOMER_CONFIG = Symbol('CUSTOMER_CONFIG');
