import { describeServiceBoot, startTestService, testConfig, type RunningService } from '@utilia/platform/testing';
import { AppModule } from './app.module';

describeServiceBoot('metering', () => testConfig('metering'), AppModule.register);

describe('the metering OpenAPI document', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startTestService(testConfig('metering'), AppModule.register);
  });
  afterAll(() => service?.close());

  it('shows each request body (JSON with its schema, or the file types an upload takes) and the answer of every operation', async () => {
    type Operation = {
      requestBody?: { content: Record<string, { schema: { type?: string; additionalProperties?: boolean } }> };
      responses: Record<string, { content?: object }>;
    };
    const doc = (await (await fetch(`${service.url}/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation>> };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
    const posts = operations.filter((o) => o.method === 'post' && o.path !== '/api/v1/read-models/rebuild');
    for (const { op } of posts) {
      const content = op.requestBody?.content ?? {};
      if (content['application/json']) expect(content['application/json'].schema).toMatchObject({ type: 'object', additionalProperties: false });
      else expect(Object.keys(content).length).toBeGreaterThan(0);
    }
    expect(Object.keys(doc.paths['/api/v1/readings/csv'].post.requestBody?.content ?? {})).toEqual(['text/csv']);
    expect(Object.keys(doc.paths['/api/v1/meters/{serial}/green-button'].post.requestBody?.content ?? {})).toEqual([
      'application/xml',
      'application/atom+xml',
      'text/xml',
    ]);
    const undocumented = operations
      .filter(({ path }) => path.startsWith('/api/v1/') && !path.endsWith('/green-button'))
      .filter(({ op }) => !Object.entries(op.responses).some(([status, r]) => status.startsWith('2') && r.content))
      .map(({ method, path }) => `${method} ${path}`);
    expect(undocumented).toEqual([]);
  });
});
