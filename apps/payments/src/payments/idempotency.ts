import { createHash } from 'node:crypto';
import { RuleViolation, ValidationFailed, type CommandRunner, type CommandTx, type Principal } from '@utilia/platform';
import type { Response } from 'express';
import { containsCardNumber } from './card-number';

/** What a POST that moves money answered, kept under the client's Idempotency-Key. */
export interface KeptAnswer<T> {
  status: number;
  body: T;
  /** True when this is the answer of an earlier request with the same key. */
  replayed: boolean;
}

/** The fingerprint of a request: the route and the body, keys in a stable order. */
export function requestHash(route: string, body: unknown): string {
  const stable = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(stable)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, stable((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(route)
    .update('\n')
    .update(JSON.stringify(stable(body)))
    .digest('hex');
}

/** An Idempotency-Key as a client may send it (RFC draft "The Idempotency-Key HTTP Header Field": a string; we take 1-255 visible characters). */
export function checkKey(key: string | undefined): string {
  if (!key) throw new ValidationFailed([{ field: 'Idempotency-Key', message: 'is required: a POST that moves money needs one' }]);
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new ValidationFailed([{ field: 'Idempotency-Key', message: 'is 1 to 255 visible ASCII characters' }]);
  return key;
}

/**
 * Runs `work` once per (client, key), in the caller's transaction: the key is taken first, so a
 * concurrent request with the same key waits on it (PostgreSQL holds the conflicting insert until
 * the first transaction ends) and then answers what the first answered. The same key with another
 * body is refused (422). A request that failed (rolled back) leaves no key: it may be tried again.
 */
export async function idempotent<T>(
  tx: Pick<CommandTx, 'query'>,
  scope: { client: string; key: string; hash: string },
  work: () => Promise<{ status: number; body: T }>,
): Promise<KeptAnswer<T>> {
  const [taken] = await tx.query<{ key: string }>(
    `insert into idempotency_key (client, key, request_hash, status, response) values ($1, $2, $3, 0, 'null') on conflict (client, key) do nothing returning key`,
    [scope.client, scope.key, scope.hash],
    'pay_idem_take',
  );
  if (!taken) {
    const [kept] = await tx.query<{ request_hash: string; status: number; response: T }>(
      'select request_hash, status, response from idempotency_key where client = $1 and key = $2',
      [scope.client, scope.key],
      'pay_idem_kept',
    );
    if (kept.request_hash !== scope.hash)
      throw new RuleViolation('idempotency-key-reused', 'this Idempotency-Key was used with another request: use a new key for a new payment');
    return { status: kept.status, body: kept.response, replayed: true };
  }
  const answer = await work();
  await tx.query(
    'update idempotency_key set status = $3, response = $4 where client = $1 and key = $2',
    [scope.client, scope.key, answer.status, JSON.stringify(answer.body)],
    'pay_idem_answer',
  );
  return { ...answer, replayed: false };
}

/** A body that carries a card number is refused before anything is stored or logged (the reason never repeats it). */
export function refuseCardNumbers(body: unknown): void {
  if (containsCardNumber(body))
    throw new RuleViolation(
      'card-number-refused',
      'the request carries what looks like a card number: send the payment provider token and the last four digits only',
    );
}

/** What a money-moving route gives {@link runOnce}: its route and body, the key, the caller, the answer to set, the work. */
export type OnceArgs<T> = [
  route: string,
  body: unknown,
  key: string | undefined,
  p: Principal | undefined,
  res: Response,
  work: (tx: CommandTx, by: string) => Promise<T>,
];

/**
 * Runs a money-moving command of a controller once per client and Idempotency-Key (see `idempotent`);
 * a replay says so in `Idempotent-Replayed`.
 */
export async function runOnce<T>(commands: CommandRunner, ...[route, body, key, p, res, work]: OnceArgs<T>): Promise<T> {
  refuseCardNumbers(body);
  const scope = { client: p?.subject ?? 'unknown', key: checkKey(key), hash: requestHash(route, body) };
  // The key and the money move in one transaction: both or neither.
  const answer = await commands.run((tx) => idempotent(tx, scope, async () => ({ status: 201, body: await work(tx, scope.client) })));
  if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
  res.status(answer.status);
  return answer.body as T;
}
