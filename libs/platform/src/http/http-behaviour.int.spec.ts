import { Controller, Get, Module, Post, type DynamicModule } from '@nestjs/common';
import { Type, type Static } from '@sinclair/typebox';
import { defaultRegistry, Strict, TextSchema } from '@utilia/contracts';
import { Roles } from '../auth/decorators';
import { BackboneModule } from '../backbone/backbone.module';
import type { ServiceConfig } from '../config/service-config';
import type { JsonLogger } from '../logging/json-logger';
import { PlatformModule } from '../service/platform.module';
import { startServiceApi, testConfig, type ServiceApi } from '../testing';
import { Created } from './location';
import { FileBody, ValidBody } from './openapi';

const ThingBody = Strict({ name: TextSchema(50), size: Type.Optional(Type.Integer({ minimum: 1 })) });

@Controller('things')
class ThingController {
  @Post()
  @Roles('csr')
  @Created((r: { id: string }) => `things/${r.id}`)
  make(@ValidBody(ThingBody) body: Static<typeof ThingBody>): { id: string } {
    return { id: body.name };
  }

  @Post('import')
  @Roles('csr')
  import(@FileBody(['text/csv'], 'things, one per line') file: string): { lines: number } {
    return { lines: file.trim().split('\n').length };
  }

  @Get('broken')
  @Roles('csr')
  broken(): never {
    throw new Error('the database said no');
  }
}

@Module({})
class KitModule {
  static register(config: ServiceConfig, logger: JsonLogger): DynamicModule {
    return {
      module: KitModule,
      imports: [PlatformModule.forService({ config, logger }), BackboneModule.forService({ registry: defaultRegistry, relay: false })],
      controllers: [ThingController],
    };
  }
}

describe('HTTP behaviour every service shares', () => {
  let api: ServiceApi;
  const records = () => api.service.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
  const post = (body: string, contentType: string) =>
    fetch(`${api.service.url}/api/v1/things`, { method: 'POST', headers: { 'content-type': contentType, authorization: 'Bearer x' }, body });

  beforeAll(async () => {
    api = await startServiceApi(testConfig('kit', { LOG_LEVEL: 'info' }), KitModule.register);
  });
  afterAll(() => api?.close());

  it('a created resource is answered 201 with its Location, and no X-Powered-By', async () => {
    const r = await api.call('POST', '/things', { name: 'kettle' });
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toBe('/api/v1/things/kettle');
    expect(r.headers.get('x-powered-by')).toBeNull();
  });

  it('an unknown field is refused with 400 naming it, with every other field at fault', async () => {
    const r = await api.call('POST', '/things', { name: '', size: 0, isAdmin: true });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ code: 'validation-failed', status: 400 });
    expect(r.body.errors).toEqual([
      { field: 'name', message: 'must not be empty' },
      { field: 'size', message: 'must be >= 1' },
      { field: 'isAdmin', message: 'is not a field of this request' },
    ]);
  });

  it('a body over 100 KiB is 413 problem+json, before any token is looked at', async () => {
    const res = await post(JSON.stringify({ name: 'x'.repeat(110 * 1024) }), 'application/json');
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 413, code: 'payload-too-large' });
  });

  it('a body that is neither JSON nor a file is 415: forms, HTML', async () => {
    for (const [body, type] of [
      ['name=kettle', 'application/x-www-form-urlencoded'],
      ['<p>kettle</p>', 'text/html'],
    ]) {
      const res = await post(body, type);
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ status: 415, code: 'unsupported-media-type' });
    }
  });

  it('a route that takes a file reads it as text, up to 10 MiB; the other kind of body is 415 on either route', async () => {
    expect(await api.upload('/things/import', 'kettle\nteapot\n', 'text/csv; charset=utf-8')).toMatchObject({ status: 201, body: { lines: 2 } });
    expect(await api.upload('/things', 'kettle\n', 'text/csv')).toMatchObject({ status: 415, body: { code: 'unsupported-media-type' } });
    expect(await api.call('POST', '/things/import', { name: 'kettle' })).toMatchObject({ status: 415, body: { code: 'unsupported-media-type' } });
    expect(await api.upload('/things/import', '<things/>', 'application/xml')).toMatchObject({ status: 415 });
    expect(await api.upload('/things/import', 'x'.repeat(11 * 1024 * 1024), 'text/csv')).toMatchObject({ status: 413, body: { code: 'payload-too-large' } });
  });

  it('malformed JSON is 400 with its own code', async () => {
    const res = await post('{"name": ', 'application/json');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: 400, code: 'malformed-json' });
  });

  it('an unexpected error is a 500 that hides its cause, and its log line carries the correlation id the response did', async () => {
    const r = await api.call('GET', '/things/broken', undefined, ['csr'], [], { 'x-correlation-id': 'corr-broken-1' });
    expect(r.status).toBe(500);
    expect(r.body).toMatchObject({ code: 'internal-error', detail: 'An unexpected error occurred' });
    expect(r.headers.get('x-correlation-id')).toBe('corr-broken-1');
    const error = records().find((l) => l.level === 'error' && l.msg === 'the database said no');
    expect(error).toMatchObject({ correlationId: 'corr-broken-1', context: 'http' });
  });

  it('every request leaves one access-log line: method, route, status, duration, correlation id and subject, never the token', async () => {
    const r = await api.call('POST', '/things', { name: 'lamp' }, ['csr'], [], { 'x-correlation-id': 'corr-access-1' });
    await new Promise((done) => setTimeout(done, 50));
    const lines = records().filter((l) => l.context === 'access' && l.correlationId === 'corr-access-1');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        method: 'POST',
        route: '/api/v1/things',
        path: '/api/v1/things',
        status: 201,
        subject: 'test-csr',
        durationMs: expect.any(Number),
      }),
    ]);
    expect(r.status).toBe(201);
    const token = (await api.call('GET', '/things/nowhere')).status;
    expect(token).toBe(404);
    expect(api.service.logs.some((l) => /Bearer|eyJ[A-Za-z0-9_-]{10,}/.test(l))).toBe(false);
    expect(records().some((l) => l.context === 'access' && l.status === 404 && l.route === null && l.path === '/api/v1/things/nowhere')).toBe(true);
  });

  it('the OpenAPI document shows each request body schema and the problem+json schema of every error', async () => {
    const doc = (await (await fetch(`${api.service.url}/docs/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          { requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }
        >
      >;
      components: { schemas: Record<string, { required?: string[] }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    const make = doc.paths['/api/v1/things'].post;
    expect(make.requestBody?.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: { name: { type: 'string', maxLength: 50 } },
    });
    expect(make.responses['4XX'].content?.['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(make.responses['401'].content?.['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(doc.components.schemas.Problem.required).toEqual(['type', 'title', 'status', 'code']);
  });
});
