import 'reflect-metadata';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ConfigError } from '../config/config';
import { retryUntilReady } from '../config/retry';
import type { ServiceConfig } from '../config/service-config';
import { ensureDatabase } from '../database/database';
import { ProblemDetailsFilter } from '../http/problem-details.filter';
import { JsonLogger, redactUrl } from '../logging/json-logger';

export type ModuleFactory<C extends ServiceConfig> = (config: C, logger: JsonLogger) => DynamicModule;

/**
 * Builds a service's Nest application: waits for PostgreSQL (logging each retry), creates the
 * service's database, runs migrations, mounts the API under /api/v1, health at /health and the
 * OpenAPI document at /docs.
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

  const app = await NestFactory.create(buildModule(config, logger), { logger, abortOnError: false });
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'health/ready'] });
  app.useGlobalFilters(new ProblemDetailsFilter(logger));
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`Utilia ${config.service} service`)
      .setDescription(`REST API of the ${config.service} bounded context. Errors are RFC 9457 problem+json.`)
      .setVersion('1')
      .addBearerAuth()
      .build(),
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
    logger.info(`${config.service} service listening`, { url: `http://${config.host}:${config.port}`, docs: `http://${config.host}:${config.port}/docs` }, 'bootstrap');
    return app;
  } catch (e) {
    logger.error(e instanceof Error ? e : String(e), undefined, 'bootstrap');
    process.exit(1);
  }
}
