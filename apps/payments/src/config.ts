import { collectConfig, env, readConfig, readServiceConfig, type ServiceConfig } from '@utilia/platform';
import { ALLOCATION_ORDERS, type AllocationOrder } from './allocation/allocate';

/** The payments service listens on 3005 unless PORT says otherwise. */
export const DEFAULT_PORT = 3005;

/** Who collects direct debits: the utility as a SEPA creditor and as an ACH originator. */
export interface DirectDebitSettings {
  /** DD_CREDITOR_NAME, DD_CREDITOR_IBAN, DD_CREDITOR_BIC, DD_CREDITOR_ID (the SEPA creditor identifier). */
  creditor: { name: string; iban: string; bic: string; creditorId: string };
  /** ACH_*: the company, its id, the originating bank (8 digits) and where the file goes. */
  ach: {
    companyName: string;
    companyIdentification: string;
    originatingDfi: string;
    immediateDestination: string;
    immediateDestinationName: string;
    immediateOrigin: string;
    immediateOriginName: string;
  };
}

export interface PaymentsSettings {
  /** ALLOCATION_ORDER: `oldest-first` (default) or `fees-first`. */
  allocationOrder: AllocationOrder;
  /** IDEMPOTENCY_KEY_HOURS: how long a client's Idempotency-Key is remembered (at least 24, default 48). */
  idempotencyKeyHours: number;
  directDebits: DirectDebitSettings;
}

export interface PaymentsConfig extends ServiceConfig {
  /** UTILITY_TIME_ZONE: the IANA zone of business dates (a payment's day, aging), default UTC. */
  timeZone: string;
  payments: PaymentsSettings;
}

/** A demo utility's banking details (valid in form; replace them with the utility's own). */
export const DEFAULT_DIRECT_DEBITS: DirectDebitSettings = {
  creditor: { name: 'Utilia Power and Water', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', creditorId: 'DE98ZZZ09999999999' },
  ach: {
    companyName: 'UTILIA POWER',
    companyIdentification: '1234567890',
    originatingDfi: '07640125',
    immediateDestination: '076401251',
    immediateDestinationName: 'DEMO BANK',
    immediateOrigin: '1234567890',
    immediateOriginName: 'UTILIA POWER AND WATER',
  },
};

export const DEFAULT_PAYMENTS: PaymentsSettings = { allocationOrder: 'oldest-first', idempotencyKeyHours: 48, directDebits: DEFAULT_DIRECT_DEBITS };

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
        DD_CREDITOR_NAME: env.string(DEFAULT_DIRECT_DEBITS.creditor.name),
        DD_CREDITOR_IBAN: env.string(DEFAULT_DIRECT_DEBITS.creditor.iban),
        DD_CREDITOR_BIC: env.string(DEFAULT_DIRECT_DEBITS.creditor.bic),
        DD_CREDITOR_ID: env.string(DEFAULT_DIRECT_DEBITS.creditor.creditorId),
        ACH_COMPANY_NAME: env.string(DEFAULT_DIRECT_DEBITS.ach.companyName),
        ACH_COMPANY_ID: env.string(DEFAULT_DIRECT_DEBITS.ach.companyIdentification),
        ACH_ORIGINATING_DFI: env.string(DEFAULT_DIRECT_DEBITS.ach.originatingDfi),
        ACH_DESTINATION: env.string(DEFAULT_DIRECT_DEBITS.ach.immediateDestination),
        ACH_DESTINATION_NAME: env.string(DEFAULT_DIRECT_DEBITS.ach.immediateDestinationName),
        ACH_ORIGIN: env.string(DEFAULT_DIRECT_DEBITS.ach.immediateOrigin),
        ACH_ORIGIN_NAME: env.string(DEFAULT_DIRECT_DEBITS.ach.immediateOriginName),
      }),
  );
  return {
    ...service,
    timeZone: own.UTILITY_TIME_ZONE,
    payments: {
      allocationOrder: own.ALLOCATION_ORDER,
      idempotencyKeyHours: own.IDEMPOTENCY_KEY_HOURS,
      directDebits: {
        creditor: { name: own.DD_CREDITOR_NAME, iban: own.DD_CREDITOR_IBAN, bic: own.DD_CREDITOR_BIC, creditorId: own.DD_CREDITOR_ID },
        ach: {
          companyName: own.ACH_COMPANY_NAME,
          companyIdentification: own.ACH_COMPANY_ID,
          originatingDfi: own.ACH_ORIGINATING_DFI,
          immediateDestination: own.ACH_DESTINATION,
          immediateDestinationName: own.ACH_DESTINATION_NAME,
          immediateOrigin: own.ACH_ORIGIN,
          immediateOriginName: own.ACH_ORIGIN_NAME,
        },
      },
    },
  };
}
