import { randomUUID } from 'node:crypto';
import { readAuthConfig, signToken, type Role } from '@utilia/platform';
import type { ServiceName, System } from './system';

/** A non-2xx answer. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// Answers are JSON the tests read field by field, as the repository's ServiceApi does: `any` unless a test names a type.
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface Answer<T = any> {
  status: number;
  body: T;
  contentType: string;
}

/**
 * The services' HTTP APIs as a CSR tool (or billing-ops, a head-end) calls them: bearer tokens signed
 * with the secret the services check (AUTH_JWT_SECRET, or the development secret, as
 * `npm run token` does), JSON in and out, problem+json errors kept as the answer's body.
 */
export class Api {
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(private readonly system: System) {}

  private token(roles: Role[]): Promise<string> {
    const key = roles.join('+');
    let token = this.tokens.get(key);
    if (!token) {
      // The subject names the roles: a tariff's author and its approver are two people (four eyes).
      token = signToken({ subject: `e2e-${key}`, roles, accounts: [] }, readAuthConfig(process.env), { ttlSeconds: 3600 });
      this.tokens.set(key, token);
    }
    return token;
  }

  /** Any answer, 2xx or not. `body`: parsed JSON, text, or the bytes of anything else (a PDF). */
  async call<T = any>(
    service: ServiceName,
    method: string,
    path: string,
    roles: Role[],
    body?: unknown,
    { contentType = 'application/json', headers = {} }: { contentType?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer<T>> {
    const res = await fetch(`${this.system.service(service).url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.token(roles)}`,
        ...(body === undefined ? {} : { 'content-type': contentType }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const type = res.headers.get('content-type') ?? '';
    const parsed = /json/.test(type) ? await res.json() : /^text\//.test(type) ? await res.text() : Buffer.from(await res.arrayBuffer());
    return { status: res.status, body: parsed as T, contentType: type };
  }

  /** A 2xx answer's body; anything else fails the test with the status and the problem. */
  async ok<T = any>(
    service: ServiceName,
    method: string,
    path: string,
    roles: Role[],
    body?: unknown,
    options?: { contentType?: string; headers?: Record<string, string> },
  ): Promise<T> {
    const a = await this.call<T>(service, method, path, roles, body, options);
    if (a.status < 200 || a.status > 299)
      throw new ApiError(`${method} ${service} ${path} answered ${a.status}: ${JSON.stringify(a.body)?.slice(0, 1000)}`, a.status);
    return a.body;
  }

  get<T = any>(service: ServiceName, path: string, roles: Role[] = ['admin']): Promise<T> {
    return this.ok<T>(service, 'GET', path, roles);
  }

  post<T = any>(service: ServiceName, path: string, body: unknown, roles: Role[]): Promise<T> {
    return this.ok<T>(service, 'POST', path, roles, body);
  }

  /** A payment a CSR takes (the Idempotency-Key is new: one payment per call). */
  pay(accountId: string, amount: string, receivedOn: string, reference: string): Promise<any> {
    return this.ok(
      'payments',
      'POST',
      '/payments',
      ['csr'],
      { accountId, amount: { amount, currency: 'USD' }, channel: 'cash', reference, receivedOn },
      { headers: { 'idempotency-key': randomUUID() } },
    );
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */
