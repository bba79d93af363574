// Helpers for the tests of every service: real PostgreSQL and Kafka, services booted in-process.
export * from './service';
export * from './service-api';
export * from './deciders';
export * from './infra';
export * from './publisher';
