import { ConfigError, readConfig, type Reader } from '../config/config';

/** How tokens are signed and checked. HS256 with a shared secret; issuer and audience are fixed. */
export interface AuthConfig {
  /** The HS256 secret; never logged. */
  jwtSecret: string;
  issuer: string;
  audience: string;
}

/** Every Utilia token is issued by `utilia`. */
export const JWT_ISSUER = 'utilia';
/** Every Utilia token is meant for `utilia-api`. */
export const JWT_AUDIENCE = 'utilia-api';
/** HS256 needs at least 256 bits of key (RFC 7518, section 3.2). */
export const MIN_SECRET_LENGTH = 32;

/**
 * The development secret, used only when NODE_ENV is not `production` and AUTH_JWT_SECRET is unset.
 * It is public (it is in this file), so tokens signed with it prove nothing outside a laptop.
 */
export const DEVELOPMENT_JWT_SECRET = 'utilia-development-secret-not-for-production-use';

/** Messages of configuration problems, as constants. */
export const AuthConfigMessages = {
  requiredInProduction: 'is required when NODE_ENV is production',
  tooShort: `must be at least ${MIN_SECRET_LENGTH} characters (256 bits for HS256)`,
} as const;

function secretReader(production: boolean): Reader<string> {
  return (raw) => {
    if (raw === undefined) {
      if (production) throw new Error(AuthConfigMessages.requiredInProduction);
      return DEVELOPMENT_JWT_SECRET;
    }
    if (raw.length < MIN_SECRET_LENGTH) throw new Error(AuthConfigMessages.tooShort);
    return raw;
  };
}

/**
 * Reads AUTH_JWT_SECRET. Without it a service refuses to start in production (ConfigError);
 * elsewhere it falls back to {@link DEVELOPMENT_JWT_SECRET}. The secret's value is never echoed in errors.
 */
export function readAuthConfig(source: Record<string, string | undefined>): AuthConfig {
  const production = source.NODE_ENV === 'production';
  try {
    const c = readConfig({ AUTH_JWT_SECRET: source.AUTH_JWT_SECRET }, { AUTH_JWT_SECRET: secretReader(production) });
    return { jwtSecret: c.AUTH_JWT_SECRET, issuer: JWT_ISSUER, audience: JWT_AUDIENCE };
  } catch (e) {
    // readConfig quotes the raw value of a bad variable; a secret must not be quoted.
    if (e instanceof ConfigError) throw new ConfigError(e.problems.map((p) => p.replace(/ \(got ".*"\)$/s, '')));
    throw e;
  }
}
