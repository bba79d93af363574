import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { LocalDateSchema, Strict, TextSchema } from '@utilia/contracts';
import { Answers, camel, CommandRunner, CurrentPrincipal, idParam, notFound, Roles, ValidationFailed, ValidBody, type Principal } from '@utilia/platform';
import { READERS } from '../access';
import type { BillingContext } from './bill';
import { startBillRun } from './bill-run.handler';
import { BILLING_CONTEXT } from './billing-context';
import { cancelBill, releaseBill } from './hold-queue.handler';

const StartRunBody = Strict({ cycle: TextSchema(20), runDate: LocalDateSchema });
const ReleaseBody = Strict({ note: TextSchema(500) });
const CancelBody = Strict({ reason: TextSchema(500) });
const Released = Type.Object({ billId: Type.String(), invoiceId: Type.String() });
const Cancelled = Type.Object({ billId: Type.String(), status: Type.Literal('cancelled') });
const RunStarted = Type.Object({ runId: Type.String(), bills: Type.Integer(), resumed: Type.Boolean() });
const RunProgress = Type.Object({
  runId: Type.String(),
  status: Type.String({ description: 'starting (due agreements still being asked for their usage) or started.' }),
  cycle: Type.String(),
  runDate: Type.String(),
  periodFrom: Type.String(),
  periodTo: Type.String(),
  bills: Type.Integer(),
  awaitingUsage: Type.Integer(),
  issued: Type.Integer(),
  held: Type.Integer(),
  cancelled: Type.Integer(),
  failed: Type.Integer(),
  billsPerSecond: Type.Number({ description: 'Bills issued or held per second since the run started.' }),
  secondsLeft: Type.Union([Type.Number(), Type.Null()], { description: 'At that rate, until no bill awaits its usage (null: no rate yet).' }),
});
const Invoice = Type.Object({
  id: Type.String(),
  number: Type.String(),
  billId: Type.String(),
  accountId: Type.String(),
  agreementId: Type.String(),
  kind: Type.String({ description: 'cycle, final (move-out) or rebill (replaces a credited invoice).' }),
  periodFrom: Type.String(),
  periodTo: Type.String({ description: 'The first day after the billed days.' }),
  issueDate: Type.String(),
  dueDate: Type.String(),
  currency: Type.String(),
  total: Type.String({ description: 'The lines and the charges.' }),
  creditedBy: Type.Union([Type.String(), Type.Null()], { description: 'The credit note that cancelled this invoice (a rebill replaces it).' }),
  lines: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  charges: Type.Array(Type.Record(Type.String(), Type.Unknown()), { description: "payments' charges shown on this invoice." }),
  usage: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  replaces: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
    description: 'A rebill: the invoice it replaces, the credit note, and the difference line by line (old, new, delta, why).',
  }),
});
const InvoiceList = Type.Object({ items: Type.Array(Type.Omit(Invoice, ['lines', 'charges', 'usage', 'replaces'])) });
const HoldList = Type.Object({
  items: Type.Array(
    Type.Object({
      billId: Type.String(),
      accountId: Type.String(),
      agreementId: Type.String(),
      status: Type.String({ description: 'held (a check failed, or no usage) or failed (the engine refused to rate it).' }),
      total: Type.Union([Type.String(), Type.Null()]),
      reasons: Type.Array(Type.Unknown()),
    }),
  ),
});

const INVOICE_COLUMNS = `id, number, bill_id, account_id, agreement_id, kind, period_from::text as period_from, period_to::text as period_to,
  issue_date::text as issue_date, due_date::text as due_date, currency, total::text as total, credited_by`;

@ApiTags('bill runs')
@Controller()
export class BillsController {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(BILLING_CONTEXT) private readonly ctx: BillingContext,
  ) {}

  @Post('bill-runs')
  @Roles('billing-ops', 'admin')
  @ApiOperation({ summary: "Start a cycle's bill run on its read date (again: resume it, billing only what is missing)" })
  @Answers(RunStarted)
  async start(@ValidBody(StartRunBody) body: Static<typeof StartRunBody>, @CurrentPrincipal() p?: Principal): Promise<Static<typeof RunStarted>> {
    return startBillRun(this.commands, { cycle: body.cycle, runDate: body.runDate, by: p?.subject ?? 'unknown' }, this.ctx.settings.runChunk);
  }

  @Get('bill-runs/:runId')
  @Roles(...READERS)
  @ApiOperation({ summary: "A bill run's progress: bills awaiting usage, issued and held" })
  @Answers(RunProgress)
  async progress(@Param('runId') id: string): Promise<Static<typeof RunProgress>> {
    const runId = idParam('runId', id);
    const [run] = await this.commands.read<{
      id: string;
      status: string;
      cycle: string;
      run_date: string;
      period_from: string;
      period_to: string;
      seconds: number;
    }>(
      `select id, status, cycle, run_date::text as run_date, period_from::text as period_from, period_to::text as period_to,
              extract(epoch from now() - started_at)::float8 as seconds from bill_run where id = $1`,
      [runId],
    );
    if (!run) throw notFound('bill-run', runId);
    const counts = await this.commands.read<{ status: string; n: number }>('select status, count(*)::int as n from bill where run_id = $1 group by status', [
      runId,
    ]);
    const of = (s: string) => counts.find((c) => c.status === s)?.n ?? 0;
    return {
      runId,
      status: run.status,
      cycle: run.cycle,
      runDate: run.run_date,
      periodFrom: run.period_from,
      periodTo: run.period_to,
      bills: counts.reduce((s, c) => s + c.n, 0),
      awaitingUsage: of('awaiting-usage'),
      issued: of('issued'),
      held: of('held'),
      cancelled: of('cancelled'),
      failed: of('failed'),
      ...pace(of('issued') + of('held') + of('cancelled') + of('failed'), of('awaiting-usage'), run.seconds),
    };
  }

  @Get('bill-runs/:runId/holds')
  @Roles(...READERS)
  @ApiOperation({ summary: "A bill run's held and failed bills with the checks they failed" })
  @Answers(HoldList)
  async holds(@Param('runId') id: string): Promise<Static<typeof HoldList>> {
    const runId = idParam('runId', id);
    const rows = await this.commands.read(
      `select id as bill_id, account_id, agreement_id, status, total::text as total, reasons from bill where run_id = $1 and status in ('held', 'failed')
        order by account_id, id`,
      [runId],
    );
    return { items: rows.map((r) => camel(r) as Static<typeof HoldList>['items'][number]) };
  }

  @Post('bills/:billId/release')
  @HttpCode(200)
  @Roles('billing-ops', 'admin')
  @ApiOperation({ summary: 'Release a held bill with a note: it is issued as it was rated' })
  @Answers(Released)
  async release(
    @Param('billId') id: string,
    @ValidBody(ReleaseBody) body: Static<typeof ReleaseBody>,
    @CurrentPrincipal() p?: Principal,
  ): Promise<Static<typeof Released>> {
    const billId = idParam('billId', id);
    const invoiceId = await this.commands.run((tx) => releaseBill(tx, { billId, note: body.note, by: p?.subject ?? 'unknown' }, this.ctx));
    return { billId, invoiceId };
  }

  @Post('bills/:billId/cancel')
  @HttpCode(200)
  @Roles('billing-ops', 'admin')
  @ApiOperation({ summary: 'Cancel a held bill with the reason: nothing is issued for its period' })
  @Answers(Cancelled)
  async cancel(
    @Param('billId') id: string,
    @ValidBody(CancelBody) body: Static<typeof CancelBody>,
    @CurrentPrincipal() p?: Principal,
  ): Promise<Static<typeof Cancelled>> {
    const billId = idParam('billId', id);
    await this.commands.run((tx) => cancelBill(tx, { billId, reason: body.reason, by: p?.subject ?? 'unknown' }));
    return { billId, status: 'cancelled' };
  }

  @Get('invoices')
  @Roles(...READERS)
  @ApiOperation({ summary: "An account's invoices, newest first" })
  @ApiQuery({ name: 'accountId' })
  @Answers(InvoiceList)
  async list(@Query('accountId') accountId?: string): Promise<Static<typeof InvoiceList>> {
    if (!accountId) throw new ValidationFailed([{ field: 'accountId', message: 'is required' }]);
    const rows = await this.commands.read(`select ${INVOICE_COLUMNS} from invoice where account_id = $1 order by issue_date desc, number desc`, [
      idParam('accountId', accountId),
    ]);
    return { items: rows.map((r) => camel(r) as Static<typeof InvoiceList>['items'][number]) };
  }

  @Get('invoices/:invoiceId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'An invoice with its lines' })
  @Answers(Invoice)
  async get(@Param('invoiceId') id: string): Promise<Static<typeof Invoice>> {
    const invoiceId = idParam('invoiceId', id);
    const [row] = await this.commands.read(`select ${INVOICE_COLUMNS}, lines, charges, usage, replaces from invoice where id = $1`, [invoiceId]);
    if (!row) throw notFound('invoice', invoiceId);
    return camel(row) as Static<typeof Invoice>;
  }
}

/** The rate of a run and the time left at that rate. */
function pace(done: number, waiting: number, seconds: number): { billsPerSecond: number; secondsLeft: number | null } {
  const rate = seconds > 0 ? done / seconds : 0;
  return { billsPerSecond: Math.round(rate * 100) / 100, secondsLeft: waiting === 0 ? 0 : rate > 0 ? Math.round(waiting / rate) : null };
}
