import type { Role } from '@utilia/platform';

/** Staff who read billing data. */
export const READERS: [Role, ...Role[]] = ['csr', 'csr-supervisor', 'billing-ops', 'admin', 'auditor'];
