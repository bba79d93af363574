/** Who may call Utilia's APIs. A token carries one or more of these in its `roles` claim. */
export const ROLES = ['admin', 'billing-ops', 'csr', 'csr-supervisor', 'auditor', 'customer', 'head-end'] as const;

/** A role from {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** Roles of Utilia staff, who may see any account. */
export const STAFF_ROLES: readonly Role[] = ['admin', 'billing-ops', 'csr', 'csr-supervisor', 'auditor'];

/** True when `value` names a {@link Role}. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The authenticated caller of a request, read from a verified token. */
export interface Principal {
  /** The token's `sub`: a user id, or a system's name for head-ends. */
  subject: string;
  roles: Role[];
  /** For `customer` tokens: the account ids the caller may see. Empty for staff and systems. */
  accounts: string[];
}
