/**
 * How a document reaches the customer, as named pure rules: the channel by the customer's
 * preference, what a failed e-mail attempt leads to (a retry later, or post), and what of an SMTP
 * error may be kept. No clock, no I/O: `now` and the failure come in.
 */

/** Why a document goes by post although the customer is paperless, or cannot go at all. */
export const DeliveryReasons = {
  emailNotConfigured: 'e-mail is not configured (SMTP_URL is not set)',
  noEmailAddress: 'the customer is paperless but has no e-mail address',
  noBillingAddress: 'the account has no billing address to post it to',
  emailFailed: (attempts: number, error: string) => `the e-mail failed ${attempts === 1 ? 'once' : `${attempts} times`}: ${error}`.slice(0, 500),
  emailRefused: (error: string) => `the mail server refused the e-mail for good: ${error}`.slice(0, 500),
} as const;

/** What the customer's copies say about delivery. */
export interface Preferences {
  paperless: boolean;
  email: string | null;
  hasBillingAddress: boolean;
}

/** A new document's delivery: by e-mail to an address, or by post (with why, when the customer is paperless), or not at all. */
export type DeliveryPlan =
  | { channel: 'email'; emailTo: string }
  | { channel: 'post'; fallbackReason: string | null }
  | { channel: 'post'; undeliverable: string; fallbackReason: string | null };

/**
 * Paperless customers with an e-mail address get e-mail when e-mail is configured; everyone else
 * gets post, which needs a billing address. A paperless customer who gets post gets it with the reason.
 */
export function planDelivery(p: Preferences, emailConfigured: boolean): DeliveryPlan {
  if (p.paperless && p.email && emailConfigured) return { channel: 'email', emailTo: p.email };
  const fallbackReason = !p.paperless ? null : !p.email ? DeliveryReasons.noEmailAddress : DeliveryReasons.emailNotConfigured;
  return postPlan(p.hasBillingAddress, fallbackReason);
}

/** Post, or undeliverable without a billing address. */
export function postPlan(hasBillingAddress: boolean, fallbackReason: string | null): DeliveryPlan {
  return hasBillingAddress ? { channel: 'post', fallbackReason } : { channel: 'post', undeliverable: DeliveryReasons.noBillingAddress, fallbackReason };
}

/** How e-mail attempts are repeated. */
export interface RetryPolicy {
  maxAttempts: number;
  /** The wait after the 1st, 2nd... failure; the last one repeats. */
  retryDelaysMs: readonly number[];
}

/** A failed attempt as the sender saw it: whether the server refused this message for good, and a message safe to keep. */
export interface AttemptFailure {
  permanent: boolean;
  error: string;
}

/**
 * After a failed attempt (`attempts` counts it): try again after the policy's delay, or, after the
 * last attempt or a permanent refusal (a 5xx answer to the recipient or the message: trying again
 * gets the same answer), fall back to post with the reason.
 */
export function afterFailure(attempts: number, failure: AttemptFailure, policy: RetryPolicy, now: Date): { retryAt: Date } | { fallbackReason: string } {
  if (failure.permanent) return { fallbackReason: DeliveryReasons.emailRefused(failure.error) };
  if (attempts >= policy.maxAttempts) return { fallbackReason: DeliveryReasons.emailFailed(attempts, failure.error) };
  const delays = policy.retryDelaysMs;
  const delay = delays[Math.min(attempts - 1, delays.length - 1)] ?? 0;
  return { retryAt: new Date(now.getTime() + delay) };
}

/**
 * Whether an SMTP failure is about this message, for good: a 5xx reply to its envelope (recipient
 * unknown, relaying denied) or its content. A 4xx, a connection or authentication failure may pass
 * on a later attempt (or once the configuration is fixed).
 */
export function isPermanentSmtpFailure(e: { code?: string; responseCode?: number }): boolean {
  return (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') && e.responseCode !== undefined && e.responseCode >= 500 && e.responseCode < 600;
}

/** An e-mail address with its local part hidden but its first character: `a***@example.org`. */
export function maskedAddress(address: string): string {
  const at = address.lastIndexOf('@');
  return at <= 0 ? '***' : `${address[0]}***${address.slice(at)}`;
}

/** Text (an SMTP error) with every e-mail address in it masked, so it can be logged and kept. */
export function redactAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, (a) => maskedAddress(a));
}
