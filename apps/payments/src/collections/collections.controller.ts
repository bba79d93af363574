import { Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import {
  Answers,
  assertCanSeeAccount,
  CommandRunner,
  Created,
  CurrentPrincipal,
  idParam,
  limitParam,
  localDateOf,
  RuleViolation,
  ValidationFailed,
  ValidBody,
  Roles,
  type Principal,
} from '@utilia/platform';
import type { Response } from 'express';
import { makeArrangement } from '../arrangements/arrangements.handler';
import type { PaymentsConfig } from '../config';
import { recordCreditCheck } from '../deposits/deposits.handler';
import { accountOf } from '../payments/payment.handler';
import { KEY_HEADER } from '../payments/payments.controller';
import { runOnce } from '../payments/idempotency';
import { PAYMENTS_CONFIG } from '../tokens';
import { writeOff } from '../write-offs/write-off.handler';
import { runCollections } from './collections.handler';
import { accountCollections, listCases } from './collections.read';
import {
  AccountCollections,
  ArrangementBody,
  ArrangementView,
  CaseList,
  CreditCheckAnswer,
  CreditCheckBody,
  RunAnswer,
  RunBody,
  WriteOffAnswer,
  WriteOffBody,
} from './collections.schemas';

/** Staff who read collections. */
const READERS = ['csr', 'csr-supervisor', 'billing-ops', 'admin', 'auditor'] as const;
const CASE_STATUSES = ['open', 'on-hold', 'closed'];

@ApiTags('collections')
@Controller()
export class CollectionsController {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(PAYMENTS_CONFIG) private readonly config: PaymentsConfig,
  ) {}

  private today(): string {
    return localDateOf(this.commands.now(), this.config.timeZone);
  }

  @Post('collections/run')
  @HttpCode(200)
  @Roles('billing-ops', 'admin')
  @ApiOperation({
    summary:
      'Run the daily collections job for a date: installments raised, arrangements broken or completed, late fees, reminders, final notices, disconnection requests, deposits refunded. Once per account and date.',
  })
  @Answers(RunAnswer)
  async run(@ValidBody(RunBody) body: Static<typeof RunBody>): Promise<Static<typeof RunAnswer>> {
    if (body.date > this.today())
      throw new RuleViolation('run-date-in-future', `collections runs for today (${this.today()}) or an earlier day, not ${body.date}`);
    return runCollections(this.commands, body.date, this.config);
  }

  @Get('collections/cases')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Collections cases, oldest first, with what is past due on each account today' })
  @ApiQuery({ name: 'status', required: false, enum: CASE_STATUSES })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @Answers(CaseList)
  async cases(@Query('status') status?: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string): Promise<Static<typeof CaseList>> {
    if (status !== undefined && !CASE_STATUSES.includes(status))
      throw new ValidationFailed([{ field: 'status', message: `is one of ${CASE_STATUSES.join(', ')}` }]);
    return listCases(this.commands, { status, cursor, limit: limitParam(limit), today: this.today() });
  }

  @Get('accounts/:accountId/collections')
  @Roles(...READERS, 'customer')
  @ApiOperation({ summary: "An account's collections: cases with their steps and holds, payment arrangements with installments, deposits" })
  @Answers(AccountCollections)
  async account(@Param('accountId') id: string, @CurrentPrincipal() p?: Principal): Promise<Static<typeof AccountCollections>> {
    const accountId = idParam('accountId', id);
    assertCanSeeAccount(p, accountId);
    await this.commands.run((tx) => accountOf(tx, accountId));
    return accountCollections(this.commands, accountId);
  }

  @Post('accounts/:accountId/arrangements')
  @Roles('csr-supervisor', 'billing-ops')
  @Created((r: { accountId: string }) => `accounts/${r.accountId}/collections`)
  @ApiOperation({
    summary:
      "Make a payment arrangement: the past-due arrears split into installments on the account's coming bills; collections stops, a disconnection asked for is called off",
  })
  @Answers(ArrangementView, { status: 201 })
  async arrange(
    @Param('accountId') id: string,
    @ValidBody(ArrangementBody) body: Static<typeof ArrangementBody>,
    @CurrentPrincipal() p?: Principal,
  ): Promise<Static<typeof ArrangementView> & { accountId: string }> {
    const accountId = idParam('accountId', id);
    const arrangementId = await this.commands.run((tx) =>
      makeArrangement(tx, { accountId, installments: body.installments, by: p?.subject ?? 'unknown' }, this.config),
    );
    const view = await accountCollections(this.commands, accountId);
    return { accountId, ...(view.arrangements.find((a) => a.id === arrangementId) as Static<typeof ArrangementView>) };
  }

  @Post('accounts/:accountId/write-offs')
  @HttpCode(201)
  @Roles('csr-supervisor', 'admin')
  @ApiOperation({ summary: "Write off debt of an account as uncollectable: paid from bad debt, the account's open items paid by it" })
  @ApiHeader(KEY_HEADER)
  @Answers(WriteOffAnswer, { status: 201 })
  async writeOff(
    @Param('accountId') id: string,
    @ValidBody(WriteOffBody) body: Static<typeof WriteOffBody>,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() p?: Principal,
  ): Promise<Static<typeof WriteOffAnswer>> {
    const accountId = idParam('accountId', id);
    return runOnce(this.commands, `POST /accounts/${accountId}/write-offs`, body, key, p, res, (tx, by) =>
      writeOff(tx, { ...body, accountId, by }, this.config),
    );
  }

  @Post('accounts/:accountId/credit-checks')
  @HttpCode(201)
  @Roles('csr', 'csr-supervisor', 'billing-ops', 'admin')
  @ApiOperation({ summary: "Record a credit check's result for an account; the deposit rule may require a deposit from it" })
  @Answers(CreditCheckAnswer, { status: 201 })
  async creditCheck(
    @Param('accountId') id: string,
    @ValidBody(CreditCheckBody) body: Static<typeof CreditCheckBody>,
  ): Promise<Static<typeof CreditCheckAnswer>> {
    const accountId = idParam('accountId', id);
    const { depositId } = await this.commands.run((tx) => recordCreditCheck(tx, { accountId, ...body }, this.config));
    return { accountId, result: body.result, depositId };
  }
}
