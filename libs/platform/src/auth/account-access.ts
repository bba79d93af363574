import { HttpStatus } from '@nestjs/common';
import { ProblemError } from '../http/problem-details.filter';
import { STAFF_ROLES, type Principal } from './roles';

/** Problem codes of account access. */
export const AccountAccessProblems = {
  notFound: { code: 'account-not-found', detail: 'No such account.' },
  notAllowed: { code: 'account-access-denied', detail: 'Your role may not see customer accounts.' },
} as const;

/**
 * Whether the caller may see an account: staff may see any; a customer only the accounts in its
 * token. A customer asking for another account gets 404, as if it did not exist, so account ids
 * cannot be probed; other roles (head-end) get 403.
 */
export function canSeeAccount(principal: Principal, accountId: string): boolean {
  if (principal.roles.some((r) => STAFF_ROLES.includes(r))) return true;
  return principal.roles.includes('customer') && principal.accounts.includes(accountId);
}

/** Throws a problem unless the caller may see the account (see {@link canSeeAccount}). */
export function assertCanSeeAccount(principal: Principal | undefined, accountId: string): void {
  if (principal && canSeeAccount(principal, accountId)) return;
  if (principal?.roles.includes('customer')) {
    throw new ProblemError(HttpStatus.NOT_FOUND, AccountAccessProblems.notFound.code, AccountAccessProblems.notFound.detail);
  }
  throw new ProblemError(HttpStatus.FORBIDDEN, AccountAccessProblems.notAllowed.code, AccountAccessProblems.notAllowed.detail);
}
