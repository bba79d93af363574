import { SignJWT } from 'jose';
import type { AuthConfig } from './auth-config';
import { parseTtl, signToken, TokenError, verifyToken } from './jwt';

const config: AuthConfig = { jwtSecret: 'a-test-secret-that-is-long-enough-for-hs256', issuer: 'utilia', audience: 'utilia-api' };
const key = new TextEncoder().encode(config.jwtSecret);
const now = Math.floor(Date.now() / 1000);

async function rejection(token: string): Promise<TokenError> {
  try {
    await verifyToken(token, config);
  } catch (e) {
    return e as TokenError;
  }
  throw new Error('the token was accepted');
}

describe('bearer tokens', () => {
  it('a minted token verifies back to its subject, roles and accounts', async () => {
    const t = await signToken({ subject: 'carol', roles: ['customer'], accounts: ['A1', 'A2'] }, config, { ttlSeconds: 60 });
    expect(await verifyToken(t, config)).toEqual({ subject: 'carol', roles: ['customer'], accounts: ['A1', 'A2'] });
  });

  it('a staff token has no accounts', async () => {
    const t = await signToken({ subject: 'bob', roles: ['csr', 'auditor'] }, config, { ttlSeconds: 60 });
    expect(await verifyToken(t, config)).toEqual({ subject: 'bob', roles: ['csr', 'auditor'], accounts: [] });
  });

  it('an expired token is refused as expired', async () => {
    const t = await signToken({ subject: 'bob', roles: ['csr'] }, config, { ttlSeconds: 60, now: now - 120 });
    expect(await rejection(t)).toMatchObject({ reason: 'expired' });
  });

  it('a token for another audience or from another issuer is refused', async () => {
    expect(await rejection(await signToken({ subject: 'bob', roles: ['csr'] }, { ...config, audience: 'elsewhere' }, { ttlSeconds: 60 }))).toMatchObject({
      reason: 'invalid',
    });
    expect(await rejection(await signToken({ subject: 'bob', roles: ['csr'] }, { ...config, issuer: 'mallory' }, { ttlSeconds: 60 }))).toMatchObject({
      reason: 'invalid',
    });
  });

  it('a token without an expiry is refused', async () => {
    const t = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('utilia')
      .setAudience('utilia-api')
      .sign(key);
    expect(await rejection(t)).toMatchObject({ reason: 'invalid' });
  });

  it('an unsigned (alg none) token is refused', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const t = `${b64({ alg: 'none' })}.${b64({ sub: 'x', roles: ['admin'], iss: 'utilia', aud: 'utilia-api', exp: now + 60 })}.`;
    expect(await rejection(t)).toMatchObject({ reason: 'invalid' });
  });

  it('a token granting no known role is refused', async () => {
    const t = await new SignJWT({ roles: ['superuser'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('utilia')
      .setAudience('utilia-api')
      .setExpirationTime(now + 60)
      .sign(key);
    expect(await rejection(t)).toMatchObject({ reason: 'invalid', message: 'the token grants no known role' });
  });

  it('reads TTLs in seconds, minutes, hours and days', () => {
    expect([parseTtl('90'), parseTtl('90s'), parseTtl('15m'), parseTtl('1h'), parseTtl('7d')]).toEqual([90, 90, 900, 3600, 604800]);
    expect([parseTtl('0'), parseTtl('1w'), parseTtl('-1h'), parseTtl('')]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
