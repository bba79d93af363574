import { json, text, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Principal } from '../auth/roles';
import type { JsonLogger } from '../logging/json-logger';
import { TraceMiddleware } from '../tracing/trace.middleware';
import { currentTrace } from '../tracing/trace-context';
import { toProblem, type ProblemDetails } from './problem-details.filter';

/** The largest JSON request body a service reads. */
export const BODY_LIMIT = '100kb';

/** The largest file (a CSV or XML upload) a route reads. */
export const FILE_LIMIT = '10mb';

/** Media types of files a route may take as its body (see `FileBody`), read as UTF-8 text (text/plain: NACHA ACH files). */
export const FILE_TYPES = ['text/csv', 'application/xml', 'text/xml', 'application/atom+xml', 'text/plain'] as const;

function send(res: Response, problem: ProblemDetails): void {
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

/**
 * Every request runs in a trace (see TraceMiddleware) and leaves one access-log line when it is
 * answered: method, route pattern, path, status, duration, correlation id and the caller's subject.
 * Never the token, the query string or the body.
 */
export function traceAndAccessLog(logger: JsonLogger): RequestHandler {
  const tracing = new TraceMiddleware();
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    tracing.use(req, res, () => {
      const trace = currentTrace();
      res.once('finish', () => {
        const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
        const route = (req as Request & { route?: { path?: string } }).route?.path ?? null;
        const principal = (req as Request & { principal?: Principal }).principal;
        logger.write(
          'info',
          `${req.method} ${route ?? req.path} ${res.statusCode}`,
          {
            method: req.method,
            route,
            path: req.path,
            status: res.statusCode,
            durationMs: Math.round(durationMs * 10) / 10,
            correlationId: trace?.correlationId,
            traceId: trace?.span.traceId,
            subject: principal?.subject ?? null,
          },
          'access',
        );
      });
      next();
    });
  };
}

/** True when the request carries a body (RFC 9112: a Content-Length above zero, or chunks). */
function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** `application/json` and JSON media types such as `application/merge-patch+json`. */
export function isJson(contentType: string | undefined): boolean {
  const type = mediaTypeOf(contentType);
  return type === 'application/json' || (type !== undefined && /^application\/[a-z0-9.+-]+\+json$/.test(type));
}

/** The media type of a request, lower case, without its parameters. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0].trim().toLowerCase();
}

function isFile(contentType: string | undefined): boolean {
  return (FILE_TYPES as readonly (string | undefined)[]).includes(mediaTypeOf(contentType));
}

/**
 * A body that is neither JSON nor one of the {@link FILE_TYPES} (HTML, a form) is answered
 * 415: the APIs read JSON, and files only where a route says so (a route answers 415 itself for
 * the other kind).
 */
export function requireJsonBodies(): RequestHandler {
  return (req, res, next) => {
    if (!hasBody(req) || isJson(req.headers['content-type']) || isFile(req.headers['content-type'])) return next();
    send(res, {
      type: 'about:blank',
      title: 'Unsupported media type',
      status: 415,
      code: 'unsupported-media-type',
      detail: `This API reads JSON request bodies (Content-Type: application/json), not ${req.headers['content-type'] ?? 'a body without a Content-Type'}.`,
      instance: req.originalUrl,
    });
  };
}

/** Express' JSON body parser (up to {@link BODY_LIMIT}), its failures answered as problem+json (413 too large, 400 malformed). */
export function jsonBodies(): RequestHandler {
  const parse = json({ limit: BODY_LIMIT, type: (req) => isJson(req.headers['content-type']) });
  return (req, res, next) => parse(req, res, (error?: unknown) => (error ? send(res, toProblem(error, req.originalUrl)) : next()));
}

/** Files (the {@link FILE_TYPES}, up to {@link FILE_LIMIT}) as a string body, failures answered as problem+json. */
export function fileBodies(): RequestHandler {
  const parse = text({ limit: FILE_LIMIT, type: (req) => isFile(req.headers['content-type']) });
  return (req, res, next) => parse(req, res, (error?: unknown) => (error ? send(res, toProblem(error, req.originalUrl)) : next()));
}
