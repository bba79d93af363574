import type { Role } from '@utilia/platform';

/** Who may change meters, installations and readings, and settle exceptions. */
export const OPERATORS: [Role, ...Role[]] = ['billing-ops', 'csr-supervisor', 'admin'];
/** Who may also settle VEE exceptions and upload readings a customer brings. */
export const METER_WRITERS: [Role, ...Role[]] = ['csr', 'billing-ops', 'csr-supervisor', 'admin'];
/** Staff who may read meter data. */
export const READERS: [Role, ...Role[]] = ['csr', 'csr-supervisor', 'billing-ops', 'admin', 'auditor'];
/** Head-end systems, which may also post readings over HTTP. */
export const HEAD_ENDS: [Role, ...Role[]] = ['head-end', 'billing-ops', 'admin'];
