import type { Role } from '@utilia/platform';

/** Who writes tariffs and their draft versions (and publishes approved ones). */
export const AUTHORS: [Role, ...Role[]] = ['billing-ops', 'admin'];
/** Who approves a draft: never its author (four eyes, checked on each version). */
export const APPROVERS: [Role, ...Role[]] = ['csr-supervisor', 'admin'];
/** Who may publish an approved version. */
export const PUBLISHERS: [Role, ...Role[]] = ['billing-ops', 'csr-supervisor', 'admin'];
/** Staff who read the catalog. */
export const READERS: [Role, ...Role[]] = ['csr', 'csr-supervisor', 'billing-ops', 'admin', 'auditor'];
