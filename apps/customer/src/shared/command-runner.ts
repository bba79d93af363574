import { Inject, Injectable } from '@nestjs/common';
import { defaultRegistry, type EventRegistry } from '@utilia/contracts';
import {
  applyToProjection,
  poolOf,
  EventStore,
  ProblemError,
  StreamVersionConflict,
  traceHeadersForOutgoing,
  type ExpectedVersion,
  type Projection,
  type ProjectionEvent,
} from '@utilia/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { CUSTOMER_CONFIG, CLOCK, READ_MODELS, type Clock } from './tokens';
import type { CustomerConfig } from '../config';
import type { DatePolicy } from './dates';
import { replay, type Aggregate, type Emitted } from './decider';
import { RuleViolation, ValidationFailed } from './rules';

const MAX_ATTEMPTS = 5;

/** Unique constraints of the read models that stand for a business rule. */
const CONSTRAINT_RULES: Record<string, { code: string; detail: string }> = {
  rm_service_point_market_id: { code: 'market-id-taken', detail: 'another service point of this commodity already has this market identifier' },
  rm_service_point_premise_commodity: { code: 'commodity-already-served', detail: 'the premise already has a service point of this commodity' },
};

/** One command's transaction: load streams, append their new events, query the read models. */
export class CommandTx {
  /** What was appended, in order, with positions: the read models are fed from it before commit. */
  readonly appended: ProjectionEvent[] = [];

  constructor(
    readonly manager: EntityManager,
    readonly now: Date,
    private readonly store: EventStore,
    private readonly registry: EventRegistry,
  ) {}

  /** The state of a stream and the version to expect when appending to it. */
  async load<S>(aggregate: Aggregate<S>, streamId: string): Promise<{ state: S; version: number }> {
    const events = await this.store.readStream(this.manager, streamId);
    const upcast = events.map((e) => this.registry.upcast(e.type, e.data));
    return { state: replay(aggregate, upcast), version: events.length === 0 ? 0 : events[events.length - 1].streamVersion };
  }

  /** Appends a decider's events to a stream (queued in the outbox in this transaction). */
  async append(streamId: string, expected: ExpectedVersion, events: readonly Emitted[]): Promise<void> {
    if (events.length === 0) return;
    const trace = traceHeadersForOutgoing();
    const envelopes = events.map((e) =>
      this.registry.encode(e.type, e.data, { subject: streamId, time: this.now.toISOString(), correlationId: trace.correlationId, causationId: trace.causationId, traceparent: trace.traceparent }),
    );
    const result = await this.store.append(this.manager, streamId, expected, envelopes);
    envelopes.forEach((env, i) => this.appended.push({ id: env.id, type: env.type, subject: streamId, data: env.data, position: result.events[i].position }));
  }

  /** Raw SQL in this transaction. */
  async query<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.manager.query(sql, params)) as R[];
  }

  /** Serialises the commands that decide from an account's agreements (final bill, closing). */
  async lockAccount(accountId: string): Promise<void> {
    await this.manager.query(`select pg_advisory_xact_lock(hashtext('customer.account-service:' || $1))`, [accountId]);
  }
}

/**
 * Runs a command: one transaction in which the streams are loaded, the deciders decide, the events
 * are appended (and queued in the outbox) and the read models updated. Nothing is partially applied.
 * A concurrent append to a stream it read makes it start again from the new state.
 */
@Injectable()
export class CommandRunner {
  readonly policy: DatePolicy;
  private readonly registry = defaultRegistry;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    @Inject(CUSTOMER_CONFIG) config: CustomerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_MODELS) private readonly readModels: Projection<any>[], // eslint-disable-line @typescript-eslint/no-explicit-any
  ) {
    this.policy = { timeZone: config.timeZone, backdateLimitDays: config.backdateLimitDays };
  }

  now(): Date {
    return this.clock.now();
  }

  /**
   * A read-only query outside any command (read models). A `statement` name makes it a prepared
   * statement on each pooled connection: PostgreSQL then plans a hot query once instead of every
   * time (planning the account 360 query costs more than running it).
   */
  async read<R = Record<string, unknown>>(sql: string, params: unknown[] = [], statement?: string): Promise<R[]> {
    if (statement) return (await poolOf(this.dataSource).query({ name: statement, text: sql, values: params })).rows as R[];
    return (await this.dataSource.query(sql, params)) as R[];
  }

  async run<T>(work: (tx: CommandTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((manager) => this.runIn(manager, work));
      } catch (e) {
        if (e instanceof StreamVersionConflict && attempt < MAX_ATTEMPTS) continue;
        throw toProblem(e);
      }
    }
  }

  /**
   * Runs a command in a transaction someone else holds (a consumer's, whose inbox row commits with
   * it); a version conflict is left to that caller, which retries the whole message.
   */
  async runIn<T>(manager: EntityManager, work: (tx: CommandTx) => Promise<T>): Promise<T> {
    const tx = new CommandTx(manager, this.clock.now(), this.store, this.registry);
    const result = await work(tx);
    for (const p of this.readModels) await applyToProjection(manager, p, tx.appended);
    return result;
  }
}

/** Domain failures as problem+json; anything else is left to the global filter (500). */
export function toProblem(e: unknown): unknown {
  if (e instanceof ValidationFailed) return new ProblemError(400, 'validation-failed', 'the request has invalid fields', e.errors);
  if (e instanceof RuleViolation) return new ProblemError(e.kind === 'conflict' ? 409 : e.kind === 'not-found' ? 404 : 422, e.code, e.message);
  if (e instanceof StreamVersionConflict) return new ProblemError(409, 'concurrent-modification', 'the same record was changed concurrently too often; try again');
  const pg = (e as { driverError?: { code?: string; constraint?: string } }).driverError;
  if (pg?.code === '23505' && pg.constraint && CONSTRAINT_RULES[pg.constraint]) {
    const rule = CONSTRAINT_RULES[pg.constraint];
    return new ProblemError(409, rule.code, rule.detail);
  }
  return e;
}
