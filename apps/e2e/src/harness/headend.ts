import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as contracts from '@utilia/contracts';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { brokers, root } from './system';

// The head-end simulator's own message builder and load model (tools/headend-sim/lib.js, CommonJS,
// handed the contracts library by its caller), so the readings are what a head-end sends. Loaded
// at run time by its path, as sim.mjs and the benches load it (it is a script of the workspace, not a library).
const sim = createRequire(__filename)(path.join(root, 'tools', 'headend-sim', 'lib.js')) as HeadEndSim;

interface HeadEndSim {
  meterTraits(seed: number, serial: string): { registerStartWh: number };
  dayValues(seed: number, traits: object, day: string): number[];
  registerAt(seed: number, traits: object, day: string): number;
  formatKwh(wh: number): string;
  dayMessageData(serial: string, headend: string, day: string, sent: Array<[number, number]>, registerEndWh: number): object;
  correctionMessageData(serial: string, headend: string, day: string, corrections: Array<[number, number]>): object;
  toKafka(
    data: object,
    opts: { contracts: typeof contracts; headend: string; validate?: boolean },
  ): { key: string; value: string; headers: Record<string, string> };
  readingsIn(data: { intervalBlocks: Array<{ readings: unknown[] }> }): number;
}

const SEED = 18;
const HEADEND = 'e2e';

/** A meter's register, kWh with 3 decimals, at midnight UTC starting `day` (what a crew reads there). */
export function registerKwhAt(serial: string, day: string): string {
  return sim.formatKwh(sim.registerAt(SEED, sim.meterTraits(SEED, serial), day));
}

/** The Wh a meter measured on each quarter hour of a UTC day (the simulator's "true" values). */
export function dayValues(serial: string, day: string): number[] {
  return sim.dayValues(SEED, sim.meterTraits(SEED, serial), day);
}

/** Publishes readings on `meter.readings` as the head-end simulator does: one CloudEvent per meter per day. */
export class HeadEnd {
  private producer?: Producer;
  /** Readings sent, per serial. */
  readonly sent = new Map<string, number>();

  async start(): Promise<void> {
    const kafka = new Kafka({ clientId: 'e2e-headend', brokers: brokers().split(','), logLevel: logLevel.NOTHING, retry: { retries: 20, maxRetryTime: 5000 } });
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.producer.connect();
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
  }

  /** Each day of each meter: its 96 quarter hours and the register at the day's end. */
  async sendDays(serials: string[], days: string[]): Promise<void> {
    const messages = [];
    for (const serial of serials) {
      const traits = sim.meterTraits(SEED, serial);
      let register = sim.registerAt(SEED, traits, days[0]);
      for (const day of days) {
        const values = sim.dayValues(SEED, traits, day);
        register += values.reduce((a, b) => a + b, 0);
        const data = sim.dayMessageData(
          serial,
          HEADEND,
          day,
          values.map((v, i) => [i, v]),
          register,
        ) as { intervalBlocks: Array<{ readings: unknown[] }> };
        this.sent.set(serial, (this.sent.get(serial) ?? 0) + sim.readingsIn(data));
        messages.push(sim.toKafka(data, { contracts, headend: HEADEND, validate: true }));
      }
    }
    await this.send(messages);
  }

  /** A late correction: these quarter hours of the day again, with other values. */
  async sendCorrection(serial: string, day: string, corrections: Array<[number, number]>): Promise<void> {
    await this.send([sim.toKafka(sim.correctionMessageData(serial, HEADEND, day, corrections), { contracts, headend: HEADEND, validate: true })]);
  }

  private async send(messages: Array<{ key: string; value: string; headers: Record<string, string> }>): Promise<void> {
    if (!this.producer) throw new Error('the head-end is not started');
    for (let i = 0; i < messages.length; i += 200) await this.producer.send({ topic: contracts.Topics.meterReadings, messages: messages.slice(i, i + 200) });
  }
}
