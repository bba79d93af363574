import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { headlineOf, type BillingDocument } from '../documents/document-model';
import { DOCUMENTS_CONFIG, type DocumentsConfig } from '../documents/documents.config';
import { formatDate, formatMoney } from '../documents/format';
import { printedReference } from '../documents/payment-reference';
import { isPermanentSmtpFailure, redactAddresses, type AttemptFailure } from './delivery-policy';

/** An e-mail with one PDF attached. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  attachment: { filename: string; content: Buffer };
}

/** The e-mail of a document: what it is, the amount and date, the payment reference, the PDF attached. Pure. */
export function documentMail(d: BillingDocument, pdf: Buffer, to: string): OutgoingMail {
  const headline = headlineOf(d);
  const amount = formatMoney(headline.amount, d.currency);
  const what = d.type === 'invoice' ? `Invoice ${d.number}` : `Credit note ${d.number}`;
  const lines =
    d.type === 'invoice'
      ? [
          `Your invoice ${d.number} of ${formatDate(d.issueDate)} for account ${d.accountNumber} is attached.`,
          '',
          headline.nothingToPay ? `Amount due: ${amount}. Nothing to pay: your account is in credit.` : `Amount due: ${amount}, by ${formatDate(d.dueDate)}.`,
          `Payment reference: ${printedReference(d.paymentReference)}`,
        ]
      : [
          `Your credit note ${d.number} of ${formatDate(d.issueDate)} for account ${d.accountNumber} is attached.`,
          '',
          `It credits invoice ${d.invoiceNumber}: ${amount}.`,
        ];
  return {
    to,
    subject: d.type === 'invoice' ? `${d.utility.name}: ${what}, ${amount} due ${formatDate(d.dueDate)}` : `${d.utility.name}: ${what}, ${amount} credited`,
    text: [`Dear ${d.addressee.name},`, '', ...lines, '', `${d.utility.name}`, `${d.utility.phone} · ${d.utility.email} · ${d.utility.website}`, ''].join('\n'),
    attachment: { filename: `${d.number}.pdf`, content: pdf },
  };
}

/** A send that did not go through: whether the server refused it for good, and its message with addresses masked. */
export class MailFailure extends Error implements AttemptFailure {
  constructor(
    readonly error: string,
    readonly permanent: boolean,
    readonly code: string | undefined,
  ) {
    super(error);
    this.name = 'MailFailure';
  }
}

/**
 * Sends e-mail through the SMTP server of SMTP_URL (nodemailer). Not configured when SMTP_URL is
 * unset. The URL may hold credentials: it is never logged, and errors keep no address unmasked.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private transport?: Transporter;

  constructor(@Inject(DOCUMENTS_CONFIG) private readonly config: DocumentsConfig) {}

  get configured(): boolean {
    return this.config.smtpUrl !== undefined;
  }

  /** @returns the message id the server accepted. @throws MailFailure */
  async send(mail: OutgoingMail): Promise<string> {
    if (!this.config.smtpUrl) throw new MailFailure('e-mail is not configured', false, 'ENOTCONFIGURED');
    // Shorter than nodemailer's defaults (2 min, 10 min): a hung server must not hold a delivery row locked for long.
    this.transport ??= createTransport({ url: this.config.smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 });
    try {
      const info = await this.transport.sendMail({
        from: this.config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        attachments: [{ filename: mail.attachment.filename, content: mail.attachment.content, contentType: 'application/pdf' }],
      });
      return String(info.messageId);
    } catch (e) {
      const err = e as Error & { code?: string; responseCode?: number };
      throw new MailFailure(redactAddresses(err.message ?? String(e)).slice(0, 400), isPermanentSmtpFailure(err), err.code);
    }
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
