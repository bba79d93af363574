import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import * as path from 'node:path';
import { Controller, Get, Inject, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { Strict, UuidV7Schema } from '@utilia/contracts';
import {
  Answers,
  CommandRunner,
  Created,
  CurrentPrincipal,
  decodeCursor,
  idParam,
  limitParam,
  notFound,
  page,
  Roles,
  RuleViolation,
  ValidBody,
  type Principal,
} from '@utilia/platform';
import { READERS } from '../access';
import { DOCUMENTS_CONFIG, type DocumentsConfig } from '../documents/documents.config';
import { maskedAddress } from './delivery-policy';
import { buildPrintBatch, type PrintBatch } from './print-batch';

const nullableString = (description?: string) => Type.Union([Type.String(), Type.Null()], description ? { description } : {});

const Delivery = Type.Object({
  documentId: Type.String(),
  documentNumber: Type.String(),
  channel: Type.Union([Type.Literal('email'), Type.Literal('post')], { description: 'post also after e-mail failed (see fallbackReason).' }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('batched'), Type.Literal('undeliverable')], {
    description: 'pending: e-mail due or retrying, or paper waiting for its print batch; sent: the mail server accepted it; batched: in a print batch.',
  }),
  recipient: nullableString('The e-mail address, masked.'),
  attempts: Type.Integer({ description: 'E-mail attempts made.' }),
  nextAttemptAt: nullableString(),
  lastError: nullableString('The last failure, e-mail addresses masked.'),
  fallbackReason: nullableString('Why a paperless customer gets post.'),
  printBatchId: nullableString(),
  deliveredAt: nullableString(),
});

const PrintBatchView = Type.Object({
  id: Type.String(),
  runId: nullableString('The bill run it prints; null for one made on demand of every paper document waiting.'),
  requestedBy: Type.String(),
  documents: Type.Integer(),
  pages: Type.Integer(),
  pdfSha256: Type.String(),
  manifestSha256: Type.String(),
  pdfBytes: Type.Integer(),
  createdAt: Type.String(),
});
const PrintBatchList = Type.Object({ items: Type.Array(PrintBatchView), nextCursor: nullableString() });
const PrintBatchBody = Strict({ runId: Type.Optional(UuidV7Schema) });

type PrintBatchRow = PrintBatch & { createdAt: string };
const BATCH_COLUMNS = `id, run_id as "runId", requested_by as "requestedBy", documents, pages, pdf_file as "pdfFile", manifest_file as "manifestFile",
  pdf_sha256 as "pdfSha256", manifest_sha256 as "manifestSha256", pdf_bytes::int as "pdfBytes", to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt"`;

const view = (b: PrintBatchRow): Static<typeof PrintBatchView> => ({
  id: b.id,
  runId: b.runId,
  requestedBy: b.requestedBy,
  documents: b.documents,
  pages: b.pages,
  pdfSha256: b.pdfSha256,
  manifestSha256: b.manifestSha256,
  pdfBytes: Number(b.pdfBytes),
  createdAt: b.createdAt,
});

/** Delivery status of documents, and the print batches for the mail house. */
@ApiTags('delivery')
@Controller()
export class DeliveryController {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(DOCUMENTS_CONFIG) private readonly config: DocumentsConfig,
  ) {}

  private async delivery(name: string, raw: string): Promise<Static<typeof Delivery>> {
    const id = idParam(name, raw);
    const [d] = await this.commands.read<{
      document_id: string;
      document_number: string;
      channel: 'email' | 'post';
      status: Static<typeof Delivery>['status'];
      email_to: string | null;
      attempts: number;
      next_attempt_at: Date | null;
      last_error: string | null;
      fallback_reason: string | null;
      print_batch_id: string | null;
      delivered_at: Date | null;
    }>('select * from delivery where document_id = $1', [id]);
    if (!d) throw notFound('delivery', id);
    return {
      documentId: d.document_id,
      documentNumber: d.document_number,
      channel: d.channel,
      status: d.status,
      recipient: d.email_to ? maskedAddress(d.email_to) : null,
      attempts: d.attempts,
      nextAttemptAt: d.next_attempt_at?.toISOString() ?? null,
      lastError: d.last_error,
      fallbackReason: d.fallback_reason,
      printBatchId: d.print_batch_id,
      deliveredAt: d.delivered_at?.toISOString() ?? null,
    };
  }

  @Get('invoices/:invoiceId/delivery')
  @Roles(...READERS)
  @ApiOperation({ summary: "How an invoice's document reaches the customer: channel, status, e-mail attempts, last error, print batch" })
  @Answers(Delivery)
  invoiceDelivery(@Param('invoiceId') id: string): Promise<Static<typeof Delivery>> {
    return this.delivery('invoiceId', id);
  }

  @Get('credit-notes/:creditNoteId/delivery')
  @Roles(...READERS)
  @ApiOperation({ summary: "How a credit note's document reaches the customer" })
  @Answers(Delivery)
  creditNoteDelivery(@Param('creditNoteId') id: string): Promise<Static<typeof Delivery>> {
    return this.delivery('creditNoteId', id);
  }

  @Post('print-batches')
  @Roles('billing-ops', 'admin')
  @Created((b: { id: string }) => `print-batches/${b.id}`)
  @ApiOperation({ summary: "Print now every paper document waiting (or a bill run's): one PDF and a manifest CSV for the mail house" })
  @Answers(PrintBatchView, { status: 201 })
  async print(@ValidBody(PrintBatchBody) body: Static<typeof PrintBatchBody>, @CurrentPrincipal() p?: Principal): Promise<Static<typeof PrintBatchView>> {
    const made = await buildPrintBatch(this.commands, this.config.printDir, { runId: body.runId ?? null, by: p?.subject ?? 'unknown' });
    if (!made)
      throw new RuleViolation('nothing-to-print', `no paper document waits for a print batch${body.runId ? ` in bill run ${body.runId}` : ''}`, 'conflict');
    return this.batch(made.id);
  }

  @Get('print-batches')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Print batches, newest first, cursor-paginated' })
  @ApiQuery({ name: 'runId', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @Answers(PrintBatchList)
  async list(@Query('runId') runId?: string, @Query('cursor') cursor?: string, @Query('limit') limitText?: string): Promise<Static<typeof PrintBatchList>> {
    const run = runId === undefined ? null : idParam('runId', runId);
    const limit = limitParam(limitText);
    const after = decodeCursor(cursor, 1);
    const rows = await this.commands.read<PrintBatchRow>(
      `select ${BATCH_COLUMNS} from print_batch where ($1::uuid is null or run_id = $1) and ($2::uuid is null or id < $2::uuid) order by id desc limit $3`,
      [run, after?.[0] ?? null, limit + 1],
    );
    return page(rows, limit, view, (last) => [last.id]);
  }

  private async row(raw: string): Promise<PrintBatchRow> {
    const id = idParam('printBatchId', raw);
    const [b] = await this.commands.read<PrintBatchRow>(`select ${BATCH_COLUMNS} from print_batch where id = $1`, [id]);
    if (!b) throw notFound('print-batch', id);
    return b;
  }

  private async batch(raw: string): Promise<Static<typeof PrintBatchView>> {
    return view(await this.row(raw));
  }

  @Get('print-batches/:printBatchId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A print batch: its run, documents, pages and the checksums of its files' })
  @Answers(PrintBatchView)
  get(@Param('printBatchId') id: string): Promise<Static<typeof PrintBatchView>> {
    return this.batch(id);
  }

  /** A file of the batch from PRINT_DIR, streamed; 404 `print-file-missing` when the directory no longer has it. */
  private async file(raw: string, which: 'pdfFile' | 'manifestFile', type: string): Promise<StreamableFile> {
    const b = await this.row(raw);
    const file = path.join(this.config.printDir, b[which]);
    try {
      await access(file);
    } catch {
      throw new RuleViolation('print-file-missing', `the file ${b[which]} of print batch ${b.id} is not in the print directory`, 'not-found');
    }
    return new StreamableFile(createReadStream(file), { type, disposition: `attachment; filename="${b[which]}"` });
  }

  @Get('print-batches/:printBatchId/pdf')
  @Roles(...READERS)
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: "The batch's PDF: every document from a new page, in the manifest's order" })
  @ApiOkResponse({ content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  pdf(@Param('printBatchId') id: string): Promise<StreamableFile> {
    return this.file(id, 'pdfFile', 'application/pdf');
  }

  @Get('print-batches/:printBatchId/manifest.csv')
  @Roles(...READERS)
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: "The batch's manifest for the mail house: sequence, document and account number, name, address, postal code, country, pages, first page",
  })
  @ApiOkResponse({ content: { 'text/csv': { schema: { type: 'string' } } } })
  manifest(@Param('printBatchId') id: string): Promise<StreamableFile> {
    return this.file(id, 'manifestFile', 'text/csv; charset=utf-8');
  }
}
