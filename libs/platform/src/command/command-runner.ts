import { Inject, Injectable } from '@nestjs/common';
import { createEnvelope, type EventRegistry } from '@utilia/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { poolOf } from '../backbone/log';
import { sqlOf } from '../backbone/sql';
import { replay, type Aggregate, type AnyEvent } from '../domain/decider';
import { RuleViolation } from '../domain/rules';
import type { Clock } from '../domain/clock';
import { EventStore, StreamVersionConflict, type ExpectedVersion } from '../event-store/event-store';
import { applyToProjection, ProjectionWriteConflict, type AnyProjection, type ProjectionEvent } from '../projection/projection';
import { BACKBONE_OPTIONS, CLOCK } from '../service/tokens';
import { traceHeadersForOutgoing } from '../tracing/trace-context';

/** A unique index of a read model that stands for a business rule: its violation is answered 409 with this code. */
export interface UniqueRule {
  code: string;
  detail: string;
}

/** What the command runner takes from `BackboneModule.forService(...)`. */
export interface CommandOptions {
  registry: EventRegistry;
  /** Read models fed in the transaction of each command (and rebuilt by replay). */
  readModels?: ReadonlyArray<AnyProjection>;
  /** Unique indexes of read models that stand for business rules, by constraint name. */
  uniqueRules?: Record<string, UniqueRule>;
}

/** How often a command starts again after a concurrent change of what it read. */
const MAX_ATTEMPTS = 5;

const allowedTypes = new WeakMap<object, Set<string>>();

function typesOf(aggregate: Aggregate<unknown, AnyEvent>): Set<string> {
  let types = allowedTypes.get(aggregate);
  if (!types) allowedTypes.set(aggregate, (types = new Set(aggregate.events.map((t) => t.type))));
  return types;
}

/** One command's transaction: load streams, append their new events, query the read models. */
export class CommandTx {
  /** What was appended, in order, with stream versions: the read models are fed from it before commit. */
  readonly appended: ProjectionEvent[] = [];

  constructor(
    readonly manager: EntityManager,
    readonly now: Date,
    private readonly store: EventStore,
    private readonly registry: EventRegistry,
  ) {}

  /**
   * The state of a stream and the version to expect when appending to it. Events are upcast to
   * their newest version first, so the aggregate folds only the versions of its event union; an
   * event of another type in the stream is an error (the stream is not this aggregate's).
   */
  async load<S, E extends AnyEvent>(aggregate: Aggregate<S, E>, streamId: string): Promise<{ state: S; version: number }> {
    const stored = await this.store.readStream(this.manager, streamId);
    const types = typesOf(aggregate as Aggregate<unknown, AnyEvent>);
    const events = stored.map((e) => {
      const upcast = this.registry.upcast(e.type, e.data);
      if (!types.has(upcast.type)) throw new Error(`stream ${streamId} holds ${upcast.type}, which its aggregate does not know`);
      return upcast as E;
    });
    return { state: replay(aggregate, events), version: stored.length === 0 ? 0 : stored[stored.length - 1].streamVersion };
  }

  /** Appends events to a stream (checked against their schemas, queued in the outbox in this transaction). */
  async append(streamId: string, expected: ExpectedVersion, events: readonly AnyEvent[]): Promise<void> {
    await this.appendMany([{ streamId, expected, events }]);
  }

  /**
   * Appends to several streams in one statement (a batch process such as a bill run writing a
   * thousand bills' events): each stream once, all or nothing, same checks as {@link append}.
   */
  async appendMany(appends: ReadonlyArray<{ streamId: string; expected: ExpectedVersion; events: readonly AnyEvent[] }>): Promise<void> {
    const trace = traceHeadersForOutgoing();
    const time = this.now.toISOString();
    // The event store checks each event against its schema as it appends (the publishing side's check).
    const batch = appends
      .filter((a) => a.events.length > 0)
      .map((a) => ({
        streamId: a.streamId,
        expectedVersion: a.expected,
        events: a.events.map((e) =>
          createEnvelope(this.registry.get(e.type), e.data, {
            subject: a.streamId,
            time,
            correlationId: trace.correlationId,
            causationId: trace.causationId,
            traceparent: trace.traceparent,
          }),
        ),
      }));
    if (batch.length === 0) return;
    const results = await this.store.appendMany(this.manager, batch);
    batch.forEach((a, k) =>
      a.events.forEach((env, i) =>
        this.appended.push({ id: env.id, type: env.type, subject: a.streamId, data: env.data, streamVersion: results[k].events[i].streamVersion }),
      ),
    );
  }

  /**
   * Raw SQL in this transaction. A `statement` name makes it a prepared statement of the connection
   * (parsed and planned once): for the statements a bill run or an ingest sends thousands of times,
   * whose planning costs PostgreSQL more than running them. Named or not, a SELECT answers its rows;
   * unnamed, a bare UPDATE/DELETE ... RETURNING answers TypeORM's [rows, count].
   */
  async query<R>(sql: string, params: unknown[] = [], statement?: string): Promise<R[]> {
    if (statement) return (await sqlOf(this.manager).query<R>(sql, params, statement)).rows;
    return (await this.manager.query(sql, params)) as R[];
  }

  /**
   * Serialises, until commit, the commands that lock the same `key`: for decisions over several
   * streams that no single stream version protects (e.g. "is this the account's last agreement").
   */
  async lock(key: string): Promise<void> {
    await this.manager.query(`select pg_advisory_xact_lock(hashtext($1))`, [key]);
  }
}

/**
 * Runs a command: one transaction in which the streams are loaded, the deciders decide, the events
 * are appended (and queued in the outbox) and the service's own read models updated. Nothing is
 * partially applied. A concurrent append to a stream it read makes it start again from the new
 * state; a unique index that stands for a rule answers with the rule's code.
 */
@Injectable()
export class CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    @Inject(BACKBONE_OPTIONS) private readonly options: CommandOptions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  /**
   * A read-only query outside any command (read models). A `statement` name makes it a prepared
   * statement on each pooled connection: PostgreSQL then plans a hot query once instead of every time.
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
        const retryable = e instanceof StreamVersionConflict || e instanceof ProjectionWriteConflict;
        if (retryable && attempt < MAX_ATTEMPTS) continue;
        if (retryable) throw new RuleViolation('concurrent-modification', 'the same record was changed concurrently too often; try again', 'conflict');
        throw this.asRule(e);
      }
    }
  }

  /**
   * Runs a command in a transaction someone else holds (a consumer's, whose inbox row commits with
   * it); a version conflict is left to that caller, which retries the whole message.
   */
  async runIn<T>(manager: EntityManager, work: (tx: CommandTx) => Promise<T>): Promise<T> {
    const tx = new CommandTx(manager, this.clock.now(), this.store, this.options.registry);
    const result = await work(tx);
    for (const p of this.options.readModels ?? []) await applyToProjection(manager, p, tx.appended);
    return result;
  }

  /** A unique violation of an index that stands for a rule, as that rule; anything else unchanged. */
  private asRule(e: unknown): unknown {
    const pg = (e as { driverError?: { code?: string; constraint?: string } }).driverError ?? (e as { code?: string; constraint?: string });
    const rule = pg?.code === '23505' && pg.constraint ? this.options.uniqueRules?.[pg.constraint] : undefined;
    return rule ? new RuleViolation(rule.code, rule.detail, 'conflict') : e;
  }
}
