import { Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { LocalDateSchema, Strict, StringEnum, TextSchema, UuidV7Schema } from '@utilia/contracts';
import {
  Answers,
  camel,
  CommandRunner,
  CurrentPrincipal,
  FileBody,
  idParam,
  notFound,
  Roles,
  ValidationFailed,
  ValidBody,
  type Principal,
} from '@utilia/platform';
import type { Response } from 'express';
import type { PaymentsConfig } from '../config';
import { PAYMENTS_CONFIG } from '../tokens';
import { collect, recordMandate, settleAchDebits } from './direct-debits.handler';
import { importNacha } from './nacha.handler';
import { importStatement } from './statements.handler';
import { resolveSuspense } from './suspense.handler';

const BANK_OPS = ['billing-ops', 'admin'] as const;
const READERS = ['csr', 'csr-supervisor', 'billing-ops', 'admin', 'auditor'] as const;

const ImportAnswer = Type.Object({
  format: Type.String(),
  statements: Type.Array(Type.Object({ id: Type.String(), statementRef: Type.String(), reconciles: Type.Boolean() })),
  entries: Type.Integer(),
  alreadyImported: Type.Integer({ description: 'Entries of a file imported before: booked nothing.' }),
  outcomes: Type.Record(Type.String(), Type.Integer(), {
    description: 'settle-debit, pay-account, already-recorded, reverse-payment, return-unsettled-debit, suspense, ignore.',
  }),
  problems: Type.Array(Type.String(), { description: 'Warnings: a statement that does not reconcile, control totals that do not add up.' }),
});
const MandateBody = Strict({
  scheme: StringEnum(['sepa', 'nacha'] as const),
  mandateRef: TextSchema(35, { description: 'The mandate reference (SEPA MndtId) or ACH authorisation id.' }),
  signedOn: LocalDateSchema,
  debtorName: TextSchema(70),
  iban: Type.Optional(Type.String({ pattern: '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$' })),
  bic: Type.Optional(Type.String({ pattern: '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$' })),
  routingNumber: Type.Optional(Type.String({ pattern: '^[0-9]{9}$' })),
  bankAccountNumber: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z -]{1,17}$' })),
  bankAccountType: Type.Optional(StringEnum(['checking', 'savings'] as const)),
});
const CollectBody = Strict({
  scheme: StringEnum(['sepa', 'nacha'] as const),
  collectionDate: LocalDateSchema,
  version: Type.Optional(StringEnum(['001.02', '001.08'] as const, { description: 'pain.008 version (SEPA); default 001.08.' })),
});
const CollectAnswer = Type.Object({
  fileId: Type.String(),
  format: Type.String(),
  transactions: Type.Integer(),
  total: Type.String(),
  currency: Type.String(),
});
const ResolveBody = Strict({ accountId: UuidV7Schema, note: TextSchema(500) });
const SettleBody = Strict({ date: LocalDateSchema });
const SuspenseList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      amount: Type.String(),
      currency: Type.String(),
      direction: Type.String(),
      bookingDate: Type.Union([Type.String(), Type.Null()]),
      reference: Type.Union([Type.String(), Type.Null()]),
      endToEndId: Type.Union([Type.String(), Type.Null()]),
      keys: Type.Record(Type.String(), Type.Unknown()),
      reason: Type.String(),
    }),
  ),
});

@ApiTags('bank files')
@Controller()
export class BankController {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(PAYMENTS_CONFIG) private readonly config: PaymentsConfig,
  ) {}

  @Post('bank-statements')
  @HttpCode(201)
  @Roles(...BANK_OPS)
  @ApiOperation({
    summary: 'Import an ISO 20022 camt.053 statement (camt.052/054 too): entries matched to payments and direct debits, returns reversed, the rest in suspense',
  })
  @Answers(ImportAnswer, { status: 201 })
  async importCamt(
    @FileBody(['application/xml', 'text/xml'], 'An ISO 20022 camt.053 / camt.052 / camt.054 document') xml: string,
    @CurrentPrincipal() p?: Principal,
  ): Promise<Static<typeof ImportAnswer>> {
    return this.commands.run((tx) => importStatement(tx, xml, p?.subject ?? 'unknown', this.config));
  }

  @Post('ach-files')
  @HttpCode(201)
  @Roles(...BANK_OPS)
  @ApiOperation({ summary: 'Import a NACHA ACH file: returns reversed, notifications of change applied to mandates, credits matched to accounts' })
  @Answers(ImportAnswer, { status: 201 })
  async importAch(
    @FileBody(['text/plain'], 'A NACHA ACH file (94-character records)') text: string,
    @CurrentPrincipal() p?: Principal,
  ): Promise<Static<typeof ImportAnswer>> {
    return this.commands.run((tx) => importNacha(tx, text, p?.subject ?? 'unknown', this.config));
  }

  @Get('suspense')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Bank entries nothing matched, oldest first: what a CSR resolves' })
  @Answers(SuspenseList)
  async suspense(): Promise<Static<typeof SuspenseList>> {
    const rows = await this.commands.read(
      `select id, amount::text as amount, currency, direction, booking_date::text as booking_date, reference, end_to_end_id, keys, reason
         from bank_entry where status = 'suspense' order by created_at, id limit 500`,
    );
    return { items: rows.map((r) => camel(r) as Static<typeof SuspenseList>['items'][number]) };
  }

  @Post('bank-entries/:entryId/resolve')
  @HttpCode(201)
  @Roles('csr', 'csr-supervisor', 'billing-ops', 'admin')
  @ApiOperation({ summary: 'Apply a bank credit in suspense to the account it belongs to: it becomes a payment there' })
  async resolve(@Param('entryId') id: string, @ValidBody(ResolveBody) body: Static<typeof ResolveBody>, @CurrentPrincipal() p?: Principal) {
    const entryId = idParam('entryId', id);
    return this.commands.run((tx) => resolveSuspense(tx, { entryId, ...body, by: p?.subject ?? 'unknown' }, this.config));
  }

  @Post('accounts/:accountId/mandates')
  @HttpCode(201)
  @Roles('csr', 'csr-supervisor', 'billing-ops', 'admin')
  @ApiOperation({ summary: 'Record a direct-debit mandate (SEPA) or ACH authorisation (NACHA) for an account; it replaces the active one of its scheme' })
  async mandate(@Param('accountId') id: string, @ValidBody(MandateBody) body: Static<typeof MandateBody>, @CurrentPrincipal() p?: Principal) {
    const accountId = idParam('accountId', id);
    return this.commands.run((tx) => recordMandate(tx, { ...body, accountId, by: p?.subject ?? 'unknown' }));
  }

  @Post('direct-debits/collections')
  @HttpCode(201)
  @Roles(...BANK_OPS)
  @ApiOperation({ summary: 'Collect what falls due by a date from every account with a mandate: a pain.008 (SEPA) or NACHA PPD debit file' })
  @Answers(CollectAnswer, { status: 201 })
  async collect(@ValidBody(CollectBody) body: Static<typeof CollectBody>, @CurrentPrincipal() p?: Principal): Promise<Static<typeof CollectAnswer>> {
    const { content, ...answer } = await this.commands.run((tx) => collect(tx, { ...body, by: p?.subject ?? 'unknown' }, this.config));
    void content;
    return answer;
  }

  @Get('direct-debits/files/:fileId')
  @Roles(...BANK_OPS, 'auditor')
  @ApiOperation({ summary: 'A collection file as sent to the bank (pain.008 XML or NACHA text)' })
  async file(@Param('fileId') id: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const fileId = idParam('fileId', id);
    const [row] = await this.commands.read<{ format: string; content: string }>('select format, content from collection_file where id = $1', [fileId]);
    if (!row) throw notFound('collection-file', fileId);
    res.type(row.format.startsWith('pain') ? 'application/xml' : 'text/plain');
    return row.content;
  }

  @Post('direct-debits/settle')
  @HttpCode(200)
  @Roles(...BANK_OPS)
  @ApiOperation({ summary: 'ACH debits whose effective date has come become payments (a return later reverses them)' })
  async settle(@ValidBody(SettleBody) body: Static<typeof SettleBody>, @CurrentPrincipal() p?: Principal): Promise<{ settled: number }> {
    return this.commands.run((tx) => settleAchDebits(tx, body.date, p?.subject ?? 'unknown', this.config));
  }

  @Get('direct-debits')
  @Roles(...READERS)
  @ApiOperation({ summary: "An account's direct debits: submitted, paid or returned" })
  async debits(@Query('accountId') accountId?: string) {
    if (!accountId) throw new ValidationFailed([{ field: 'accountId', message: 'is required' }]);
    return {
      items: await this.commands.read(
        `select d.id, d.end_to_end_id, d.trace_number, d.sequence_type, d.amount::text as amount, d.currency, d.collection_date::text as collection_date, d.status, d.return_reason
           from direct_debit d where d.account_id = $1 order by d.collection_date desc, d.id`,
        [idParam('accountId', accountId)],
      ),
    };
  }
}
