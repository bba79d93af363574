import { ConfigError } from '../config/config';
import { DEVELOPMENT_JWT_SECRET, readAuthConfig } from './auth-config';

describe('auth configuration', () => {
  it('uses the development secret outside production', () => {
    expect(readAuthConfig({})).toEqual({ jwtSecret: DEVELOPMENT_JWT_SECRET, issuer: 'utilia', audience: 'utilia-api' });
    expect(readAuthConfig({ NODE_ENV: 'test' }).jwtSecret).toBe(DEVELOPMENT_JWT_SECRET);
  });

  it('refuses to start in production without AUTH_JWT_SECRET', () => {
    expect(() => readAuthConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => readAuthConfig({ NODE_ENV: 'production' })).toThrow('AUTH_JWT_SECRET: is required when NODE_ENV is production');
  });

  it('takes the secret it is given in production', () => {
    const secret = 'x'.repeat(48);
    expect(readAuthConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: secret }).jwtSecret).toBe(secret);
  });

  it('refuses a secret too short for HS256 without repeating it', () => {
    let error: ConfigError | undefined;
    try {
      readAuthConfig({ AUTH_JWT_SECRET: 'hunter2' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toContain('AUTH_JWT_SECRET: must be at least 32 characters');
    expect(error?.message).not.toContain('hunter2');
  });
});
