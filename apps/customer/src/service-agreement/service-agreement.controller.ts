import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FinalBillRequestedV1, uuidv7, type LocalDate } from '@utilia/contracts';
import { ProblemError, Roles } from '@utilia/platform';
import { accountAggregate } from '../account/account.decider';
import { premiseAggregate } from '../premise/premise.decider';
import { READERS, WRITERS } from '../shared/access';
import { CommandRunner, type CommandTx } from '../shared/command-runner';
import { emit } from '../shared/decider';
import { camel, idParam, parse } from '../shared/http';
import { notFound, RuleViolation } from '../shared/rules';
import { scheduleWorkOrder } from '../work-order/schedule';
import { decideServicePoint, servicePointAggregate } from './service-point.decider';

const TARIFF = { max: 50, pattern: /^[A-Za-z0-9._-]{1,50}$/, hint: 'must be a tariff code such as E-TOU-C' };

/** Rule: service is given only under an open account. */
async function assertOpenAccount(tx: CommandTx, accountId: string): Promise<void> {
  const { state } = await tx.load(accountAggregate, accountId);
  if (!state.exists) throw notFound('account', accountId);
  if (state.status === 'closed') throw new RuleViolation('account-closed', `account ${accountId} is closed`, 'conflict');
}

/** Whether stopping `agreementId` on `endDate` leaves the account without service (then a final bill is due). */
async function isLastAgreement(tx: CommandTx, accountId: string, agreementId: string, endDate: LocalDate): Promise<boolean> {
  const [{ n }] = await tx.query<{ n: number }>(
    'select count(*)::int as n from rm_agreement where account_id = $1 and id <> $2 and (end_date is null or end_date > $3)',
    [accountId, agreementId, endDate],
  );
  return n === 0;
}

async function requestFinalBill(tx: CommandTx, accountId: string, agreementId: string, servicePointId: string, finalDate: LocalDate, finalReadWorkOrderId: string): Promise<void> {
  const { version } = await tx.load(accountAggregate, accountId);
  await tx.append(accountId, version, [emit(FinalBillRequestedV1, { accountId, agreementId, servicePointId, finalDate, finalReadWorkOrderId })]);
}

@ApiTags('service agreements')
@Controller()
export class ServiceAgreementController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('service-agreements')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Start service (move-in): an agreement of an account on a service point and tariff from a date' })
  @ApiBody({ schema: { type: 'object', example: { accountId: '0190f4a2-0000-7000-8000-000000000000', servicePointId: '0190f4a2-0000-7000-8000-000000000001', tariffCode: 'E-TOU-C', startDate: '2025-06-01' } } })
  async start(@Body() body: unknown): Promise<{ agreementId: string; connectWorkOrderId: string | null }> {
    const input = parse(body, (i) => ({ accountId: i.uuid('accountId'), servicePointId: i.uuid('servicePointId'), tariffCode: i.text('tariffCode', TARIFF), startDate: i.date('startDate') }));
    const agreementId = uuidv7();
    return this.commands.run(async (tx) => {
      await assertOpenAccount(tx, input.accountId);
      const { state, version } = await tx.load(servicePointAggregate, input.servicePointId);
      if (!state.exists) throw notFound('service-point', input.servicePointId);
      await tx.append(input.servicePointId, version, decideServicePoint(state, { type: 'start', agreementId, ...input }, tx.now, this.commands.policy));
      // A point off supply needs a crew before the customer has service.
      const connectWorkOrderId =
        state.connectionStatus === 'connected'
          ? null
          : await scheduleWorkOrder(tx, { workType: 'connect', servicePointId: input.servicePointId, accountId: input.accountId, reason: 'move-in', requestedBy: { kind: 'process', ref: `move-in:${agreementId}` } });
      return { agreementId, connectWorkOrderId };
    });
  }

  @Post('service-agreements/:agreementId/stop')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Stop service (move-out) on the last day of service: schedules the final read and, for the last agreement of the account, requests the final bill' })
  @ApiBody({ schema: { type: 'object', example: { endDate: '2025-06-30', reason: 'move-out' } } })
  async stop(@Param('agreementId') id: string, @Body() body: unknown): Promise<{ agreementId: string; finalReadWorkOrderId: string; finalBillRequested: boolean }> {
    const agreementId = idParam('agreementId', id);
    const input = parse(body, (i) => ({ endDate: i.date('endDate'), reason: i.oneOf('reason', ['move-out', 'other'] as const, 'move-out') }));
    return this.commands.run(async (tx) => {
      const [row] = await tx.query<{ service_point_id: string; account_id: string }>('select service_point_id, account_id from rm_agreement where id = $1', [agreementId]);
      if (!row) throw notFound('service-agreement', agreementId);
      await tx.lockAccount(row.account_id);
      const finalBillRequested = await isLastAgreement(tx, row.account_id, agreementId, input.endDate);
      const { state, version } = await tx.load(servicePointAggregate, row.service_point_id);
      await tx.append(row.service_point_id, version, decideServicePoint(state, { type: 'stop', agreementId, ...input, finalBillRequested }, tx.now, this.commands.policy));
      const finalReadWorkOrderId = await scheduleWorkOrder(tx, {
        workType: 'read-check', servicePointId: row.service_point_id, accountId: row.account_id, reason: 'final-read', requestedBy: { kind: 'process', ref: `move-out:${agreementId}` },
      });
      if (finalBillRequested) await requestFinalBill(tx, row.account_id, agreementId, row.service_point_id, input.endDate, finalReadWorkOrderId);
      return { agreementId, finalReadWorkOrderId, finalBillRequested };
    });
  }

  @Post('service-agreements/:agreementId/tariff')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Change the tariff of an agreement from a date' })
  @ApiBody({ schema: { type: 'object', example: { tariffCode: 'E-TOU-D', effectiveFrom: '2025-07-01' } } })
  async changeTariff(@Param('agreementId') id: string, @Body() body: unknown): Promise<{ agreementId: string }> {
    const agreementId = idParam('agreementId', id);
    const input = parse(body, (i) => ({ tariffCode: i.text('tariffCode', TARIFF), effectiveFrom: i.date('effectiveFrom') }));
    await this.commands.run(async (tx) => {
      const [row] = await tx.query<{ service_point_id: string }>('select service_point_id from rm_agreement where id = $1', [agreementId]);
      if (!row) throw notFound('service-agreement', agreementId);
      const { state, version } = await tx.load(servicePointAggregate, row.service_point_id);
      await tx.append(row.service_point_id, version, decideServicePoint(state, { type: 'change-tariff', agreementId, ...input }, tx.now, this.commands.policy));
    });
    return { agreementId };
  }

  @Post('service-points/:servicePointId/transfer')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({
    summary: 'Transfer a service point on a date: the current agreement stops and the incoming account starts the same day; without an incoming account, service reverts to the premise landlord',
  })
  @ApiBody({ schema: { type: 'object', example: { date: '2025-07-15', toAccountId: '0190f4a2-0000-7000-8000-000000000002', tariffCode: 'E-1' } } })
  async transfer(
    @Param('servicePointId') id: string,
    @Body() body: unknown,
  ): Promise<{ stoppedAgreementId: string; agreementId: string; toAccountId: string; landlordReversion: boolean; transferReadWorkOrderId: string; finalBillRequested: boolean }> {
    const servicePointId = idParam('servicePointId', id);
    const input = parse(body, (i) => ({
      date: i.date('date'),
      toAccountId: i.has('toAccountId') ? i.uuid('toAccountId') : null,
      tariffCode: i.has('tariffCode') ? i.text('tariffCode', TARIFF) : null,
    }));
    const agreementId = uuidv7();
    return this.commands.run(async (tx) => {
      const { state, version } = await tx.load(servicePointAggregate, servicePointId);
      if (!state.exists) throw notFound('service-point', servicePointId);
      let toAccountId = input.toAccountId;
      if (toAccountId === null) {
        toAccountId = (await tx.load(premiseAggregate, state.premiseId as string)).state.landlordAccountId;
        if (toAccountId === null) throw new RuleViolation('no-incoming-account', 'nobody moves in and the premise has no landlord account to revert to');
      }
      await assertOpenAccount(tx, toAccountId);
      const outgoing = state.agreements.find((a) => a.endDate === null && a.startDate <= input.date);
      let finalBillRequested = false;
      if (outgoing) {
        await tx.lockAccount(outgoing.accountId);
        finalBillRequested = await isLastAgreement(tx, outgoing.accountId, outgoing.agreementId, input.date);
      }
      const incoming = { agreementId, accountId: toAccountId, tariffCode: input.tariffCode };
      await tx.append(servicePointId, version, decideServicePoint(state, { type: 'transfer', date: input.date, incoming, outgoingFinalBillRequested: finalBillRequested }, tx.now, this.commands.policy));
      const out = outgoing as NonNullable<typeof outgoing>; // the decider refused the transfer otherwise
      const transferReadWorkOrderId = await scheduleWorkOrder(tx, {
        workType: 'read-check', servicePointId, accountId: toAccountId, reason: 'transfer-read', requestedBy: { kind: 'process', ref: `transfer:${out.agreementId}` },
      });
      if (finalBillRequested) await requestFinalBill(tx, out.accountId, out.agreementId, servicePointId, input.date, transferReadWorkOrderId);
      return { stoppedAgreementId: out.agreementId, agreementId, toAccountId, landlordReversion: input.toAccountId === null, transferReadWorkOrderId, finalBillRequested };
    });
  }

  @Get('service-agreements/:agreementId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A service agreement with its tariff history' })
  async get(@Param('agreementId') id: string): Promise<unknown> {
    const agreementId = idParam('agreementId', id);
    const rows = await this.commands.read('select g.*, sp.premise_id from rm_agreement g join rm_service_point sp on sp.id = g.service_point_id where g.id = $1', [agreementId]);
    if (rows.length === 0) throw new ProblemError(404, 'service-agreement-not-found', `service agreement ${agreementId} does not exist`);
    return camel(rows[0]);
  }
}
