import { ConfigError } from '@utilia/platform';
import { invoiceEmailOf } from '../copies/document-copies.projections';
import { buildInvoiceDocument } from '../documents/document-model';
import { DocumentsConfigMessages, parseDuration, readDocumentsConfig } from '../documents/documents.config';
import { invoiceFacts } from '../documents/testing';
import { afterFailure, DeliveryReasons, isPermanentSmtpFailure, maskedAddress, planDelivery, redactAddresses } from './delivery-policy';
import { documentMail } from './mailer';
import { csvField, MANIFEST_COLUMNS, manifestRow } from './print-batch';

describe("a document's delivery channel", () => {
  const paperless = { paperless: true, email: 'ada@example.org', hasBillingAddress: true };

  it('a paperless customer with an e-mail address gets e-mail', () => {
    expect(planDelivery(paperless, true)).toEqual({ channel: 'email', emailTo: 'ada@example.org' });
  });

  it('a paperless customer gets post, with the reason, when e-mail is not configured or there is no address', () => {
    expect(planDelivery(paperless, false)).toEqual({ channel: 'post', fallbackReason: DeliveryReasons.emailNotConfigured });
    expect(planDelivery({ ...paperless, email: null }, true)).toEqual({ channel: 'post', fallbackReason: DeliveryReasons.noEmailAddress });
  });

  it('a paper customer gets post; without a billing address the document cannot go', () => {
    expect(planDelivery({ ...paperless, paperless: false }, true)).toEqual({ channel: 'post', fallbackReason: null });
    expect(planDelivery({ paperless: false, email: null, hasBillingAddress: false }, true)).toEqual({
      channel: 'post',
      undeliverable: DeliveryReasons.noBillingAddress,
      fallbackReason: null,
    });
  });

  it('the e-mail address is the primary e-mail contact point, else the first e-mail one', () => {
    expect(
      invoiceEmailOf([
        { kind: 'phone', value: '+1 555 0101', primary: true },
        { kind: 'email', value: 'old@example.org', primary: false },
        { kind: 'email', value: 'ada@example.org', primary: true },
      ]),
    ).toBe('ada@example.org');
    expect(invoiceEmailOf([{ kind: 'email', value: 'only@example.org', primary: false }])).toBe('only@example.org');
    expect(invoiceEmailOf([{ kind: 'phone', value: '+1 555 0101', primary: true }])).toBeNull();
  });
});

describe('a failed e-mail attempt', () => {
  const policy = { maxAttempts: 3, retryDelaysMs: [60_000, 300_000] };
  const now = new Date('2026-07-07T10:00:00Z');
  const busy = { permanent: false, error: '451 try later' };

  it('is tried again after the delay of its attempt, the last delay repeating', () => {
    expect(afterFailure(1, busy, policy, now)).toEqual({ retryAt: new Date('2026-07-07T10:01:00Z') });
    expect(afterFailure(2, busy, { ...policy, maxAttempts: 5 }, now)).toEqual({ retryAt: new Date('2026-07-07T10:05:00Z') });
    expect(afterFailure(4, busy, { ...policy, maxAttempts: 5 }, now)).toEqual({ retryAt: new Date('2026-07-07T10:05:00Z') });
  });

  it('falls back to post after the last attempt, saying how often it failed and why', () => {
    expect(afterFailure(3, busy, policy, now)).toEqual({ fallbackReason: 'the e-mail failed 3 times: 451 try later' });
  });

  it('falls back to post at once when the server refused the message for good (5xx to the envelope or the message)', () => {
    expect(afterFailure(1, { permanent: true, error: '550 no such user' }, policy, now)).toEqual({
      fallbackReason: DeliveryReasons.emailRefused('550 no such user'),
    });
    expect(isPermanentSmtpFailure({ code: 'EENVELOPE', responseCode: 550 })).toBe(true);
    expect(isPermanentSmtpFailure({ code: 'EENVELOPE', responseCode: 451 })).toBe(false);
    // A login refused or a server away is the configuration's or the moment's problem: tried again.
    expect(isPermanentSmtpFailure({ code: 'EAUTH', responseCode: 535 })).toBe(false);
    expect(isPermanentSmtpFailure({ code: 'ECONNECTION' })).toBe(false);
  });

  it('keeps no e-mail address unmasked from the error', () => {
    expect(redactAddresses("Can't send mail - all recipients were rejected: 550 5.1.1 <ada.lovelace@example.org>: unknown")).toBe(
      "Can't send mail - all recipients were rejected: 550 5.1.1 <a***@example.org>: unknown",
    );
    expect(maskedAddress('x@y.org')).toBe('x***@y.org');
  });
});

describe("a document's e-mail", () => {
  it('says what is attached, the amount due by when and the payment reference, and attaches the PDF named by its number', () => {
    const d = buildInvoiceDocument(invoiceFacts());
    const mail = documentMail(d, Buffer.from('%PDF-'), 'ada@example.org');
    expect(mail.subject).toBe('Utilia Power & Water: Invoice INV-000000042, USD 94.15 due 28 July 2026');
    expect(mail.text).toContain('Dear Ada Lovelace,');
    expect(mail.text).toContain('Amount due: USD 94.15, by 28 July 2026.');
    expect(mail.text).toMatch(/Payment reference: RF\d\d INV0 0000 0042/);
    expect(mail.attachment.filename).toBe('INV-000000042.pdf');
  });
});

describe("the mail house's manifest", () => {
  it('has one line per document: sequence, numbers, name, address lines, postal code, country, pages and its first page in the PDF', () => {
    const d = buildInvoiceDocument(invoiceFacts());
    expect(MANIFEST_COLUMNS.join(',')).toBe(
      'sequence,document_number,account_number,name,address_line_1,address_line_2,address_line_3,postal_code,country,pages,first_page',
    );
    expect(manifestRow(3, d, 2, 5)).toBe('3,INV-000000042,0000004242,Ada Lovelace,PO Box 1,,"Springfield, IL",62701,US,2,5');
  });

  it('quotes commas, quotes and line breaks (RFC 4180) and defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('Smith, "Bob"')).toBe('"Smith, ""Bob"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-5 Rue')).toBe("'-5 Rue");
    expect(csvField(12)).toBe('12');
  });
});

describe('documents and delivery settings', () => {
  it('have defaults: no e-mail, five attempts, print batches under .data/', () => {
    const c = readDocumentsConfig({});
    expect(c.smtpUrl).toBeUndefined();
    expect(c.delivery).toEqual({ maxAttempts: 5, retryDelaysMs: [60_000, 300_000, 1_800_000, 7_200_000], pollIntervalMs: 5000 });
    expect(c.printDir).toMatch(/\.data\/print-batches$/);
    expect(c.utility.addressLines).toEqual(['1 Grid Street', 'Springfield, IL 62701', 'US']);
  });

  it('read durations with units, and MAIL_FROM is required with SMTP_URL', () => {
    expect([parseDuration('200ms'), parseDuration('30s'), parseDuration('5m'), parseDuration('2h'), parseDuration('5')]).toEqual([
      200,
      30_000,
      300_000,
      7_200_000,
      undefined,
    ]);
    expect(() => readDocumentsConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' })).toThrow(`MAIL_FROM: ${DocumentsConfigMessages.mailFromRequired}`);
    expect(readDocumentsConfig({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'Utilia <billing@utilia.example>' }).mailFrom).toBe(
      'Utilia <billing@utilia.example>',
    );
  });

  it('name every bad variable, but never repeat the SMTP URL (it may hold a password)', () => {
    let error: ConfigError | undefined;
    try {
      readDocumentsConfig({ SMTP_URL: 'http://user:hunter2@mail', MAIL_RETRY_DELAYS: '1m,soon', MAIL_FROM: 'nobody' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems.map((p) => p.split(':')[0])).toEqual(['SMTP_URL', 'MAIL_FROM', 'MAIL_RETRY_DELAYS']);
    expect(error?.message).not.toContain('hunter2');
  });
});
