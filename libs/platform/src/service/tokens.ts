/** Nest injection tokens for what the platform module provides. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');
export const KAFKA = Symbol('KAFKA');
export const KAFKA_PROBE = Symbol('KAFKA_PROBE');
