import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { Answers, camel, CommandRunner, idParam, notFound, Roles, ValidationFailed } from '@utilia/platform';
import { READERS } from '../access';

const CreditNote = Type.Object({
  id: Type.String(),
  number: Type.String(),
  invoiceId: Type.String({ description: 'The invoice credited in full.' }),
  billId: Type.String(),
  accountId: Type.String(),
  agreementId: Type.String(),
  periodFrom: Type.String(),
  periodTo: Type.String(),
  issueDate: Type.String(),
  currency: Type.String(),
  total: Type.String({ description: 'The amount credited.' }),
  reason: Type.String(),
  lines: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  charges: Type.Array(Type.Record(Type.String(), Type.Unknown())),
});
const CreditNoteList = Type.Object({ items: Type.Array(Type.Omit(CreditNote, ['lines', 'charges'])) });
const CorrectionList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      cause: Type.Record(Type.String(), Type.Unknown(), {
        description: 'usage (metering corrected readings), tariff (a version published for billed days) or actual-usage.',
      }),
      status: Type.String({ description: 'awaiting-usage, unchanged, rebilled, redrafted, not-rated or skipped.' }),
      creditNoteId: Type.Union([Type.String(), Type.Null()]),
      invoiceId: Type.Union([Type.String(), Type.Null()], { description: 'The rebill.' }),
      changes: Type.Union([Type.Array(Type.Record(Type.String(), Type.Unknown())), Type.Null()]),
      createdAt: Type.String(),
    }),
  ),
});

const CREDIT_NOTE_COLUMNS = `id, number, invoice_id, bill_id, account_id, agreement_id, period_from::text as period_from, period_to::text as period_to,
  issue_date::text as issue_date, currency, total::text as total, reason`;

@ApiTags('corrections')
@Controller()
export class CorrectionsController {
  constructor(private readonly commands: CommandRunner) {}

  @Get('credit-notes')
  @Roles(...READERS)
  @ApiOperation({ summary: "An account's credit notes, newest first" })
  @ApiQuery({ name: 'accountId' })
  @Answers(CreditNoteList)
  async list(@Query('accountId') accountId?: string): Promise<Static<typeof CreditNoteList>> {
    if (!accountId) throw new ValidationFailed([{ field: 'accountId', message: 'is required' }]);
    const rows = await this.commands.read(`select ${CREDIT_NOTE_COLUMNS} from credit_note where account_id = $1 order by issue_date desc, number desc`, [
      idParam('accountId', accountId),
    ]);
    return { items: rows.map((r) => camel(r) as Static<typeof CreditNoteList>['items'][number]) };
  }

  @Get('credit-notes/:creditNoteId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A credit note with the lines and charges it credits' })
  @Answers(CreditNote)
  async get(@Param('creditNoteId') id: string): Promise<Static<typeof CreditNote>> {
    const creditNoteId = idParam('creditNoteId', id);
    const [row] = await this.commands.read(`select ${CREDIT_NOTE_COLUMNS}, lines, charges from credit_note where id = $1`, [creditNoteId]);
    if (!row) throw notFound('credit-note', creditNoteId);
    return camel(row) as Static<typeof CreditNote>;
  }

  @Get('bills/:billId/corrections')
  @Roles(...READERS)
  @ApiOperation({ summary: "A bill's corrections: why it was rated again and what came of it (credit note, rebill, the difference line by line)" })
  @Answers(CorrectionList)
  async corrections(@Param('billId') id: string): Promise<Static<typeof CorrectionList>> {
    const billId = idParam('billId', id);
    const [bill] = await this.commands.read('select id from bill where id = $1', [billId]);
    if (!bill) throw notFound('bill', billId);
    const rows = await this.commands.read(
      `select id, cause, status, credit_note_id, invoice_id, changes, created_at from bill_correction where bill_id = $1 order by created_at, id`,
      [billId],
    );
    return {
      items: rows.map((r) => ({ ...(camel(r) as Static<typeof CorrectionList>['items'][number]), createdAt: (r.created_at as Date).toISOString() })),
    };
  }
}
