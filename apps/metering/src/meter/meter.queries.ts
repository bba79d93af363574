import type { Commodity, MeterRegister } from '@utilia/contracts';
import type { CommandTx } from '@utilia/platform';
import type { InstalledSpan } from '../vee/rules/outside-installation';

/** A meter as the other use cases need it. */
export interface MeterFile {
  id: string;
  serial: string;
  commodity: Commodity;
  kind: 'interval' | 'register';
  registers: MeterRegister[];
}

/** The meters of these serials that metering knows, by serial. */
export async function metersBySerial(tx: Pick<CommandTx, 'query'>, serials: readonly string[]): Promise<Map<string, MeterFile>> {
  if (serials.length === 0) return new Map();
  const rows = await tx.query<MeterFile>('select id, serial, commodity, kind, registers from m_meter where serial = any($1::text[])', [[...new Set(serials)]]);
  return new Map(rows.map((r) => [r.serial, r]));
}

/** The installations of these meters, by meter: when each was at which point. */
export async function installationsOf(tx: Pick<CommandTx, 'query'>, meterIds: readonly string[]): Promise<Map<string, InstalledSpan[]>> {
  const out = new Map<string, InstalledSpan[]>();
  if (meterIds.length === 0) return out;
  const rows = await tx.query<{ meter_id: string; service_point_id: string; installed_at: Date; removed_at: Date | null }>(
    'select meter_id, service_point_id, installed_at, removed_at from m_installation where meter_id = any($1::uuid[]) order by installed_at',
    [[...new Set(meterIds)]],
  );
  for (const r of rows) {
    const list = out.get(r.meter_id) ?? [];
    list.push({ servicePointId: r.service_point_id, from: r.installed_at.getTime() / 1000, to: r.removed_at ? r.removed_at.getTime() / 1000 : null });
    out.set(r.meter_id, list);
  }
  return out;
}

/** The meters installed at a service point over [from, to) (Unix seconds), with when. */
export async function metersAt(
  tx: Pick<CommandTx, 'query'>,
  servicePointId: string,
  from: number,
  to: number,
): Promise<Array<{ meterId: string; from: number; to: number | null }>> {
  const rows = await tx.query<{ meter_id: string; installed_at: Date; removed_at: Date | null }>(
    `select meter_id, installed_at, removed_at from m_installation
     where service_point_id = $1 and installed_at < to_timestamp($3) and (removed_at is null or removed_at > to_timestamp($2)) order by installed_at`,
    [servicePointId, from, to],
    'mtr_meters_at',
  );
  return rows.map((r) => ({ meterId: r.meter_id, from: r.installed_at.getTime() / 1000, to: r.removed_at ? r.removed_at.getTime() / 1000 : null }));
}
