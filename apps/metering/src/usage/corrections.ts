import { uuidv7, UsageCorrectedV1 } from '@utilia/contracts';
import { event, type CommandTx } from '@utilia/platform';
import { channelKey, IMPORT_WH } from '../readings/channel';
import { periodUsage } from './profile';
import { total } from './series';

/**
 * After a channel's readings changed over some spans: every usage profile already delivered for a
 * period those spans touch (at the service point the meter was installed at then) is recomputed,
 * and where its total changed, `UsageCorrected` says the old and new totals (invoicing re-rates).
 */
export async function noteCorrections(tx: CommandTx, changes: ReadonlyArray<{ meterId: string; channel: string; from: number; to: number }>): Promise<void> {
  const imports = changes.filter((c) => c.channel === channelKey(IMPORT_WH));
  if (imports.length === 0) return;
  const deliveries = await tx.query<{
    request_id: string;
    agreement_id: string;
    account_id: string;
    service_point_id: string;
    period_start: string;
    period_end: string;
    from_at: Date;
    to_at: Date;
    import_wh: string;
  }>(
    `select distinct d.* from usage_delivery d
       join m_installation i on i.service_point_id = d.service_point_id
       join unnest($1::uuid[], $2::bigint[], $3::bigint[]) as c(meter_id, f, t) on c.meter_id = i.meter_id
     where d.from_at < to_timestamp(c.t) and d.to_at > to_timestamp(c.f)
       and i.installed_at < to_timestamp(c.t) and (i.removed_at is null or i.removed_at > to_timestamp(c.f))`,
    [imports.map((c) => c.meterId), imports.map((c) => c.from), imports.map((c) => c.to)],
  );
  for (const d of deliveries) {
    // No estimates added: those the delivery needed are stored, and a late read replacing one is the change.
    const usage = await periodUsage(tx, d.service_point_id, d.from_at.getTime() / 1000, d.to_at.getTime() / 1000, null);
    const now = total(usage.importSlots);
    if (now === BigInt(d.import_wh)) continue;
    await tx.query('update usage_delivery set import_wh = $2 where request_id = $1', [d.request_id, String(now)]);
    const correctionId = uuidv7();
    await tx.append(correctionId, 'no-stream', [
      event(UsageCorrectedV1, {
        correctionId,
        requestId: d.request_id,
        agreementId: d.agreement_id,
        accountId: d.account_id,
        servicePointId: d.service_point_id,
        periodStart: d.period_start,
        periodEnd: d.period_end,
        previousImportWh: Number(d.import_wh),
        importWh: Number(now),
        reason: 'readings for the period arrived late or changed after it was delivered',
      }),
    ]);
  }
}
