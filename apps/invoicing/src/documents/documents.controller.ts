import { Controller, Get, Header, Inject, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { canSeeAccount, CommandRunner, CurrentPrincipal, idParam, notFound, Roles, type Principal, type Role } from '@utilia/platform';
import type { Response } from 'express';
import { READERS } from '../access';
import { findDocument, storedDocument, withPdf, type DocumentKind, type RenderedDocument, type StoredDocument } from './document.handler';
import { DOCUMENTS_CONFIG, type DocumentsConfig } from './documents.config';
import { renderHtml } from './html';

/** Staff, and customers for their own accounts' documents. */
export const DOCUMENT_READERS: [Role, ...Role[]] = [...READERS, 'customer'];

/** The HTML of a document runs nothing and loads nothing: a second line of defence behind escaping. */
const HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const pdfAnswer = ApiOkResponse({
  description: 'The PDF, the same bytes every time.',
  content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
});
const htmlAnswer = ApiOkResponse({ description: 'The document as one HTML page.', content: { 'text/html': { schema: { type: 'string' } } } });

/**
 * Invoice and credit-note documents, as PDF and HTML. The first fetch renders and stores the
 * document (if its InvoiceIssued was not consumed yet); every later one returns the stored bytes.
 */
@ApiTags('documents')
@Controller()
export class DocumentsController {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(DOCUMENTS_CONFIG) private readonly config: DocumentsConfig,
  ) {}

  /**
   * The document, once the caller may see its account: staff any, a customer only its own; for a
   * customer another account's document does not exist (404, as for an unknown id: ids cannot be probed).
   */
  private async document(kind: DocumentKind, name: string, raw: string, principal: Principal | undefined): Promise<StoredDocument> {
    const id = idParam(name, raw);
    const [row] = await this.commands.read<{ account_id: string }>(`select account_id from ${kind === 'invoice' ? 'invoice' : 'credit_note'} where id = $1`, [
      id,
    ]);
    if (!row || !principal || !canSeeAccount(principal, row.account_id)) throw notFound(kind, id);
    return (
      (await findDocument({ query: (sql, params) => this.commands.read(sql, params) }, kind, id)) ??
      (await this.commands.run((tx) => storedDocument(tx, kind, id, this.config.utility)))
    );
  }

  /** The document's PDF, drawn and stored now if this is its first fetch. */
  private async rendered(doc: StoredDocument): Promise<RenderedDocument> {
    return doc.pdf ? (doc as RenderedDocument) : this.commands.run((tx) => withPdf(tx, doc));
  }

  private pdf(doc: RenderedDocument, res: Response): StreamableFile {
    res.setHeader('ETag', `"${doc.pdfSha256}"`);
    res.setHeader('Cache-Control', 'private, no-cache');
    return new StreamableFile(doc.pdf, { type: 'application/pdf', disposition: `inline; filename="${doc.number}.pdf"`, length: doc.pdf.length });
  }

  private html(doc: StoredDocument, res: Response): string {
    res.setHeader('Content-Security-Policy', HTML_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return renderHtml(doc.model);
  }

  @Get('invoices/:invoiceId/pdf')
  @Roles(...DOCUMENT_READERS)
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: "An invoice's PDF (a customer: its own accounts' only)" })
  @pdfAnswer
  async invoicePdf(
    @Param('invoiceId') id: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return this.pdf(await this.rendered(await this.document('invoice', 'invoiceId', id, principal)), res);
  }

  @Get('invoices/:invoiceId/html')
  @Roles(...DOCUMENT_READERS)
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOperation({ summary: "An invoice's document as HTML (a customer: its own accounts' only)" })
  @htmlAnswer
  async invoiceHtml(
    @Param('invoiceId') id: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    return this.html(await this.document('invoice', 'invoiceId', id, principal), res);
  }

  @Get('credit-notes/:creditNoteId/pdf')
  @Roles(...DOCUMENT_READERS)
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: "A credit note's PDF (a customer: its own accounts' only)" })
  @pdfAnswer
  async creditNotePdf(
    @Param('creditNoteId') id: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return this.pdf(await this.rendered(await this.document('credit-note', 'creditNoteId', id, principal)), res);
  }

  @Get('credit-notes/:creditNoteId/html')
  @Roles(...DOCUMENT_READERS)
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOperation({ summary: "A credit note's document as HTML (a customer: its own accounts' only)" })
  @htmlAnswer
  async creditNoteHtml(
    @Param('creditNoteId') id: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    return this.html(await this.document('credit-note', 'creditNoteId', id, principal), res);
  }
}
