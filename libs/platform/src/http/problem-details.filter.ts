import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RuleViolation, ValidationFailed, type FieldError } from '../domain/rules';
import type { JsonLogger } from '../logging/json-logger';

/** An RFC 9457 problem document. `code` is machine-readable and stable; `detail` is for people. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
}

/** Throw from a controller or use case to answer with a specific problem. */
export class ProblemError extends HttpException {
  constructor(status: number, code: string, detail: string, errors?: ProblemDetails['errors']) {
    super({ code, detail, errors }, status);
  }
}

function titleOf(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  return name
    ? name
        .toLowerCase()
        .replace(/_/g, ' ')
        .replace(/^\w/, (c) => c.toUpperCase())
    : 'Error';
}

function codeOf(status: number): string {
  return (HttpStatus[status] as string | undefined)?.toLowerCase().replace(/_/g, '-') ?? 'error';
}

const RULE_STATUS = { conflict: 409, unprocessable: 422, 'not-found': 404 } as const;

/**
 * What Express' body parser (body-parser) throws for a body it cannot read, by its documented
 * `type`: the status it carries and the code we answer with.
 */
const BODY_PARSER_PROBLEMS: Record<string, { status: number; code: string; detail: string }> = {
  'entity.too.large': {
    status: 413,
    code: 'payload-too-large',
    detail: 'The request body is larger than this API accepts (100 KiB of JSON, 10 MiB for a file).',
  },
  'entity.parse.failed': { status: 400, code: 'malformed-json', detail: 'The request body is not valid JSON.' },
  'encoding.unsupported': { status: 415, code: 'unsupported-content-encoding', detail: 'The request body has a content encoding this API does not read.' },
  'charset.unsupported': { status: 415, code: 'unsupported-charset', detail: 'The request body has a charset this API does not read (use UTF-8).' },
  'request.aborted': { status: 400, code: 'request-aborted', detail: 'The request body ended before its announced length.' },
  'request.size.invalid': { status: 400, code: 'request-size-invalid', detail: 'The request body does not match its Content-Length.' },
};

function problem(status: number, code: string, detail: string | undefined, instance?: string, errors?: FieldError[]): ProblemDetails {
  return { type: 'about:blank', title: titleOf(status), status, code, detail, instance, errors };
}

/** Turns any thrown error into application/problem+json; unexpected errors are logged, not shown. */
export function toProblem(error: unknown, instance?: string): ProblemDetails {
  if (error instanceof ValidationFailed) return problem(400, 'validation-failed', 'the request has invalid fields', instance, error.errors);
  if (error instanceof RuleViolation) return problem(RULE_STATUS[error.kind], error.code, error.message, instance);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse() as string | { code?: string; detail?: string; message?: string | string[]; errors?: ProblemDetails['errors'] };
    const b = typeof body === 'string' ? { detail: body } : body;
    const detail = b.detail ?? (Array.isArray(b.message) ? b.message.join('; ') : b.message);
    return problem(status, b.code ?? codeOf(status), detail, instance, b.errors);
  }
  const parser = BODY_PARSER_PROBLEMS[(error as { type?: string } | null)?.type ?? ''];
  if (parser) return problem(parser.status, parser.code, parser.detail, instance);
  return { type: 'about:blank', title: 'Internal server error', status: 500, code: 'internal-error', detail: 'An unexpected error occurred', instance };
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const problem = toProblem(error, req?.originalUrl);
    if (problem.status >= 500) this.logger.error(error instanceof Error ? error : String(error), undefined, 'http');
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
