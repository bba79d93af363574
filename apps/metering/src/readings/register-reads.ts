import { VeeExceptionRaisedV1, uuidv7 } from '@utilia/contracts';
import { event, textArray, type CommandTx } from '@utilia/platform';
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

/** A register read of a meter, from a source. */
export interface MeterRegisterRead {
  meter: MeterFile;
  read: RegisterRead;
  source: string;
}

/**
 * Keeps register reads (the same read again changes nothing) and checks each new one against the
 * one before it in time: a rollover past the last dial is counted on; a register that went
 * backwards is an exception for a person (`register-backwards`). Two statements whatever the
 * number of reads (a chunk of head-end messages carries one read each).
 */
export async function keepRegisterReads(tx: CommandTx, reads: readonly MeterRegisterRead[]): Promise<number> {
  if (reads.length === 0) return 0;
  const inserted = await tx.query<{ i: number }>(
    `with t as (select * from unnest($1::uuid[], $2::text[], $3::float8[], $4::text[], $5::text[]) with ordinality as t(m, r, at, v, s, i)),
     ins as (
       insert into register_read (meter_id, register, read_at, value, quality, source)
       select m, r, to_timestamp(at), v::numeric, 'A', s from t
       on conflict (meter_id, register, read_at) do nothing
       returning meter_id, register, read_at)
     select min(t.i)::int as i from ins join t on t.m = ins.meter_id and t.r = ins.register and to_timestamp(t.at) = ins.read_at group by t.m, t.r, t.at`,
    [
      reads.map((x) => x.meter.id),
      textArray(reads.map((x) => x.read.register)),
      reads.map((x) => x.read.readAt),
      textArray(reads.map((x) => x.read.value)),
      textArray(reads.map((x) => x.source)),
    ],
  );
  const fresh = inserted.map((r) => reads[r.i - 1]).filter((x) => x.meter.registers.some((g) => g.code === x.read.register));
  if (fresh.length === 0) return 0;
  const previous = await tx.query<{ i: number; value: string; read_at: Date }>(
    `select k.i::int as i, p.value::text as value, p.read_at
       from unnest($1::uuid[], $2::text[], $3::float8[]) with ordinality as k(m, r, at, i)
       cross join lateral (select value, read_at from register_read
         where meter_id = k.m and register = k.r and read_at < to_timestamp(k.at) order by read_at desc limit 1) p`,
    [fresh.map((x) => x.meter.id), textArray(fresh.map((x) => x.read.register)), fresh.map((x) => x.read.readAt)],
  );
  let exceptions = 0;
  for (const p of previous) {
    const { meter, read: r } = fresh[p.i - 1];
    const register = meter.registers.find((x) => x.code === r.register) as MeterFile['registers'][number];
    const range = 10n ** BigInt(register.dials);
    const step = registerStep(wholeUnits(p.value), wholeUnits(r.value), register.dials, range / 2n);
    if (step.kind !== 'backwards') continue;
    await raiseBackwards(tx, meter.id, r, p, step.drop);
    exceptions++;
  }
  return exceptions;
}

/** A register that went backwards as an exception in the queue (and its event), at the service point the meter was at then. */
async function raiseBackwards(tx: CommandTx, meterId: string, r: RegisterRead, previous: { value: string; read_at: Date }, drop: bigint): Promise<void> {
  const exceptionId = uuidv7();
  const detail = `register ${r.register} read ${r.value} at ${iso(r.readAt)}, ${drop} below ${previous.value} at ${previous.read_at.toISOString()}`;
  const channel = `register:${r.register}`;
  const [at] = await tx.query<{ service_point_id: string }>(
    'select service_point_id from m_installation where meter_id = $1 and installed_at <= to_timestamp($2) and (removed_at is null or removed_at > to_timestamp($2))',
    [meterId, r.readAt],
  );
  const servicePointId = at?.service_point_id ?? null;
  await tx.query(
    `insert into vee_exception (id, meter_id, service_point_id, channel, rule, from_at, to_at, detail) values ($1, $2, $3, $4, 'register-backwards', $5, to_timestamp($6), $7)`,
    [exceptionId, meterId, servicePointId, channel, previous.read_at, r.readAt, detail],
  );
  await tx.append(exceptionId, 'no-stream', [
    event(VeeExceptionRaisedV1, {
      exceptionId,
      meterId,
      servicePointId,
      channel,
      rule: 'register-backwards',
      from: iso(previous.read_at.getTime() / 1000),
      to: iso(r.readAt),
      detail,
    }),
  ]);
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
      'mtr_register_reads',
    )
  ).map((r) => ({ register: r.register, readAt: r.read_at, value: r.value }));
}
