import { Inject, Injectable } from '@nestjs/common';
import { MeterReadingsV1, Topics } from '@utilia/contracts';
import { CommandRunner, PermanentError, type ConsumedEvent, type HandlerContext, type MessageHandler, type ServiceConsumer } from '@utilia/platform';
import type { MeteringConfig } from '../config';
import { metersBySerial, type MeterFile } from '../meter/meter.queries';
import { METERING_CONFIG } from '../tokens';
import { channelOfReadingType, FractionalValue, toBaseUnits } from './channel';
import type { Quality } from './day';
import { ingest, type ChannelBatch } from './ingest';
import { keepRegisterReads, type MeterRegisterRead, type RegisterRead } from './register-reads';

/** The consumer group of head-end readings (dead letters on `metering.readings.dlq`). */
export const READINGS_GROUP = 'metering.readings';

/** IEC 61968-9 reading quality categories (the middle of `system.category.subcategory`): 7 edited, 8 estimated. */
export function qualityOf(codes: readonly string[] | undefined): Quality {
  if (codes === undefined || codes.length === 0) return 'A';
  const categories = (codes ?? []).map((c) => c.split('.')[1]);
  return categories.includes('8') ? 'E' : categories.includes('7') ? 'D' : 'A';
}

/**
 * A head-end message as readings of the meter's channels. A message that can never be stored as it
 * is (an unknown meter, energy in W, a value that is not a whole Wh, an interval block without its
 * interval length, a register the meter does not have) is refused whole, with the reason.
 */
export function channelBatches(
  message: MeterReadingsV1,
  meter: MeterFile | undefined,
  source: string,
): { batches: ChannelBatch[]; registerReads: RegisterRead[] } {
  const refuse = (why: string) => new PermanentError(`meter ${message.meterMrid}: ${why}`);
  if (!meter) throw refuse('not in the inventory (register it, then replay this dead letter)');
  const batches = message.intervalBlocks.map((block): ChannelBatch => {
    const channel = channelOfReadingType(block.readingType);
    if (typeof channel === 'string') throw refuse(channel);
    const seconds = block.readingType.intervalLength;
    if (seconds === undefined) throw refuse('an interval block needs the intervalLength of its reading type');
    try {
      const readings = block.readings.map((r) => ({
        start: Date.parse(r.start) / 1000,
        seconds,
        value: toBaseUnits(r.value, block.readingType.unit),
        quality: qualityOf(r.qualities),
        source,
      }));
      return { meter, channel, intervalSeconds: seconds, readings };
    } catch (e) {
      if (e instanceof FractionalValue) throw refuse(e.message);
      throw e;
    }
  });
  const registerReads = message.registerReads.map((r) => {
    const register = meter.registers.find((x) => x.measure === r.readingType.measure && x.direction === r.readingType.direction);
    if (!register) throw refuse(`it has no register measuring ${r.readingType.measure} ${r.readingType.direction}`);
    if (register.unit !== r.readingType.unit) throw refuse(`register ${register.code} reads ${register.unit}, not ${r.readingType.unit}`);
    return { register: register.code, readAt: Date.parse(r.readAt) / 1000, value: r.value };
  });
  return { batches, registerReads };
}

/**
 * Head-ends' readings from `meter.readings`, a chunk of messages at a time in the consumer's
 * transaction: validated, stored and checked (see `ingest`); the register reads kept and checked.
 */
@Injectable()
export class HeadEndReadingsHandler implements MessageHandler {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(METERING_CONFIG) private readonly config: MeteringConfig,
  ) {}

  async handleBatch(events: ConsumedEvent[], ctx: HandlerContext): Promise<void> {
    const messages = events.filter((e) => e.type === MeterReadingsV1.type).map((e) => ({ data: e.data as MeterReadingsV1, source: e.source }));
    if (messages.length === 0) return;
    await this.commands.runIn(ctx.manager as NonNullable<HandlerContext['manager']>, async (tx) => {
      const meters = await metersBySerial(
        tx,
        messages.map((m) => m.data.meterMrid),
      );
      const batches: ChannelBatch[] = [];
      const reads: MeterRegisterRead[] = [];
      for (const m of messages) {
        const source = `headend:${m.data.source ?? m.source}`;
        const meter = meters.get(m.data.meterMrid);
        const { batches: b, registerReads } = channelBatches(m.data, meter, source);
        batches.push(...b);
        for (const read of registerReads) reads.push({ meter: meter as MeterFile, read, source });
      }
      await keepRegisterReads(tx, reads);
      await ingest(tx, batches, { vee: this.config.vee, by: 'headend' });
    });
  }
}

/** Metering's consumer of head-end readings: two partitions at a time, so one's database round trips overlap the other's parsing. */
export const headEndConsumer: ServiceConsumer = {
  groupId: READINGS_GROUP,
  topics: [Topics.meterReadings],
  handler: HeadEndReadingsHandler,
  chunkSize: 500,
  partitionsConsumedConcurrently: 2,
};
