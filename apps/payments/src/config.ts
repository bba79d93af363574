import { collectConfig, env, readConfig, readServiceConfig, type ServiceConfig } from '@utilia/platform';
import { ALLOCATION_ORDERS, type AllocationOrder } from './allocation/allocate';

/** The payments service listens on 3005 unless PORT says otherwise. */
export const DEFAULT_PORT = 3005;

export interface PaymentsSettings {
  /** ALLOCATION_ORDER: `oldest-first` (default) or `fees-first`. */
  allocationOrder: AllocationOrder;
  /** IDEMPOTENCY_KEY_HOURS: how long a client's Idempotency-Key is remembered (at least 24, default 48). */
  idempotencyKeyHours: number;
}

export interface PaymentsConfig extends ServiceConfig {
  /** UTILITY_TIME_ZONE: the IANA zone of business dates (a payment's day, aging), default UTC. */
  timeZone: string;
  payments: PaymentsSettings;
}

export const DEFAULT_PAYMENTS: PaymentsSettings = { allocationOrder: 'oldest-first', idempotencyKeyHours: 48 };

/** A plain service config (as tests build) completed with the payments defaults. */
export function withPaymentsDefaults(config: ServiceConfig & Partial<PaymentsConfig>): PaymentsConfig {
  return { ...config, timeZone: config.timeZone ?? 'UTC', payments: { ...DEFAULT_PAYMENTS, ...config.payments } };
}

export function loadPaymentsConfig(source: Record<string, string | undefined>): PaymentsConfig {
  const [service, own] = collectConfig(
    () => readServiceConfig(source, 'payments', DEFAULT_PORT),
    () =>
      readConfig(source, {
        UTILITY_TIME_ZONE: env.timeZone('UTC'),
        ALLOCATION_ORDER: env.oneOf(ALLOCATION_ORDERS, DEFAULT_PAYMENTS.allocationOrder),
        IDEMPOTENCY_KEY_HOURS: env.int(24, 24 * 30, DEFAULT_PAYMENTS.idempotencyKeyHours),
      }),
  );
  return { ...service, timeZone: own.UTILITY_TIME_ZONE, payments: { allocationOrder: own.ALLOCATION_ORDER, idempotencyKeyHours: own.IDEMPOTENCY_KEY_HOURS } };
}
