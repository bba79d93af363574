// First, before anything loads kafkajs: the platform's Kafka codec replaces parts of kafkajs that
// its producer captures when it loads (see kafka/fast-codec).
import { installFastKafkaCodec } from './kafka/fast-codec';
installFastKafkaCodec();

export * from './config/config';
export * from './config/service-config';
export * from './config/retry';
export * from './logging/json-logger';
export * from './database/database';
export * from './kafka/kafka';
export * from './kafka/record-codec';
export * from './health/probes';
export * from './health/health.controller';
export * from './http/problem-details.filter';
export * from './service/tokens';
export * from './service/platform.module';
export * from './service/bootstrap';
export * from './tracing';
export * from './backbone';
export * from './auth';
