import { Injectable, Module, type MiddlewareConsumer, type NestMiddleware, type NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { startTrace, withTrace } from './trace-context';
import { formatTraceparent } from './traceparent';

/** HTTP headers that carry the trace in and out. */
export const TraceHttpHeaders = {
  traceparent: 'traceparent',
  correlationId: 'x-correlation-id',
  /** W3C Trace Context Level 2: the span that served the request, returned to the caller. */
  traceresponse: 'traceresponse',
} as const;

// A caller-supplied correlation id is echoed and logged: accept only a short, plain token.
const SAFE_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Starts the trace of an HTTP request: continues the caller's `traceparent` (or starts a new trace),
 * keeps its `x-correlation-id` (or makes one), and answers with `x-correlation-id` and `traceresponse`.
 * Everything the request does, including events it writes, runs inside that trace.
 */
@Injectable()
export class TraceMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const incoming = single(req.headers[TraceHttpHeaders.correlationId]);
    const trace = startTrace({
      traceparent: single(req.headers[TraceHttpHeaders.traceparent]),
      correlationId: incoming !== undefined && SAFE_CORRELATION_ID.test(incoming) ? incoming : undefined,
    });
    res.setHeader(TraceHttpHeaders.correlationId, trace.correlationId);
    res.setHeader(TraceHttpHeaders.traceresponse, formatTraceparent(trace.span));
    withTrace(trace, () => next());
  }
}

/** Import once in a service's module: every route runs inside a trace. */
@Module({ providers: [TraceMiddleware] })
export class TracingModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(TraceMiddleware).forRoutes('{*path}');
  }
}
