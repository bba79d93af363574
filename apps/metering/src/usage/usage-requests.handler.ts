import { Inject, Injectable } from '@nestjs/common';
import { Topics, UsageProfileReadyV1, UsageProfileRequestedV1, type MeterRegister } from '@utilia/contracts';
import {
  addDays,
  CommandRunner,
  event,
  startOfLocalDate,
  type CommandTx,
  type ConsumedEvent,
  type HandlerContext,
  type MessageHandler,
  type ServiceConsumer,
} from '@utilia/platform';
import Big from 'big.js';
import type { MeteringConfig } from '../config';
import { metersAt } from '../meter/meter.queries';
import { registerReadsOf } from '../readings/register-reads';
import { METERING_CONFIG } from '../tokens';
import { periodUsage } from './profile';
import { registerTotal, type RegisterTotal } from './registers';
import { total } from './series';

/** The consumer group (and inbox name) of invoicing's usage requests. */
export const USAGE_REQUESTS_GROUP = 'metering.usage-requests';

/** Register reads this long before a period may be its start read (a monthly read taken a few days early). */
const START_READ_WINDOW = 40 * 86_400;

/** Two meters' totals of one register over a period (an exchange): consumption adds up, demand takes the higher. */
function combine(a: RegisterTotal, b: RegisterTotal, demand: boolean): RegisterTotal {
  if (a.consumption === null) return { ...b, startRead: a.startRead ?? b.startRead };
  if (b.consumption === null) return a;
  const x = new Big(a.consumption);
  const y = new Big(b.consumption);
  const consumption = demand ? (x.gte(y) ? x : y) : x.plus(y);
  return { register: a.register, startRead: a.startRead, endRead: b.endRead, consumption: consumption.toString(), estimated: a.estimated || b.estimated };
}

/**
 * A service point's register totals over [from, to] (Unix seconds): each register of each meter
 * installed there then, over the time it was, from that meter's reads.
 */
export async function pointRegisterTotals(tx: Pick<CommandTx, 'query'>, servicePointId: string, from: number, to: number): Promise<RegisterTotal[]> {
  const byCode = new Map<string, RegisterTotal>();
  for (const m of await metersAt(tx, servicePointId, from, to)) {
    const [file] = await tx.query<{ registers: MeterRegister[] }>('select registers from m_meter where id = $1', [m.meterId], 'mtr_meter_registers');
    const a = Math.max(from, m.from);
    const b = Math.min(to, m.to ?? to);
    const reads = (await registerReadsOf(tx, m.meterId, Math.max(m.from, a - START_READ_WINDOW), m.to ?? b + 86_400)).map((r) => ({
      register: r.register,
      at: r.readAt.getTime() / 1000,
      value: r.value,
    }));
    for (const register of file?.registers ?? []) {
      const t = registerTotal(
        register,
        reads.filter((r) => r.register === register.code),
        a,
        b,
      );
      const before = byCode.get(register.code);
      byCode.set(register.code, before ? combine(before, t, register.measure === 'demand') : t);
    }
  }
  return [...byCode.values()];
}

/** A billing period's bounds (Unix seconds): from the first day's start to the day after the last, in the utility's zone. */
export function periodBounds(periodStart: string, periodEnd: string, timeZone: string): { from: number; to: number } {
  return { from: startOfLocalDate(periodStart, timeZone) / 1000, to: startOfLocalDate(addDays(periodEnd, 1), timeZone) / 1000 };
}

/**
 * Answers a usage request: the service point's usage over the period (holes estimated and stored,
 * see `periodUsage`), register totals and maximum demand, as `UsageProfileReady`; what was
 * delivered is kept so that later changes to the period are announced (`UsageCorrected`). A
 * request asked again (the same request id) gets the same answer again.
 */
export async function answerUsageRequest(tx: CommandTx, request: UsageProfileRequestedV1, config: MeteringConfig): Promise<UsageProfileReadyV1> {
  const { from, to } = periodBounds(request.periodStart, request.periodEnd, config.timeZone);
  const usage = await periodUsage(tx, request.servicePointId, from, to, config.vee);
  const registers = await pointRegisterTotals(tx, request.servicePointId, from, to);
  const demandRegister = registers.find((r) => r.register === '1.6.0' && r.consumption !== null);
  const hasIntervals = usage.importSlots.some((s) => s.value !== null);
  const counts = hasIntervals
    ? usage.counts
    : // A register-only point bills from its totals: they are what is actual or estimated.
      {
        actual: registers.filter((r) => r.consumption !== null && !r.estimated).length,
        estimated: registers.filter((r) => r.estimated).length,
        edited: 0,
        missing: registers.filter((r) => r.consumption === null).length,
      };
  const ready: UsageProfileReadyV1 = {
    requestId: request.requestId,
    agreementId: request.agreementId,
    accountId: request.accountId,
    servicePointId: request.servicePointId,
    periodStart: request.periodStart,
    periodEnd: request.periodEnd,
    start: new Date(from * 1000).toISOString(),
    intervalMinutes: usage.intervalSeconds / 60,
    importWh: hasIntervals ? usage.importSlots.map((s) => Number(s.value ?? 0n)) : [],
    ...(usage.exportSlots ? { exportWh: usage.exportSlots.map((s) => Number(s.value ?? 0n)) } : {}),
    registers: registers.map(({ register, startRead, endRead, consumption }) => ({ register, startRead, endRead, consumption })),
    maxDemandW: demandRegister ? Number(new Big(demandRegister.consumption as string).times(1000).round(0)) : usage.maxDemandW,
    counts,
  };
  await tx.query(
    `insert into usage_delivery (request_id, agreement_id, account_id, service_point_id, period_start, period_end, from_at, to_at, import_wh)
     values ($1, $2, $3, $4, $5, $6, to_timestamp($7), to_timestamp($8), $9)
     on conflict (request_id) do update set import_wh = excluded.import_wh, delivered_at = now()`,
    [
      request.requestId,
      request.agreementId,
      request.accountId,
      request.servicePointId,
      request.periodStart,
      request.periodEnd,
      from,
      to,
      String(total(usage.importSlots)),
    ],
    'mtr_usage_delivery',
  );
  await tx.append(request.requestId, 'any', [event(UsageProfileReadyV1, ready)]);
  return ready;
}

/** Invoicing's usage requests from `invoicing.events`, each answered in the consumer's transaction. */
@Injectable()
export class UsageRequestsHandler implements MessageHandler {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(METERING_CONFIG) private readonly config: MeteringConfig,
  ) {}

  async handle(e: ConsumedEvent, ctx: HandlerContext): Promise<void> {
    if (e.type !== UsageProfileRequestedV1.type) return;
    await this.commands.runIn(ctx.manager as NonNullable<HandlerContext['manager']>, (tx) =>
      answerUsageRequest(tx, e.data as UsageProfileRequestedV1, this.config),
    );
  }
}

/** Metering's consumer of usage requests. */
export const usageRequestsConsumer: ServiceConsumer = {
  groupId: USAGE_REQUESTS_GROUP,
  topics: [Topics.invoicingEvents],
  handler: UsageRequestsHandler,
  // A bill run's requests come on every partition: one partition's queries overlap another's computing.
  partitionsConsumedConcurrently: 2,
};
