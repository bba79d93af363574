import type { LoggerService } from '@nestjs/common';
import { LOG_LEVELS, type LogLevel } from '../config/service-config';
import { currentTrace } from '../tracing/trace-context';

/** One log record: a single JSON line on stdout, easy to ship and to grep. */
export interface LogRecord {
  time: string;
  level: LogLevel;
  service: string;
  context?: string;
  msg: string;
  [field: string]: unknown;
}

/** Where records go; tests collect them in memory. */
export type LogSink = (line: string) => void;

const stdoutSink: LogSink = (line) => process.stdout.write(line + '\n');

/** Hides the password of a connection URL so it can be logged. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

/**
 * Structured JSON logger used by every service and handed to Nest as its logger. A record written
 * while serving a request or handling a message carries that work's correlation and trace ids, so
 * an error line can be found from the `x-correlation-id` its response carried.
 * It never formats secrets: callers pass URLs through `redactUrl`.
 */
export class JsonLogger implements LoggerService {
  private readonly minimum: number;

  constructor(
    private readonly service: string,
    level: LogLevel = 'info',
    private readonly sink: LogSink = stdoutSink,
  ) {
    this.minimum = LOG_LEVELS.indexOf(level);
  }

  write(level: LogLevel, msg: string, fields: Record<string, unknown> = {}, context?: string): void {
    if (LOG_LEVELS.indexOf(level) < this.minimum) return;
    const record: LogRecord = { time: new Date().toISOString(), level, service: this.service, msg, ...fields };
    const trace = currentTrace();
    if (trace) {
      record.correlationId ??= trace.correlationId;
      record.traceId ??= trace.span.traceId;
    }
    if (context) record.context = context;
    this.sink(JSON.stringify(record));
  }

  info(msg: string, fields?: Record<string, unknown>, context?: string): void {
    this.write('info', msg, fields, context);
  }

  // LoggerService (Nest calls these with an optional trailing context string).
  log(message: unknown, context?: string): void {
    this.write('info', String(message), {}, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    const fields: Record<string, unknown> = {};
    if (context !== undefined && stackOrContext) fields.stack = stackOrContext;
    if (message instanceof Error) fields.stack = message.stack;
    this.write('error', message instanceof Error ? message.message : String(message), fields, context ?? stackOrContext);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', String(message), {}, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', String(message), {}, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('debug', String(message), {}, context);
  }
}
