/** Nest injection tokens for what the platform module provides. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');
export const KAFKA = Symbol('KAFKA');
export const KAFKA_PROBE = Symbol('KAFKA_PROBE');
/** The options given to `BackboneModule.forService(...)`. */
export const BACKBONE_OPTIONS = Symbol('BACKBONE_OPTIONS');
/** The service's `Clock`: the system clock unless a test gives a fixed one. */
export const CLOCK = Symbol('CLOCK');
