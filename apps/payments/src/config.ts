import { CREDIT_CHECK_RESULTS, CUSTOMER_CLASSES, PAYMENT_CHANNELS } from '@utilia/contracts';
import { collectConfig, env, readConfig, readServiceConfig, type Reader, type ServiceConfig } from '@utilia/platform';
import { ALLOCATION_ORDERS, type AllocationOrder } from './allocation/allocate';
import { parseMoratoria, type Moratorium } from './collections/exemptions';
import { parseCap, parseLateFee, type LateFeePolicy } from './collections/late-fee';
import { parseAmounts } from './deposits/deposit.rules';
import type { Channel } from './ledger/chart';

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
  /** COLLECTIONS_GRACE_DAYS: days past due before the late fee (and before an unpaid installment breaks an arrangement), default 5. */
  graceDays: number;
  /** REMINDER_DAYS: days from the late fee to the reminder, default 7. */
  reminderDays: number;
  /** FINAL_NOTICE_DAYS: days from the reminder to the final notice, default 14. */
  finalNoticeDays: number;
  /** DISCONNECTION_DAYS: days from the final notice to the disconnection request, default 10. */
  disconnectionDays: number;
  /** MINIMUM_ARREARS: past-due arrears below which collections does nothing, default 25. */
  minimumArrears: string;
  /** LATE_FEE (`1.5%` of what is past due on the invoice, or a fixed `5.00`) and LATE_FEE_CAP (an amount or `none`; a percent only). Default 1.5% capped at 25. */
  lateFee: LateFeePolicy;
  /** COLLECTIONS_MORATORIUM: periods without disconnections, e.g. `12-01..02-28,2026-07-14`, or `none` (the default). */
  moratoria: Moratorium[];
  /** COLLECTIONS_CHUNK: accounts the daily job takes per transaction, default 500. */
  collectionsChunk: number;
  /** DEPOSIT_BY_CLASS: deposit by customer class, e.g. `commercial=250,industrial=1000` (the default), or `none`. */
  depositByClass: Record<string, string>;
  /** DEPOSIT_BY_CREDIT: deposit by credit-check result, e.g. `fail=200,marginal=100`, or `none`. Default `fail=200`. */
  depositByCreditCheck: Record<string, string>;
  /** DEPOSIT_REFUND_MONTHS: months of on-time payment after which a deposit is refunded, default 12. */
  depositRefundMonths: number;
  /** DEPOSIT_REFUND_CHANNEL: how deposits are paid back, default `check`. */
  depositRefundChannel: Channel;
  /** MAX_INSTALLMENTS: the most installments an arrangement may have, default 12. */
  maxInstallments: number;
  /** INSTALLMENT_LEAD_DAYS: days before its bill an installment is raised so the bill shows it, default 5. */
  installmentLeadDays: number;
  /** INSTALLMENT_TERMS_DAYS: days from a bill to its due date, for an installment's planned due date, default 21. */
  termsDays: number;
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

export const DEFAULT_PAYMENTS: PaymentsSettings = {
  allocationOrder: 'oldest-first',
  idempotencyKeyHours: 48,
  graceDays: 5,
  reminderDays: 7,
  finalNoticeDays: 14,
  disconnectionDays: 10,
  minimumArrears: '25',
  lateFee: { kind: 'percent', percent: '1.5', cap: '25' },
  moratoria: [],
  collectionsChunk: 500,
  depositByClass: { commercial: '250', industrial: '1000' },
  depositByCreditCheck: { fail: '200' },
  depositRefundMonths: 12,
  depositRefundChannel: 'check',
  maxInstallments: 12,
  installmentLeadDays: 5,
  termsDays: 21,
  directDebits: DEFAULT_DIRECT_DEBITS,
};

/** A plain service config (as tests build) completed with the payments defaults. */
export function withPaymentsDefaults(config: ServiceConfig & Partial<PaymentsConfig>): PaymentsConfig {
  return { ...config, timeZone: config.timeZone ?? 'UTC', payments: { ...DEFAULT_PAYMENTS, ...config.payments } };
}

/** A reader of a value a parser checks (its error message says what it expected). */
const parsed =
  <T>(parse: (raw: string) => T, fallback: T): Reader<T> =>
  (raw) =>
    raw === undefined ? fallback : parse(raw);

export function loadPaymentsConfig(source: Record<string, string | undefined>): PaymentsConfig {
  const d = DEFAULT_PAYMENTS;
  const [service, own] = collectConfig(
    () => readServiceConfig(source, 'payments', DEFAULT_PORT),
    () =>
      readConfig(source, {
        UTILITY_TIME_ZONE: env.timeZone('UTC'),
        ALLOCATION_ORDER: env.oneOf(ALLOCATION_ORDERS, d.allocationOrder),
        IDEMPOTENCY_KEY_HOURS: env.int(24, 24 * 30, d.idempotencyKeyHours),
        COLLECTIONS_GRACE_DAYS: env.int(0, 90, d.graceDays),
        REMINDER_DAYS: env.int(1, 90, d.reminderDays),
        FINAL_NOTICE_DAYS: env.int(1, 90, d.finalNoticeDays),
        DISCONNECTION_DAYS: env.int(1, 90, d.disconnectionDays),
        MINIMUM_ARREARS: env.decimal(d.minimumArrears),
        LATE_FEE: parsed(parseLateFee, d.lateFee),
        LATE_FEE_CAP: parsed(parseCap, d.lateFee.kind === 'percent' ? d.lateFee.cap : null),
        COLLECTIONS_MORATORIUM: parsed(parseMoratoria, d.moratoria),
        COLLECTIONS_CHUNK: env.int(1, 10_000, d.collectionsChunk),
        DEPOSIT_BY_CLASS: parsed((raw) => parseAmounts(raw, CUSTOMER_CLASSES), d.depositByClass),
        DEPOSIT_BY_CREDIT: parsed((raw) => parseAmounts(raw, CREDIT_CHECK_RESULTS), d.depositByCreditCheck),
        DEPOSIT_REFUND_MONTHS: env.int(1, 120, d.depositRefundMonths),
        DEPOSIT_REFUND_CHANNEL: env.oneOf(PAYMENT_CHANNELS, d.depositRefundChannel),
        MAX_INSTALLMENTS: env.int(2, 36, d.maxInstallments),
        INSTALLMENT_LEAD_DAYS: env.int(0, 28, d.installmentLeadDays),
        INSTALLMENT_TERMS_DAYS: env.int(1, 90, d.termsDays),
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
      graceDays: own.COLLECTIONS_GRACE_DAYS,
      reminderDays: own.REMINDER_DAYS,
      finalNoticeDays: own.FINAL_NOTICE_DAYS,
      disconnectionDays: own.DISCONNECTION_DAYS,
      minimumArrears: own.MINIMUM_ARREARS,
      lateFee: own.LATE_FEE.kind === 'percent' ? { ...own.LATE_FEE, cap: own.LATE_FEE_CAP } : own.LATE_FEE,
      moratoria: own.COLLECTIONS_MORATORIUM,
      collectionsChunk: own.COLLECTIONS_CHUNK,
      depositByClass: own.DEPOSIT_BY_CLASS,
      depositByCreditCheck: own.DEPOSIT_BY_CREDIT,
      depositRefundMonths: own.DEPOSIT_REFUND_MONTHS,
      depositRefundChannel: own.DEPOSIT_REFUND_CHANNEL,
      maxInstallments: own.MAX_INSTALLMENTS,
      installmentLeadDays: own.INSTALLMENT_LEAD_DAYS,
      termsDays: own.INSTALLMENT_TERMS_DAYS,
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
