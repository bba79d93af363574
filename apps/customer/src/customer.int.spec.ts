import { describeServiceBoot, startTestService, testConfig, type RunningService } from '@utilia/platform/testing';
import { AppModule } from './app.module';

describeServiceBoot('customer', () => testConfig('customer'), AppModule.register);

describe('the customer OpenAPI document', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startTestService(testConfig('customer'), AppModule.register);
  });
  afterAll(() => service?.close());

  it('shows the request body schema of every command, with its required fields, and problem+json for errors', async () => {
    type Operation = {
      requestBody?: { content: Record<string, { schema: { type?: string; required?: string[]; additionalProperties?: boolean } }> };
      responses: Record<string, unknown>;
    };
    const doc = (await (await fetch(`${service.url}/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation>> };
    const commands = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => method === 'post' || method === 'put')
        .map(([method, op]) => ({ path, method, op })),
    );
    const withoutBody = commands.filter((c) => !c.op.requestBody).map((c) => `${c.method} ${c.path}`);
    expect(withoutBody).toEqual(['post /api/v1/read-models/rebuild']);
    for (const { op } of commands.filter((c) => c.op.requestBody)) {
      const schema = op.requestBody?.content['application/json'].schema;
      expect(schema).toMatchObject({ type: 'object', additionalProperties: false });
      expect(op.responses['4XX']).toBeDefined();
    }
    const moveIn = doc.paths['/api/v1/service-agreements'].post.requestBody?.content['application/json'].schema;
    expect(moveIn?.required).toEqual(['accountId', 'servicePointId', 'tariffCode', 'startDate']);
    // And what a success answers: every operation's 2xx response has its schema.
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
    const undocumented = operations
      .filter(({ path }) => path.startsWith('/api/v1/'))
      .filter(({ op }) => !Object.entries(op.responses).some(([status, r]) => status.startsWith('2') && (r as { content?: object }).content))
      .map(({ method, path }) => `${method} ${path}`);
    expect(undocumented).toEqual([]);
  });
});
