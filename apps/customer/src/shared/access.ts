import type { Role } from '@utilia/platform';

/** Who may change customer data. */
export const WRITERS: [Role, ...Role[]] = ['csr', 'csr-supervisor', 'admin'];
/** Staff who may read any customer data. */
export const READERS: [Role, ...Role[]] = ['csr', 'csr-supervisor', 'admin', 'auditor'];
/** Readers plus customers, for views of one account (a customer sees only its own). */
export const ACCOUNT_READERS: [Role, ...Role[]] = [...READERS, 'customer'];
