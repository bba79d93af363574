import { Controller, Get, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { Answers, assertCanSeeAccount, camel, CommandRunner, CurrentPrincipal, idParam, notFound, Roles, ValidBody, type Principal } from '@utilia/platform';
import type { Response } from 'express';
import type { PaymentsConfig } from '../config';
import { PAYMENTS_CONFIG } from '../tokens';
import { runOnce, type OnceArgs } from './idempotency';
import { receivePayment, refundCredit, reversePayment } from './payment.handler';
import { PaymentAnswer, PaymentBody, PaymentList, PaymentView, RefundAnswer, RefundBody, ReversalAnswer, ReversalBody } from './payments.schemas';

/** Staff who read payments. */
const READERS = ['csr', 'csr-supervisor', 'billing-ops', 'admin', 'auditor'] as const;
export const KEY_HEADER = {
  name: 'Idempotency-Key',
  required: true,
  description: 'The same key and body again answers the first answer; another body is refused (422).',
};

const PAYMENT_COLUMNS = `id, account_id, amount::text as amount, currency, channel, reference, end_to_end_id, card_last4, received_on::text as received_on, status, reversal`;

@ApiTags('payments')
@Controller()
export class PaymentsController {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(PAYMENTS_CONFIG) private readonly config: PaymentsConfig,
  ) {}

  /** Runs a money-moving command once per client and Idempotency-Key; a replay says so in `Idempotent-Replayed`. */
  private once<T>(...args: OnceArgs<T>): Promise<T> {
    return runOnce(this.commands, ...args);
  }

  @Post('payments')
  @Roles('csr', 'csr-supervisor', 'billing-ops', 'admin', 'customer')
  @ApiOperation({ summary: 'Record a payment: allocated to open items oldest first (or fees first); an overpayment stays as credit' })
  @ApiHeader(KEY_HEADER)
  @Answers(PaymentAnswer, { status: 201 })
  async pay(
    @ValidBody(PaymentBody) body: Static<typeof PaymentBody>,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() p?: Principal,
  ): Promise<Static<typeof PaymentAnswer>> {
    assertCanSeeAccount(p, body.accountId);
    const answer = await this.once('POST /payments', body, key, p, res, (tx, by) => receivePayment(tx, { ...body, by }, this.config));
    res.setHeader('Location', `/api/v1/payments/${answer.paymentId}`);
    return answer;
  }

  @Get('payments/:paymentId')
  @Roles(...READERS, 'customer')
  @ApiOperation({ summary: 'A payment: channel, reference, status, reversal' })
  @Answers(PaymentView)
  async get(@Param('paymentId') id: string, @CurrentPrincipal() p?: Principal): Promise<Static<typeof PaymentView>> {
    const paymentId = idParam('paymentId', id);
    const [row] = await this.commands.read(`select ${PAYMENT_COLUMNS} from payment where id = $1`, [paymentId]);
    if (!row || (p?.roles.includes('customer') && !p.accounts.includes(row.account_id as string))) throw notFound('payment', paymentId);
    return camel(row) as Static<typeof PaymentView>;
  }

  @Get('accounts/:accountId/payments')
  @Roles(...READERS, 'customer')
  @ApiOperation({ summary: "An account's payments, newest first" })
  @Answers(PaymentList)
  async list(@Param('accountId') id: string, @CurrentPrincipal() p?: Principal): Promise<Static<typeof PaymentList>> {
    const accountId = idParam('accountId', id);
    assertCanSeeAccount(p, accountId);
    const rows = await this.commands.read(`select ${PAYMENT_COLUMNS} from payment where account_id = $1 order by received_on desc, id desc limit 500`, [
      accountId,
    ]);
    return { items: rows.map((r) => camel(r) as Static<typeof PaymentView>) };
  }

  @Post('payments/:paymentId/reverse')
  @HttpCode(201)
  @Roles('csr-supervisor', 'billing-ops', 'admin')
  @ApiOperation({ summary: 'Reverse a payment (returned direct debit, bounced check, chargeback): what it paid is open again; a fee may be charged' })
  @ApiHeader(KEY_HEADER)
  @Answers(ReversalAnswer, { status: 201 })
  async reverse(
    @Param('paymentId') id: string,
    @ValidBody(ReversalBody) body: Static<typeof ReversalBody>,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() p?: Principal,
  ): Promise<Static<typeof ReversalAnswer>> {
    const paymentId = idParam('paymentId', id);
    return this.once(`POST /payments/${paymentId}/reverse`, body, key, p, res, (tx, by) => reversePayment(tx, { ...body, paymentId, by }, this.config));
  }

  @Post('accounts/:accountId/refunds')
  @HttpCode(201)
  @Roles('csr-supervisor', 'billing-ops', 'admin')
  @ApiOperation({ summary: "Refund part or all of an account's credit balance" })
  @ApiHeader(KEY_HEADER)
  @Answers(RefundAnswer, { status: 201 })
  async refund(
    @Param('accountId') id: string,
    @ValidBody(RefundBody) body: Static<typeof RefundBody>,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() p?: Principal,
  ): Promise<Static<typeof RefundAnswer>> {
    const accountId = idParam('accountId', id);
    return this.once(`POST /accounts/${accountId}/refunds`, body, key, p, res, (tx, by) => refundCredit(tx, { ...body, accountId, by }, this.config));
  }
}
