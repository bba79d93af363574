import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { once } from 'node:events';
import * as path from 'node:path';
import { uuidv7 } from '@utilia/contracts';
import type { CommandRunner, CommandTx } from '@utilia/platform';
import PDFDocument from 'pdfkit';
import type { BillingDocument } from '../documents/document-model';
import { drawDocument, pdfOptions } from '../documents/pdf';
import { appendDelivered } from './delivery.handler';

/** The columns of the manifest the mail house reads, in order. */
export const MANIFEST_COLUMNS = [
  'sequence',
  'document_number',
  'account_number',
  'name',
  'address_line_1',
  'address_line_2',
  'address_line_3',
  'postal_code',
  'country',
  'pages',
  'first_page',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. Text
 * that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading `'` (OWASP's
 * advice against CSV injection): names and addresses are typed by people.
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A document's manifest line: where it goes, and which pages of the batch PDF are its own. */
export function manifestRow(sequence: number, d: BillingDocument, pages: number, firstPage: number): string {
  const a = d.addressee.address;
  const place = a ? [a.city, a.region].filter(Boolean).join(', ') : '';
  return [sequence, d.number, d.accountNumber, d.addressee.name, a?.line1 ?? '', a?.line2 ?? '', place, a?.postalCode ?? '', a?.country ?? '', pages, firstPage]
    .map(csvField)
    .join(',');
}

/** A print batch as kept in the database. */
export interface PrintBatch {
  id: string;
  runId: string | null;
  requestedBy: string;
  documents: number;
  pages: number;
  pdfFile: string;
  manifestFile: string;
  pdfSha256: string;
  manifestSha256: string;
  pdfBytes: number;
}

/** A file written as a stream, hashed and counted on the way. */
class HashedFile {
  readonly out: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;

  constructor(readonly file: string) {
    this.out = createWriteStream(file);
  }

  take(chunk: Buffer | string): boolean {
    this.hash.update(chunk);
    this.bytes += Buffer.byteLength(chunk);
    return this.out.write(chunk);
  }

  async drained(): Promise<void> {
    if (this.out.writableNeedDrain) await once(this.out, 'drain');
  }

  async close(): Promise<string> {
    this.out.end();
    await once(this.out, 'close');
    return this.hash.digest('hex');
  }
}

/** Documents read from the cursor at a time: one page of work, never the whole batch in memory. */
const FETCH = 20;

/**
 * Puts the paper documents waiting for post (of one bill run, or all) in a new print batch: one PDF
 * with every document from a new page, in postal order, and a manifest CSV for the mail house,
 * written to `printDir`. The documents stream from a database cursor into the files (the stored
 * models are drawn again, so the paper shows what was e-mailed or fetched); the deliveries are
 * claimed `for update skip locked` and the whole batch commits at once with an InvoiceDelivered per
 * document, or not at all (a crash leaves them waiting; files without a batch row are orphans).
 * Returns undefined when nothing waits.
 */
export async function buildPrintBatch(commands: CommandRunner, printDir: string, input: { runId: string | null; by: string }): Promise<PrintBatch | undefined> {
  return commands.run(async (tx) => {
    // One builder at a time: a bill run's batch and one on demand never share a document, and never wait on each other's rows.
    await tx.lock('invoicing.print-batch');
    const id = uuidv7();
    const [{ n }] = await tx.query<{ n: number }>(
      `with picked as (
         select d.document_id, d.document_number, doc.model->'addressee'->'address'->>'country' as country, doc.model->'addressee'->'address'->>'postalCode' as postal
           from delivery d join document doc on doc.id = d.document_id
          where d.channel = 'post' and d.status = 'pending' and ($1::uuid is null or d.run_id = $1::uuid)
          for update of d skip locked),
       numbered as (select document_id, row_number() over (order by country, postal, document_number) as n from picked),
       claimed as (update delivery set print_batch_id = $2, batch_sequence = numbered.n, updated_at = now() from numbered where delivery.document_id = numbered.document_id returning 1)
       select count(*)::int as n from claimed`,
      [input.runId, id],
    );
    if (n === 0) return undefined;
    await mkdir(printDir, { recursive: true });
    const pdf = new HashedFile(path.join(printDir, `${id}.pdf`));
    const manifest = new HashedFile(path.join(printDir, `${id}.csv`));
    try {
      const written = await writeBatch(tx, id, pdf, manifest);
      const pdfSha256 = await pdf.close();
      const manifestSha256 = await manifest.close();
      const batch: PrintBatch = {
        id,
        runId: input.runId,
        requestedBy: input.by,
        documents: written.delivered.length,
        pages: written.pages,
        pdfFile: path.basename(pdf.file),
        manifestFile: path.basename(manifest.file),
        pdfSha256,
        manifestSha256,
        pdfBytes: pdf.bytes,
      };
      await tx.query(
        `insert into print_batch (id, run_id, requested_by, documents, pages, pdf_file, manifest_file, pdf_sha256, manifest_sha256, pdf_bytes, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          id,
          batch.runId,
          batch.requestedBy,
          batch.documents,
          batch.pages,
          batch.pdfFile,
          batch.manifestFile,
          pdfSha256,
          manifestSha256,
          batch.pdfBytes,
          tx.now,
        ],
      );
      await tx.query(`update delivery set status = 'batched', delivered_at = $2, updated_at = now() where print_batch_id = $1`, [id, tx.now]);
      for (const d of written.delivered) await appendDelivered(tx, d, { channel: 'post', printBatchId: id, fallbackReason: d.fallbackReason });
      return batch;
    } catch (e) {
      pdf.out.destroy();
      manifest.out.destroy();
      await Promise.all([rm(pdf.file, { force: true }), rm(manifest.file, { force: true })]);
      throw e;
    }
  });
}

interface Delivered {
  documentId: string;
  documentNumber: string;
  accountId: string;
  fallbackReason: string | null;
}

/** Streams the batch's documents from a cursor into the PDF and the manifest. */
async function writeBatch(tx: CommandTx, id: string, pdf: HashedFile, manifest: HashedFile): Promise<{ delivered: Delivered[]; pages: number }> {
  const doc = new PDFDocument(pdfOptions({ Title: `Print batch ${id}`, CreationDate: tx.now, ModDate: tx.now }));
  doc.on('data', (chunk: Buffer) => pdf.take(chunk));
  manifest.take(`${MANIFEST_COLUMNS.join(',')}\r\n`);
  const delivered: Delivered[] = [];
  let pages = 0;
  // A cursor of the transaction: rows come FETCH at a time. The id is ours (a UUID), written in the statement since DECLARE takes no parameters.
  await tx.query(
    `declare print_batch_documents no scroll cursor for
       select d.batch_sequence, d.document_id, d.document_number, d.account_id, d.fallback_reason, doc.model
         from delivery d join document doc on doc.id = d.document_id where d.print_batch_id = '${id}'::uuid order by d.batch_sequence`,
  );
  for (;;) {
    const rows = await tx.query<{
      batch_sequence: number;
      document_id: string;
      document_number: string;
      account_id: string;
      fallback_reason: string | null;
      model: BillingDocument;
    }>(`fetch ${FETCH} from print_batch_documents`);
    for (const r of rows) {
      const count = drawDocument(doc, r.model);
      manifest.take(`${manifestRow(r.batch_sequence, r.model, count, pages + 1)}\r\n`);
      pages += count;
      delivered.push({ documentId: r.document_id, documentNumber: r.document_number, accountId: r.account_id, fallbackReason: r.fallback_reason });
    }
    await Promise.all([pdf.drained(), manifest.drained()]);
    if (rows.length < FETCH) break;
  }
  await tx.query('close print_batch_documents');
  const ended = once(doc, 'end');
  doc.end();
  await ended;
  return { delivered, pages };
}
