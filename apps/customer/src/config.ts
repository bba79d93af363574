import { collectConfig, env, readConfig, readServiceConfig, type ServiceConfig } from '@utilia/platform';

/** The customer service listens on 3001 unless PORT says otherwise. */
export const DEFAULT_PORT = 3001;

export interface CustomerConfig extends ServiceConfig {
  /** BACKDATE_LIMIT_DAYS: how many days in the past a move-in, move-out or tariff change may be dated (default 60). */
  backdateLimitDays: number;
  /** UTILITY_TIME_ZONE: the IANA zone business dates are read in (default UTC). */
  timeZone: string;
  /** AHEAD_LIMIT_DAYS: how many days ahead a move-in or transfer may be dated (default 90). */
  aheadLimitDays: number;
  /**
   * INVOICING_BASE_URL: where the invoicing service's API is reached by the clients of the account 360
   * view, for the link to the last invoice's document (default http://127.0.0.1:3004).
   */
  invoicingBaseUrl: string;
}

/** The invoicing service on its default port on this machine. */
export const DEFAULT_INVOICING_BASE_URL = 'http://127.0.0.1:3004';

/** A plain service config (as tests build) completed with the customer defaults. */
export function withCustomerDefaults(config: ServiceConfig & Partial<CustomerConfig>): CustomerConfig {
  return {
    ...config,
    backdateLimitDays: config.backdateLimitDays ?? 60,
    aheadLimitDays: config.aheadLimitDays ?? 90,
    timeZone: config.timeZone ?? 'UTC',
    invoicingBaseUrl: config.invoicingBaseUrl ?? DEFAULT_INVOICING_BASE_URL,
  };
}

export function loadCustomerConfig(source: Record<string, string | undefined>): CustomerConfig {
  const [service, own] = collectConfig(
    () => readServiceConfig(source, 'customer', DEFAULT_PORT),
    () =>
      readConfig(source, {
        BACKDATE_LIMIT_DAYS: env.int(0, 3650, 60),
        AHEAD_LIMIT_DAYS: env.int(0, 3650, 90),
        UTILITY_TIME_ZONE: env.timeZone('UTC'),
        INVOICING_BASE_URL: env.url(['http', 'https'], DEFAULT_INVOICING_BASE_URL),
      }),
  );
  return {
    ...service,
    backdateLimitDays: own.BACKDATE_LIMIT_DAYS,
    aheadLimitDays: own.AHEAD_LIMIT_DAYS,
    timeZone: own.UTILITY_TIME_ZONE,
    // Links are built as `${base}/api/v1/...`: a trailing slash would double.
    invoicingBaseUrl: own.INVOICING_BASE_URL.replace(/\/+$/, ''),
  };
}
