import * as path from 'node:path';
import { ConfigError, env, readConfig, type Reader } from '@utilia/platform';

/** Nest injection token of the {@link DocumentsConfig}. */
export const DOCUMENTS_CONFIG = Symbol('DOCUMENTS_CONFIG');

/** Who the documents come from: printed in every invoice's head and in its e-mail. */
export interface UtilityIdentity {
  name: string;
  addressLines: string[];
  phone: string;
  email: string;
  website: string;
}

/** What documents and their delivery need, from the environment (see {@link readDocumentsConfig}). */
export interface DocumentsConfig {
  utility: UtilityIdentity;
  /** SMTP_URL: where e-mail is sent (smtp:// or smtps://, may carry credentials: never logged); unset, paperless customers get post. */
  smtpUrl: string | undefined;
  /** MAIL_FROM: the sender of invoice e-mails. */
  mailFrom: string;
  /** PRINT_DIR: where print batches (PDF and manifest) are written. */
  printDir: string;
  delivery: {
    /** MAIL_MAX_ATTEMPTS: e-mail attempts before a document falls back to post. */
    maxAttempts: number;
    /** MAIL_RETRY_DELAYS: the wait after the 1st, 2nd... failed attempt (the last repeats). */
    retryDelaysMs: number[];
    /** DELIVERY_INTERVAL: how often due e-mails and finished bill runs are looked for. */
    pollIntervalMs: number;
  };
}

/** Messages of configuration problems, as constants. */
export const DocumentsConfigMessages = {
  duration: 'expected durations such as 200ms, 30s, 5m or 2h, comma-separated',
  mailFrom: 'expected an e-mail address, or a name and <address>',
  mailFromRequired: 'is required when SMTP_URL is set',
  smtpUrl: 'expected a URL like smtp://host:587 or smtps://user:password@host:465',
} as const;

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** A duration such as `200ms`, `30s`, `5m`, `2h` in milliseconds; undefined when unreadable. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+)(ms|s|m|h)$/.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : undefined;
}

const durations =
  (fallback: string): Reader<number[]> =>
  (raw) => {
    const list = (raw ?? fallback).split(',').map(parseDuration);
    if (list.length === 0 || list.some((d) => d === undefined)) throw new Error(DocumentsConfigMessages.duration);
    return list as number[];
  };

const optionalSmtpUrl: Reader<string | undefined> = (raw) => {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(DocumentsConfigMessages.smtpUrl);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(DocumentsConfigMessages.smtpUrl);
  return raw;
};

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;
const optionalMailFrom: Reader<string | undefined> = (raw) => {
  if (raw === undefined) return undefined;
  const inBrackets = /<([^<>]+)>\s*$/.exec(raw)?.[1];
  if (!ADDRESS.test((inBrackets ?? raw).trim())) throw new Error(DocumentsConfigMessages.mailFrom);
  return raw;
};

/**
 * Reads UTILITY_NAME, UTILITY_ADDRESS (lines separated by `;`), UTILITY_PHONE, UTILITY_EMAIL, UTILITY_WEBSITE,
 * SMTP_URL, MAIL_FROM, PRINT_DIR, MAIL_MAX_ATTEMPTS, MAIL_RETRY_DELAYS and DELIVERY_INTERVAL.
 * With an empty source it gives the defaults. Throws ConfigError naming each bad variable; the value
 * of SMTP_URL is never quoted (it may hold a password).
 */
export function readDocumentsConfig(source: Record<string, string | undefined>): DocumentsConfig {
  let c;
  try {
    c = readConfig(source, {
      UTILITY_NAME: env.string('Utilia Power & Water'),
      UTILITY_ADDRESS: env.string('1 Grid Street;Springfield, IL 62701;US'),
      UTILITY_PHONE: env.string('+1 555 0100'),
      UTILITY_EMAIL: env.string('billing@utilia.example'),
      UTILITY_WEBSITE: env.string('https://utilia.example'),
      SMTP_URL: optionalSmtpUrl,
      MAIL_FROM: optionalMailFrom,
      PRINT_DIR: env.string('.data/print-batches'),
      MAIL_MAX_ATTEMPTS: env.int(1, 20, 5),
      MAIL_RETRY_DELAYS: durations('1m,5m,30m,2h'),
      DELIVERY_INTERVAL: (raw) => {
        const ms = parseDuration(raw ?? '5s');
        if (ms === undefined || ms === 0) throw new Error(DocumentsConfigMessages.duration);
        return ms;
      },
    });
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(e.problems.map((p) => (p.startsWith('SMTP_URL:') ? p.replace(/ \(got ".*"\)$/s, '') : p)));
    throw e;
  }
  if (c.SMTP_URL !== undefined && c.MAIL_FROM === undefined) throw new ConfigError([`MAIL_FROM: ${DocumentsConfigMessages.mailFromRequired}`]);
  return {
    utility: {
      name: c.UTILITY_NAME,
      addressLines: c.UTILITY_ADDRESS.split(';')
        .map((l) => l.trim())
        .filter(Boolean),
      phone: c.UTILITY_PHONE,
      email: c.UTILITY_EMAIL,
      website: c.UTILITY_WEBSITE,
    },
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM ?? c.UTILITY_EMAIL,
    // Relative to where the service runs (the repository root under `npm start`; `.data/` is git-ignored).
    printDir: path.resolve(c.PRINT_DIR),
    delivery: { maxAttempts: c.MAIL_MAX_ATTEMPTS, retryDelaysMs: c.MAIL_RETRY_DELAYS, pollIntervalMs: c.DELIVERY_INTERVAL },
  };
}
