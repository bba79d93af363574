import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { JsonLogger } from '../logging/json-logger';

/** An RFC 9457 problem document. `code` is machine-readable and stable; `detail` is for people. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  errors?: Array<{ field: string; message: string }>;
}

/** Throw from a controller or use case to answer with a specific problem. */
export class ProblemError extends HttpException {
  constructor(status: number, code: string, detail: string, errors?: ProblemDetails['errors']) {
    super({ code, detail, errors }, status);
  }
}

function titleOf(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  return name ? name.toLowerCase().replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase()) : 'Error';
}

function codeOf(status: number): string {
  return (HttpStatus[status] as string | undefined)?.toLowerCase().replace(/_/g, '-') ?? 'error';
}

/** Turns any thrown error into application/problem+json; unexpected errors are logged, not shown. */
export function toProblem(error: unknown, instance?: string): ProblemDetails {
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse() as string | { code?: string; detail?: string; message?: string | string[]; errors?: ProblemDetails['errors'] };
    const b = typeof body === 'string' ? { detail: body } : body;
    const detail = b.detail ?? (Array.isArray(b.message) ? b.message.join('; ') : b.message);
    return { type: 'about:blank', title: titleOf(status), status, code: b.code ?? codeOf(status), detail, instance, errors: b.errors };
  }
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
