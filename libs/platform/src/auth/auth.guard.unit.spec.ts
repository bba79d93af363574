import 'reflect-metadata';
import { Controller, Get, Param, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'net';
import { Module } from '@nestjs/common';
import { ProblemDetailsFilter } from '../http/problem-details.filter';
import { JsonLogger } from '../logging/json-logger';
import { assertCanSeeAccount } from './account-access';
import { CurrentPrincipal, Public, Roles } from './decorators';
import { AuthModule } from './auth.module';
import { signToken } from './jwt';
import type { AuthConfig } from './auth-config';
import type { Principal, Role } from './roles';

const config: AuthConfig = { jwtSecret: 'a-test-secret-that-is-long-enough-for-hs256', issuer: 'utilia', audience: 'utilia-api' };

@Controller('things')
class ThingsController {
  @Get('open')
  @Public()
  open() {
    return { open: true };
  }

  @Get('csr')
  @Roles('csr', 'csr-supervisor')
  forCsr(@CurrentPrincipal() who: Principal) {
    return { subject: who.subject };
  }

  @Get('forgotten')
  forgotten() {
    return { leaked: true };
  }

  @Get('accounts/:id')
  @Roles('customer', 'csr', 'auditor', 'head-end')
  account(@Param('id') id: string, @CurrentPrincipal() who: Principal) {
    assertCanSeeAccount(who, id);
    return { accountId: id };
  }
}

@Controller('admin')
@Roles('admin')
class AdminController {
  @Get()
  settings() {
    return { settings: [] };
  }
}

@Module({ imports: [AuthModule.forRoot(config)], controllers: [ThingsController, AdminController] })
class TestModule {}

describe('the auth guard', () => {
  let app: INestApplication;
  let url: string;
  const logs: string[] = [];

  beforeAll(async () => {
    const logger = new JsonLogger('auth-test', 'debug', (line) => logs.push(line));
    app = await NestFactory.create(TestModule, { logger, abortOnError: false });
    app.useGlobalFilters(new ProblemDetailsFilter(logger));
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => app?.close());

  const token = (roles: Role[], extra: { accounts?: string[]; ttlSeconds?: number; now?: number; secret?: string } = {}) =>
    signToken(
      { subject: 'alice', roles, accounts: extra.accounts },
      { ...config, jwtSecret: extra.secret ?? config.jwtSecret },
      { ttlSeconds: extra.ttlSeconds ?? 300, now: extra.now },
    );

  async function call(path: string, bearer?: string) {
    const res = await fetch(`${url}${path}`, { headers: bearer === undefined ? {} : { authorization: `Bearer ${bearer}` } });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      challenge: res.headers.get('www-authenticate'),
      body: (await res.json()) as Record<string, unknown>,
    };
  }

  it('lets anyone call a public route', async () => {
    expect(await call('/things/open')).toMatchObject({ status: 200, body: { open: true } });
  });

  it('lets a CSR call a CSR route and tells the controller who called', async () => {
    expect(await call('/things/csr', await token(['csr']))).toMatchObject({ status: 200, body: { subject: 'alice' } });
  });

  it('answers 401 problem+json with a Bearer challenge when there is no token', async () => {
    const r = await call('/things/csr');
    expect(r).toMatchObject({ status: 401, body: { status: 401, code: 'missing-token' } });
    expect(r.type).toContain('application/problem+json');
    expect(r.challenge).toBe('Bearer realm="utilia"');
  });

  it('answers 401 invalid-token for a token signed with another secret', async () => {
    const r = await call('/things/csr', await token(['csr'], { secret: 'some-other-secret-that-is-long-enough-too' }));
    expect(r).toMatchObject({ status: 401, body: { code: 'invalid-token' } });
    expect(r.challenge).toContain('error="invalid_token"');
  });

  it('answers 401 invalid-token for garbage', async () => {
    expect(await call('/things/csr', 'not.a.jwt')).toMatchObject({ status: 401, body: { code: 'invalid-token' } });
  });

  it('answers 401 token-expired for an expired token', async () => {
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    expect(await call('/things/csr', await token(['csr'], { now: hourAgo, ttlSeconds: 60 }))).toMatchObject({ status: 401, body: { code: 'token-expired' } });
  });

  it('answers 403 when the token lacks the role the route needs', async () => {
    const r = await call('/things/csr', await token(['auditor']));
    expect(r).toMatchObject({ status: 403, body: { code: 'missing-role' } });
    expect(r.body.detail).toContain('csr, csr-supervisor');
  });

  it('refuses a route that declares no roles even to an admin', async () => {
    expect(await call('/things/forgotten', await token(['admin']))).toMatchObject({ status: 403, body: { code: 'route-not-authorized' } });
    expect(await call('/things/forgotten')).toMatchObject({ status: 401 });
  });

  it('applies roles declared on a controller to each of its routes', async () => {
    expect(await call('/admin', await token(['admin']))).toMatchObject({ status: 200 });
    expect(await call('/admin', await token(['billing-ops']))).toMatchObject({ status: 403 });
  });

  it('shows a customer its own account', async () => {
    expect(await call('/things/accounts/A1', await token(['customer'], { accounts: ['A1', 'A2'] }))).toMatchObject({ status: 200, body: { accountId: 'A1' } });
  });

  it("answers 404 when a customer asks for someone else's account", async () => {
    expect(await call('/things/accounts/B9', await token(['customer'], { accounts: ['A1'] }))).toMatchObject({
      status: 404,
      body: { code: 'account-not-found' },
    });
  });

  it('shows staff any account and refuses a head-end', async () => {
    expect(await call('/things/accounts/B9', await token(['csr']))).toMatchObject({ status: 200 });
    expect(await call('/things/accounts/B9', await token(['head-end']))).toMatchObject({ status: 403, body: { code: 'account-access-denied' } });
  });

  it('never writes a token to the logs', async () => {
    const t = await token(['auditor']);
    await call('/things/csr', t);
    await call('/things/csr', `${t}x`);
    expect(logs.join('\n')).not.toContain(t.split('.')[2]);
  });
});
