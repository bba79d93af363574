import { InvoiceDeliveredV1, type Uuid } from '@utilia/contracts';
import { event, type CommandRunner, type CommandTx } from '@utilia/platform';
import type { BillingDocument } from '../documents/document-model';
import { findDocument, withPdf, type DocumentKind, type StoredDocument } from '../documents/document.handler';
import { afterFailure, planDelivery, postPlan, type RetryPolicy } from './delivery-policy';
import { documentMail, MailFailure, type Mailer } from './mailer';

/** InvoiceDelivered for a document, on its own stream (the document's id). */
export async function appendDelivered(
  tx: CommandTx,
  d: { documentId: string; documentNumber: string; accountId: string },
  how: { channel: 'email' | 'post'; printBatchId?: string; fallbackReason?: string | null },
): Promise<void> {
  await tx.append(d.documentId, 'any', [
    event(InvoiceDeliveredV1, {
      documentId: d.documentId as Uuid,
      documentNumber: d.documentNumber,
      accountId: d.accountId as Uuid,
      channel: how.channel,
      deliveredAt: tx.now.toISOString(),
      ...(how.printBatchId ? { printBatchId: how.printBatchId as Uuid } : {}),
      ...(how.fallbackReason ? { fallbackReason: how.fallbackReason } : {}),
    }),
  ]);
}

/**
 * A new document's delivery by the customer's preference (see `planDelivery`): an e-mail due now,
 * or a paper copy waiting for its print batch (its run's, or one made on demand), or undeliverable
 * (post without a billing address), with the reason. Once per document; none for a document issued
 * before delivery was installed (its customer had it already: the cutover of the migration).
 * Returns whether a delivery was recorded.
 */
export async function recordDelivery(tx: CommandTx, doc: StoredDocument, runId: string | null, emailConfigured: boolean): Promise<boolean> {
  const [issued] = await tx.query<{ before_cutover: boolean }>(
    `select coalesce((select issued_at from invoice where id = $1), (select issued_at from credit_note where id = $1)) < (select since from delivery_cutover) as before_cutover`,
    [doc.id],
    'inv_delivery_cutover',
  );
  if (issued?.before_cutover) return false;
  const [customer] = await tx.query<{ email: string | null; paperless: boolean }>(
    'select c.email, c.paperless from i_account a join i_customer c on c.id = a.customer_id where a.id = $1',
    [doc.accountId],
    'inv_delivery_customer',
  );
  // The paper copy goes where the document says: the billing address it was made with.
  const plan = planDelivery(
    { paperless: customer?.paperless ?? false, email: customer?.email ?? null, hasBillingAddress: doc.model.addressee.address !== null },
    emailConfigured,
  );
  const email = plan.channel === 'email';
  const undeliverable = 'undeliverable' in plan ? plan.undeliverable : null;
  await tx.query(
    `insert into delivery (document_id, document_kind, document_number, account_id, run_id, channel, status, email_to, next_attempt_at, last_error, fallback_reason)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict (document_id) do nothing`,
    [
      doc.id,
      doc.kind,
      doc.number,
      doc.accountId,
      runId,
      plan.channel,
      undeliverable ? 'undeliverable' : 'pending',
      email ? plan.emailTo : null,
      email ? tx.now : null,
      undeliverable,
      plan.channel === 'post' ? plan.fallbackReason : null,
    ],
  );
  return true;
}

/** What one pass of the e-mail sender did with a due delivery. */
export interface EmailOutcome {
  documentNumber: string;
  attempts: number;
  outcome: 'sent' | 'retry' | 'post' | 'undeliverable';
  error?: string;
  code?: string;
}

/**
 * Sends the next due e-mail, if any: the delivery is taken `for update skip locked` (another worker
 * takes the next one) and stays locked while the server answers, so it is sent by one worker at a
 * time; a crash before commit leaves it due (it may then be sent twice, never lost). Accepted:
 * InvoiceDelivered. Failed: retried after the policy's delay, or after the last attempt (or a
 * permanent refusal) it falls back to post with the reason.
 */
export async function sendNextDueEmail(commands: CommandRunner, mailer: Mailer, policy: RetryPolicy): Promise<EmailOutcome | undefined> {
  return commands.run(async (tx) => {
    const [d] = await tx.query<{
      document_id: string;
      document_number: string;
      account_id: string;
      email_to: string;
      attempts: number;
      document_kind: DocumentKind;
      model: BillingDocument;
    }>(
      `select d.document_id, d.document_kind, d.document_number, d.account_id, d.email_to, d.attempts, doc.model
         from delivery d join document doc on doc.id = d.document_id
        where d.channel = 'email' and d.status = 'pending' and d.next_attempt_at <= $1
        order by d.next_attempt_at, d.document_id limit 1 for update of d skip locked`,
      [tx.now],
    );
    if (!d) return undefined;
    const attempts = d.attempts + 1;
    const ref = { documentId: d.document_id, documentNumber: d.document_number, accountId: d.account_id };
    try {
      // The PDF is drawn (and stored) now if nobody fetched it before: the first time it is needed.
      const { pdf } = await withPdf(tx, (await findDocument(tx, d.document_kind, d.document_id)) as StoredDocument);
      const messageId = await mailer.send(documentMail(d.model, pdf, d.email_to));
      await tx.query(
        `update delivery set status = 'sent', attempts = $2, delivered_at = $3, message_id = $4, next_attempt_at = null, updated_at = now() where document_id = $1`,
        [d.document_id, attempts, tx.now, messageId],
      );
      await appendDelivered(tx, ref, { channel: 'email' });
      return { documentNumber: d.document_number, attempts, outcome: 'sent' as const };
    } catch (e) {
      if (!(e instanceof MailFailure)) throw e;
      const next = afterFailure(attempts, e, policy, tx.now);
      const failed = { documentNumber: d.document_number, attempts, error: e.error, code: e.code };
      if ('retryAt' in next) {
        await tx.query('update delivery set attempts = $2, next_attempt_at = $3, last_error = $4, updated_at = now() where document_id = $1', [
          d.document_id,
          attempts,
          next.retryAt,
          e.error,
        ]);
        return { ...failed, outcome: 'retry' as const };
      }
      const plan = postPlan(d.model.addressee.address !== null, next.fallbackReason);
      const undeliverable = 'undeliverable' in plan;
      await tx.query(
        `update delivery set channel = 'post', status = $2, attempts = $3, next_attempt_at = null, last_error = $4, fallback_reason = $5, updated_at = now()
          where document_id = $1`,
        [d.document_id, undeliverable ? 'undeliverable' : 'pending', attempts, undeliverable ? plan.undeliverable : e.error, next.fallbackReason],
      );
      return { ...failed, outcome: undeliverable ? ('undeliverable' as const) : ('post' as const) };
    }
  });
}

/**
 * Bill runs whose paper documents can go to the mail house: post deliveries wait, no bill of the run
 * awaits its usage, and every invoice the run issued has its document and delivery (the documents
 * consumer may lag the issue). Documents that fall back to post later go in a later batch of the run.
 */
export async function runsReadyToPrint(commands: Pick<CommandRunner, 'read'>): Promise<string[]> {
  // Cheapest test first, materialized so it is: a run still waiting for usage (the whole of a bill
  // run, polled every few seconds) is out at once, by the (run, status) index, before any of its
  // 100,000 bills and deliveries is looked at.
  const rows = await commands.read<{ run_id: string }>(
    `with quiet as materialized (
       select r.id from bill_run r
        where r.status = 'started' and not exists (select 1 from bill b where b.run_id = r.id and b.status = 'awaiting-usage')
          and exists (select 1 from delivery d where d.run_id = r.id and d.channel = 'post' and d.status = 'pending'))
     select q.id as run_id from quiet q
      where not exists (select 1 from bill b where b.run_id = q.id and b.status = 'issued' and b.invoice_id is not null
                          and not exists (select 1 from delivery x where x.document_id = b.invoice_id))
      order by q.id`,
    [],
    'inv_runs_ready_to_print',
  );
  return rows.map((r) => r.run_id);
}
