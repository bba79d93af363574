import 'reflect-metadata';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { Express } from 'express';
import { ConfigError } from '../config/config';
import { retryUntilReady } from '../config/retry';
import type { ServiceConfig } from '../config/service-config';
import { ensureDatabase } from '../database/database';
import { jsonSchemaOf, ProblemSchema } from '../http/openapi';
import { LocationInterceptor } from '../http/location';
import { ProblemDetailsFilter } from '../http/problem-details.filter';
import { fileBodies, jsonBodies, requireJsonBodies, traceAndAccessLog } from '../http/request-pipeline';
import { JsonLogger, redactUrl } from '../logging/json-logger';

export type ModuleFactory<C extends ServiceConfig> = (config: C, logger: JsonLogger) => DynamicModule;

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: PROBLEM_REF } } });

/**
 * The OpenAPI document shows the problem+json schema once, as a component, and every operation
 * answers its errors with it (4XX and 5XX ranges, unless the operation names the status).
 */
function withProblems(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...(document.components.schemas ?? {}), Problem: jsonSchemaOf(ProblemSchema) };
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item)) {
      if (typeof op !== 'object' || op === null || !('responses' in op)) continue;
      const responses = (op as { responses: Record<string, unknown> }).responses;
      for (const [status, response] of Object.entries(responses)) {
        // Error responses declared without a body (401, 403 of the auth decorators) get the schema.
        if (/^[45]/.test(status) && !(response as { content?: unknown }).content) (response as { content?: unknown }).content = problemResponse('').content;
      }
      responses['4XX'] ??= problemResponse(
        'The request was refused: invalid fields (400, naming each), no or a bad token (401), a missing role (403), not found (404), a conflict with the current state (409), a body over 100 KiB of JSON or 10 MiB of a file (413), a media type the route does not read (415), or a business rule (422).',
      );
      responses['5XX'] ??= problemResponse("An unexpected error; the log line carries the response's x-correlation-id.");
    }
  }
  return document;
}

/**
 * Builds a service's Nest application: waits for PostgreSQL (logging each retry), creates the
 * service's database, runs migrations, mounts the API under /api/v1, health at /health and the
 * OpenAPI document at /docs. Every request is traced and access-logged; bodies are JSON (at most
 * 100 KiB) or, on routes that take a file, CSV or XML (at most 10 MiB), 415 otherwise, 413 when
 * larger; errors are problem+json.
 */
export async function createServiceApp<C extends ServiceConfig>(
  config: C,
  buildModule: ModuleFactory<C>,
  logger: JsonLogger = new JsonLogger(config.service, config.logLevel),
): Promise<INestApplication> {
  const log = {
    warn: (msg: string, f?: Record<string, unknown>) => logger.write('warn', msg, { database: redactUrl(config.databaseUrl), ...f }, 'postgres'),
    info: (msg: string, f?: Record<string, unknown>) => logger.write('info', msg, f, 'postgres'),
  };
  const outcome = await retryUntilReady('postgres', () => ensureDatabase(config.databaseUrl, config.databaseName), log, { maxMs: 30_000 });
  if (outcome === 'created') logger.info(`created database ${config.databaseName}`, {}, 'postgres');

  // Express' body parsers are Nest's default; ours reads JSON only and answers its errors itself.
  const app = await NestFactory.create(buildModule(config, logger), { logger, abortOnError: false, bodyParser: false });
  (app.getHttpAdapter().getInstance() as Express).disable('x-powered-by');
  app.use(traceAndAccessLog(logger), requireJsonBodies(), jsonBodies(), fileBodies());
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'health/ready'] });
  app.useGlobalFilters(new ProblemDetailsFilter(logger));
  app.useGlobalInterceptors(new LocationInterceptor(app.get(Reflector)));
  app.enableShutdownHooks();
  const document = withProblems(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setOpenAPIVersion('3.1.0')
        .setTitle(`Utilia ${config.service} service`)
        .setDescription(`REST API of the ${config.service} bounded context. Errors are RFC 9457 problem+json (schema \`Problem\`).`)
        .setVersion('1')
        .addBearerAuth()
        .build(),
    ),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}

/**
 * The whole start of a service process: read and check its configuration (exit 1 naming each bad
 * variable), build the app and listen. `main.ts` of every app calls only this.
 */
export async function runService<C extends ServiceConfig>(readConfig: () => C, buildModule: ModuleFactory<C>): Promise<INestApplication> {
  let config: C;
  try {
    config = readConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: e.message, problems: e.problems })}\n`);
      process.exit(1);
    }
    throw e;
  }
  const logger = new JsonLogger(config.service, config.logLevel);
  try {
    const app = await createServiceApp(config, buildModule, logger);
    await app.listen(config.port, config.host);
    logger.info(
      `${config.service} service listening`,
      { url: `http://${config.host}:${config.port}`, docs: `http://${config.host}:${config.port}/docs` },
      'bootstrap',
    );
    return app;
  } catch (e) {
    logger.error(e instanceof Error ? e : String(e), undefined, 'bootstrap');
    process.exit(1);
  }
}
