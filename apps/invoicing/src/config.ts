import { collectConfig, env, readConfig, readServiceConfig, type ServiceConfig } from '@utilia/platform';
import { DEFAULT_CHECKS, type CheckSettings } from './bills/checks';
import { readDocumentsConfig, type DocumentsConfig } from './documents/documents.config';

/** The invoicing service listens on 3004 unless PORT says otherwise. */
export const DEFAULT_PORT = 3004;

/** What happens to a bill whose usage metering has not sent in time. */
export const USAGE_TIMEOUT_POLICIES = ['estimate', 'hold'] as const;
export type UsageTimeoutPolicy = (typeof USAGE_TIMEOUT_POLICIES)[number];

export interface BillingSettings {
  /** USAGE_TIMEOUT_MINUTES: how long a bill waits for its usage (default 240), in seconds. */
  usageTimeoutSeconds: number;
  /**
   * USAGE_TIMEOUT_POLICY: `estimate` (default) bills an estimate from the agreement's earlier bills
   * (rebilled when the actual usage comes), or `hold` for billing-ops; with no history to estimate
   * from, the bill is held either way.
   */
  usageTimeoutPolicy: UsageTimeoutPolicy;
  /** BILLING_SWEEP_SECONDS: how often overdue usage and bill runs still starting are looked at (default 30). */
  sweepSeconds: number;
  /** BILL_RUN_CHUNK: agreements a run starts per transaction (default 1000). */
  runChunk: number;
  /** The checks before issue (BILL_HIGH_FACTOR, BILL_FIRST_LIMIT, BILL_ESTIMATED_PERIODS). */
  checks: CheckSettings;
}

export interface InvoicingConfig extends ServiceConfig {
  /** UTILITY_TIME_ZONE: the IANA zone of business dates (a rebill's issue date), default UTC. */
  timeZone: string;
  billing: BillingSettings;
  /** Documents and delivery (their defaults when absent, as tests build it: e-mail off). */
  documents?: DocumentsConfig;
}

export const DEFAULT_BILLING: BillingSettings = {
  usageTimeoutSeconds: 240 * 60,
  usageTimeoutPolicy: 'estimate',
  sweepSeconds: 30,
  runChunk: 1000,
  checks: DEFAULT_CHECKS,
};

/** A plain service config (as tests build) completed with the invoicing defaults. */
export function withInvoicingDefaults(config: ServiceConfig & Partial<InvoicingConfig>): InvoicingConfig {
  return { ...config, timeZone: config.timeZone ?? 'UTC', billing: { ...DEFAULT_BILLING, ...config.billing } };
}

export function loadInvoicingConfig(source: Record<string, string | undefined>): InvoicingConfig {
  const [service, [documents, own]] = collectConfig(
    () => readServiceConfig(source, 'invoicing', DEFAULT_PORT),
    () =>
      collectConfig(
        () => readDocumentsConfig(source),
        () =>
          readConfig(source, {
            UTILITY_TIME_ZONE: env.timeZone('UTC'),
            USAGE_TIMEOUT_MINUTES: env.int(1, 7 * 24 * 60, DEFAULT_BILLING.usageTimeoutSeconds / 60),
            USAGE_TIMEOUT_POLICY: env.oneOf(USAGE_TIMEOUT_POLICIES, DEFAULT_BILLING.usageTimeoutPolicy),
            BILLING_SWEEP_SECONDS: env.int(1, 3600, DEFAULT_BILLING.sweepSeconds),
            BILL_RUN_CHUNK: env.int(1, 10_000, DEFAULT_BILLING.runChunk),
            BILL_HIGH_FACTOR: env.decimal(DEFAULT_CHECKS.highBillFactor),
            BILL_FIRST_LIMIT: env.decimal(DEFAULT_CHECKS.firstBillLimit),
            BILL_ESTIMATED_PERIODS: env.int(1, 24, DEFAULT_CHECKS.estimatedPeriods),
          }),
      ),
  );
  return {
    ...service,
    documents,
    timeZone: own.UTILITY_TIME_ZONE,
    billing: {
      usageTimeoutSeconds: own.USAGE_TIMEOUT_MINUTES * 60,
      usageTimeoutPolicy: own.USAGE_TIMEOUT_POLICY,
      sweepSeconds: own.BILLING_SWEEP_SECONDS,
      runChunk: own.BILL_RUN_CHUNK,
      checks: { highBillFactor: own.BILL_HIGH_FACTOR, firstBillLimit: own.BILL_FIRST_LIMIT, estimatedPeriods: own.BILL_ESTIMATED_PERIODS },
    },
  };
}
