import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { signToken, type Role } from '@utilia/platform';
import { startServiceApi, testConfig } from '@utilia/platform/testing';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { AppModule } from '../app.module';
import { readDocumentsConfig } from '../documents/documents.config';
import { startPublisher, type InvoicingWorld } from '../testing';

/**
 * A real SMTP server in this process (smtp-server) that keeps what it received, parsed (mailparser),
 * and counts each recipient's attempts; `refuse` makes it answer a recipient with an error code.
 */
export class TestSmtpServer {
  readonly messages: ParsedMail[] = [];
  readonly attempts = new Map<string, number>();
  refuse: (recipient: string) => { code: number; message: string } | undefined = () => undefined;
  private server?: SMTPServer;
  url = '';

  async start(): Promise<void> {
    const server = new SMTPServer({
      // Plain SMTP on the loopback only; no TLS or login to set up for a test.
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address: SMTPServerAddress, _session, callback) => {
        const to = address.address.toLowerCase();
        this.attempts.set(to, (this.attempts.get(to) ?? 0) + 1);
        const refusal = this.refuse(to);
        if (!refusal) return callback();
        callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.messages.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.server = server;
    this.url = `smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  }

  /** The messages received for an address. */
  to(address: string): ParsedMail[] {
    const wanted = address.toLowerCase();
    return this.messages.filter((m) => [m.to ?? []].flat().some((t) => t.value.some((v) => v.address?.toLowerCase() === wanted)));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A world whose invoicing service sends e-mail to a test SMTP server and prints batches into a temporary directory. */
export interface DocumentsWorld extends InvoicingWorld {
  printDir: string;
  /** GETs a document (PDF, HTML, CSV) as bytes with a token of these roles (and accounts, for a customer). */
  fetch(path: string, roles: Role[], accounts?: string[]): Promise<{ status: number; bytes: Buffer; type: string | null; text: string }>;
}

/** Invoicing in-process, configured for delivery with `smtpUrl`, fast retries (three attempts, 300 ms apart) and polling every 200 ms. */
export async function startDocumentsWorld(smtpUrl: string): Promise<DocumentsWorld> {
  const printDir = await mkdtemp(path.join(tmpdir(), 'utilia-print-'));
  const base = testConfig('invoicing');
  const documents = readDocumentsConfig({
    SMTP_URL: smtpUrl,
    MAIL_FROM: 'Utilia Billing <billing@utilia.example>',
    MAIL_MAX_ATTEMPTS: '3',
    MAIL_RETRY_DELAYS: '300ms',
    DELIVERY_INTERVAL: '200ms',
    PRINT_DIR: printDir,
  });
  const publisher = await startPublisher();
  const api = await startServiceApi({ ...base, documents }, AppModule.register);
  return {
    api,
    printDir,
    publish: publisher.publish,
    async fetch(p, roles, accounts = []) {
      const token = await signToken({ subject: `test-${roles[0]}`, roles, accounts }, base.auth, { ttlSeconds: 600 });
      const res = await fetch(`${api.service.url}/api/v1${p}`, { headers: { authorization: `Bearer ${token}` } });
      const bytes = Buffer.from(await res.arrayBuffer());
      return { status: res.status, bytes, type: res.headers.get('content-type'), text: bytes.toString('utf8') };
    },
    async close() {
      await publisher.close();
      await api.close();
    },
  };
}
