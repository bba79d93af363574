export * from './traceparent';
export * from './trace-context';
export * from './trace.middleware';
