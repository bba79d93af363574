import { uuidv7, type Commodity, type Instant, type Uuid } from '@utilia/contracts';
import { notFound, textArray, type CommandTx } from '@utilia/platform';
import { metersBySerial } from '../meter/meter.queries';
import { decideInstallation, installationAggregate, type InstallationRead, type MeterFacts } from './installation.decider';

/** The meter of a serial, and where it is installed now (another point's open installation). */
async function meterFacts(tx: CommandTx, serial: string, servicePointId: Uuid): Promise<MeterFacts> {
  const meter = (await metersBySerial(tx, [serial])).get(serial);
  if (!meter) throw notFound('meter', serial);
  const [open] = await tx.query<{ service_point_id: string; installed_at: Date }>(
    'select service_point_id, installed_at from m_installation where meter_id = $1 and removed_at is null and service_point_id <> $2',
    [meter.id, servicePointId],
  );
  return {
    meterId: meter.id,
    serial,
    commodity: meter.commodity,
    installedElsewhere: open ? { servicePointId: open.service_point_id, installedAt: open.installed_at.toISOString() } : null,
  };
}

/** The commodity of a service point, when metering has seen the customer service announce it. */
async function pointCommodity(tx: CommandTx, servicePointId: Uuid): Promise<Commodity | null> {
  const [row] = await tx.query<{ commodity: Commodity }>('select commodity from m_service_point where id = $1', [servicePointId]);
  return row?.commodity ?? null;
}

/** Keeps the reads taken as a meter goes in or comes out among its register reads. */
async function keepReads(tx: CommandTx, meterId: Uuid, reads: readonly InstallationRead[], source: string): Promise<void> {
  if (reads.length === 0) return;
  await tx.query(
    `insert into register_read (meter_id, register, read_at, value, quality, source)
     select $1, r, a, v::numeric, 'A', $5 from unnest($2::text[], $3::timestamptz[], $4::text[]) as t(r, a, v)
     on conflict (meter_id, register, read_at) do nothing`,
    [meterId, textArray(reads.map((r) => r.register)), reads.map((r) => r.readAt), textArray(reads.map((r) => r.value)), source],
  );
}

export interface InstallInput {
  servicePointId: Uuid;
  serial: string;
  installedAt: Instant;
  reads: InstallationRead[];
  workOrderId: Uuid | null;
}

/** A meter goes in at a service point. */
export async function installMeter(tx: CommandTx, input: InstallInput): Promise<{ installationId: string }> {
  const meter = await meterFacts(tx, input.serial, input.servicePointId);
  const { state, version } = await tx.load(installationAggregate, input.servicePointId);
  const installationId = uuidv7();
  const command = { type: 'install' as const, installationId, pointCommodity: await pointCommodity(tx, input.servicePointId), meter, ...input };
  await tx.append(input.servicePointId, version, decideInstallation(state, command, tx.now));
  await keepReads(tx, meter.meterId, input.reads, 'installation');
  return { installationId };
}

/** A meter comes out of a service point. */
export async function removeMeter(
  tx: CommandTx,
  input: { servicePointId: Uuid; serial: string; removedAt: Instant; reads: InstallationRead[]; workOrderId: Uuid | null },
): Promise<void> {
  const { state, version } = await tx.load(installationAggregate, input.servicePointId);
  const events = decideInstallation(state, { type: 'remove', ...input }, tx.now);
  await tx.append(input.servicePointId, version, events);
  await keepReads(tx, events[0].data.meterId, input.reads, 'removal');
}

/** One meter out and another in at the same instant (a meter exchange). */
export async function exchangeMeter(
  tx: CommandTx,
  input: {
    servicePointId: Uuid;
    removedSerial: string;
    serial: string;
    at: Instant;
    removedReads: InstallationRead[];
    reads: InstallationRead[];
    workOrderId: Uuid | null;
  },
): Promise<{ installationId: string }> {
  await removeMeter(tx, {
    servicePointId: input.servicePointId,
    serial: input.removedSerial,
    removedAt: input.at,
    reads: input.removedReads,
    workOrderId: input.workOrderId,
  });
  return installMeter(tx, {
    servicePointId: input.servicePointId,
    serial: input.serial,
    installedAt: input.at,
    reads: input.reads,
    workOrderId: input.workOrderId,
  });
}
