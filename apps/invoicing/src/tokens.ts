/** Nest injection token of the invoicing service's configuration (`InvoicingConfig`). */
export const INVOICING_CONFIG = Symbol('INVOICING_CONFIG');
