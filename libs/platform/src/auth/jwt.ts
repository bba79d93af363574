import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { AuthConfig } from './auth-config';
import { isRole, type Principal, type Role } from './roles';

/** Why a token was refused. `expired` is told apart so clients know to refresh. */
export type TokenRejection = 'expired' | 'invalid';

/** A bearer token that cannot be trusted. Its message never contains the token. */
export class TokenError extends Error {
  constructor(
    readonly reason: TokenRejection,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

/** Messages of token problems, as constants. */
export const TokenMessages = {
  expired: 'the token has expired',
  invalid: 'the token is not valid',
  noRoles: 'the token grants no known role',
  noSubject: 'the token has no subject',
  badAccounts: 'the accounts claim must be a list of account ids',
} as const;

const ALGORITHM = 'HS256';

function key(config: AuthConfig): Uint8Array {
  return new TextEncoder().encode(config.jwtSecret);
}

/** What a token says about its holder. */
export interface TokenClaims {
  subject: string;
  roles: Role[];
  /** For customers: the accounts they may see. */
  accounts?: string[];
}

/**
 * Mints a token (for the `npm run token` CLI and tests): HS256, issuer `utilia`, audience `utilia-api`.
 * @param now - Unix seconds of issue; the caller's clock.
 */
export async function signToken(claims: TokenClaims, config: AuthConfig, options: { ttlSeconds: number; now?: number }): Promise<string> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { roles: claims.roles };
  if (claims.accounts && claims.accounts.length > 0) payload.accounts = claims.accounts;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + options.ttlSeconds)
    .sign(key(config));
}

/**
 * Checks a bearer token: signature (HS256 only), issuer, audience, expiry (`exp` required) and the
 * shape of its claims. Unknown roles are ignored; a token with no known role is refused.
 * @throws TokenError
 */
export async function verifyToken(token: string, config: AuthConfig, now?: Date): Promise<Principal> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key(config), {
      algorithms: [ALGORITHM],
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ['exp', 'sub'],
      currentDate: now,
    }));
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw new TokenError('expired', TokenMessages.expired);
    throw new TokenError('invalid', TokenMessages.invalid);
  }
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new TokenError('invalid', TokenMessages.noSubject);
  const rawRoles = Array.isArray(payload.roles) ? payload.roles : [];
  const roles = rawRoles.filter(isRole);
  if (roles.length === 0) throw new TokenError('invalid', TokenMessages.noRoles);
  const accounts = payload.accounts ?? [];
  if (!Array.isArray(accounts) || accounts.some((a) => typeof a !== 'string')) throw new TokenError('invalid', TokenMessages.badAccounts);
  return { subject: payload.sub, roles, accounts: accounts as string[] };
}

/** Parses a TTL such as `90s`, `15m`, `1h`, `7d` (or plain seconds) into seconds; undefined when unreadable. */
export function parseTtl(text: string): number | undefined {
  const m = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return n > 0 ? n : undefined;
}
