import { VeeExceptionRaisedV1, uuidv7 } from '@utilia/contracts';
import { event, type CommandTx } from '@utilia/platform';
import type { MeterFile } from '../meter/meter.queries';
import { iso } from '../vee/rules/finding';
import { registerStep } from '../vee/rules/register-backwards';

/** A register read as it comes: the register, when, and the value as displayed (decimal string, in the register's unit). */
export interface RegisterRead {
  register: string;
  readAt: number;
  value: string;
}

/** The integer part of a displayed register value (the dials count whole units). */
const wholeUnits = (value: string) => BigInt(value.split('.')[0]);

/**
 * Keeps register reads (the same read again changes nothing) and checks each against the one
 * before it: a rollover past the last dial is counted on; a register that went backwards is an
 * exception for a person (`register-backwards`).
 */
export async function keepRegisterReads(tx: CommandTx, meter: MeterFile, reads: readonly RegisterRead[], source: string): Promise<number> {
  let exceptions = 0;
  for (const r of reads) {
    const register = meter.registers.find((x) => x.code === r.register);
    const [previous] = await tx.query<{ value: string; read_at: Date }>(
      'select value::text as value, read_at from register_read where meter_id = $1 and register = $2 and read_at < to_timestamp($3) order by read_at desc limit 1',
      [meter.id, r.register, r.readAt],
    );
    const inserted = await tx.query<{ ok: number }>(
      `insert into register_read (meter_id, register, read_at, value, quality, source) values ($1, $2, to_timestamp($3), $4::numeric, 'A', $5)
       on conflict (meter_id, register, read_at) do nothing returning 1 as ok`,
      [meter.id, r.register, r.readAt, r.value, source],
    );
    if (!previous || inserted.length === 0 || !register) continue;
    const range = 10n ** BigInt(register.dials);
    const step = registerStep(wholeUnits(previous.value), wholeUnits(r.value), register.dials, range / 2n);
    if (step.kind !== 'backwards') continue;
    const exceptionId = uuidv7();
    const detail = `register ${r.register} read ${r.value} at ${iso(r.readAt)}, ${step.drop} below ${previous.value} at ${previous.read_at.toISOString()}`;
    const channel = `register:${r.register}`;
    const [at] = await tx.query<{ service_point_id: string }>(
      'select service_point_id from m_installation where meter_id = $1 and installed_at <= to_timestamp($2) and (removed_at is null or removed_at > to_timestamp($2))',
      [meter.id, r.readAt],
    );
    const from = iso(previous.read_at.getTime() / 1000);
    await tx.query(
      `insert into vee_exception (id, meter_id, service_point_id, channel, rule, from_at, to_at, detail) values ($1, $2, $3, $4, 'register-backwards', $5, to_timestamp($6), $7)`,
      [exceptionId, meter.id, at?.service_point_id ?? null, channel, previous.read_at, r.readAt, detail],
    );
    await tx.append(exceptionId, 'no-stream', [
      event(VeeExceptionRaisedV1, {
        exceptionId,
        meterId: meter.id,
        servicePointId: at?.service_point_id ?? null,
        channel,
        rule: 'register-backwards',
        from,
        to: iso(r.readAt),
        detail,
      }),
    ]);
    exceptions++;
  }
  return exceptions;
}

/** The register reads of a meter over [from, to] (Unix seconds), oldest first. */
export async function registerReadsOf(
  tx: Pick<CommandTx, 'query'>,
  meterId: string,
  from: number,
  to: number,
): Promise<Array<{ register: string; readAt: Date; value: string }>> {
  return (
    await tx.query<{ register: string; read_at: Date; value: string }>(
      'select register, read_at, value::text as value from register_read where meter_id = $1 and read_at between to_timestamp($2) and to_timestamp($3) order by read_at',
      [meterId, from, to],
    )
  ).map((r) => ({ register: r.register, readAt: r.read_at, value: r.value }));
}
