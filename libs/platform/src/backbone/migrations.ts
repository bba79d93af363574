import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables of the event backbone, in every service database:
 * - `events`: the event store. `position` is the global order of the database; appenders take a
 *   lock on the partition key first, so positions of one key follow commit order (see event-store).
 * - `outbox`: Kafka messages waiting for the relay, written in the transaction that wrote the events
 *   (since OutboxByReference below: a pointer to the events row, deleted once published).
 * - `inbox`: which event each consumer has already applied, written in the transaction of the effect.
 */
export class BackboneSchema1732740000000 implements MigrationInterface {
  name = 'BackboneSchema1732740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table if not exists events (
        position bigserial primary key,
        stream_id text not null,
        stream_version integer not null check (stream_version > 0),
        event_id uuid not null unique,
        type text not null,
        schema_version integer not null,
        data jsonb not null,
        metadata jsonb not null default '{}',
        recorded_at timestamptz not null default now(),
        constraint events_stream_version_unique unique (stream_id, stream_version)
      )`);
    await q.query(`
      create table if not exists outbox (
        id bigserial primary key,
        topic text not null,
        key text,
        headers jsonb not null default '{}',
        value text,
        event_id uuid,
        created_at timestamptz not null default now(),
        published_at timestamptz
      )`);
    // The relay scans only this (small) index: the unpublished rows in id order.
    await q.query('create index if not exists outbox_unpublished on outbox (id) where published_at is null');
    await q.query(`
      create table if not exists inbox (
        consumer text not null,
        event_id text not null,
        processed_at timestamptz not null default now(),
        primary key (consumer, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table if exists inbox');
    await q.query('drop table if exists outbox');
    await q.query('drop table if exists events');
  }
}

/**
 * The outbox holds only what is still to publish, and an event's row points at its `events` row
 * instead of carrying a copy of the message:
 * - `position` names the event; the relay builds the headers and value from the events row, so an
 *   event is written once (the copy cost as much as the event itself);
 * - the relay deletes what it published instead of marking it, so the table stays as small as the
 *   backlog and its primary key is the relay's scan; `published_at` and its partial index go.
 * Rows queued by `enqueue` (messages without an event stream) still carry headers and value.
 */
export class OutboxByReference1764288000000 implements MigrationInterface {
  name = 'OutboxByReference1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('alter table outbox add column if not exists position bigint');
    await q.query('delete from outbox where published_at is not null');
    await q.query('drop index if exists outbox_unpublished');
    await q.query('alter table outbox drop column if exists published_at');
    await q.query('alter table outbox drop column if exists created_at');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table outbox add column if not exists created_at timestamptz not null default now()');
    await q.query('alter table outbox add column if not exists published_at timestamptz');
    await q.query('create index if not exists outbox_unpublished on outbox (id) where published_at is null');
    // Rows that point at an event get their message back, as the first schema had it.
    await q.query(`
      update outbox o set
        headers = jsonb_build_object('ce_id', e.event_id::text, 'ce_source', e.metadata->>'source', 'ce_type', e.type,
          'ce_time', e.metadata->>'time', 'ce_subject', e.stream_id, 'ce_specversion', '1.0', 'content-type', 'application/json',
          'correlation_id', e.metadata->>'correlationId', 'ce_sequence', e.position::text, 'ce_streamversion', e.stream_version::text)
          || jsonb_strip_nulls(jsonb_build_object('causation_id', e.metadata->>'causationId', 'traceparent', e.metadata->>'traceparent')),
        value = e.data::text
      from events e where e.position = o.position`);
    await q.query('alter table outbox drop column if exists position');
  }
}

/**
 * One outbox row per append instead of one per event: `positions` lists the events an append
 * queued for one topic, in position order (`position` goes). The per-event row (its heap tuple,
 * its index entry, its delete) was a sixth of PostgreSQL's work per appended event. The relay
 * publishes a row's events in order and deletes the row when all are out; a row longer than its
 * batch keeps what is left (see `OutboxRelay`). Pending single-event rows become one-element lists.
 */
export class OutboxPerAppend1764374400000 implements MigrationInterface {
  name = 'OutboxPerAppend1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('alter table outbox add column if not exists positions bigint[]');
    await q.query('update outbox set positions = array[position] where position is not null');
    await q.query('alter table outbox drop column if exists position');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table outbox add column if not exists position bigint');
    // Pending lists go back to one row per event, in their order (behind any plain message still queued).
    await q.query(`
      insert into outbox (topic, key, event_id, position)
      select o.topic, e.metadata->>'partitionKey', e.event_id, p.position
      from outbox o cross join lateral unnest(o.positions) with ordinality as p(position, n) join events e on e.position = p.position
      order by o.id, p.n`);
    await q.query('delete from outbox where positions is not null');
    await q.query('alter table outbox drop column if exists positions');
  }
}

/**
 * The ids the backbone indexes by text (a stream, a consumer and an event id) compare byte by byte
 * (collation "C") instead of by the database's locale: every index insert compares ~20 keys, and
 * a locale comparison (even C.UTF-8) goes through strcoll (bench/backbone/README.md has what it
 * saved). Ids have no linguistic order to lose;
 * equality is the same. Only the indexes are rebuilt (the text is binary-compatible).
 */
export class BackboneKeysCollateC1764460800000 implements MigrationInterface {
  name = 'BackboneKeysCollateC1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('alter table events alter column stream_id type text collate "C"');
    await q.query('alter table inbox alter column consumer type text collate "C", alter column event_id type text collate "C"');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table events alter column stream_id type text collate "default"');
    await q.query('alter table inbox alter column consumer type text collate "default", alter column event_id type text collate "default"');
  }
}

/**
 * An event's `data` and `metadata` are kept as the JSON text that was appended (`json`), not
 * decomposed (`jsonb`). The store appends and reads events whole and never queries inside them;
 * `jsonb` cost a parse into its binary form on every append and a print back to text on every
 * relay, and reordered the keys of what went to Kafka (bench/backbone/README.md has what it saved).
 * The `->`/`->>` operators still work for an occasional query. The
 * table is rewritten once.
 */
export class EventsKeepTheirJson1764547200000 implements MigrationInterface {
  name = 'EventsKeepTheirJson1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table events alter column data type json using data::json,
      alter column metadata type json using metadata::json, alter column metadata set default '{}'::json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table events alter column data type jsonb using data::jsonb,
      alter column metadata type jsonb using metadata::jsonb, alter column metadata set default '{}'::jsonb`);
  }
}

/**
 * The inbox's key starts with the event id: `(event_id, consumer)` instead of `(consumer,
 * event_id)`. Every row of a consumer group began with the same group name, so each comparison on
 * the way down the index read the whole name before reaching the id that tells rows apart; ids
 * differ from their first bytes, and time-ordered ids (UUIDv7) go in at the right edge. Same
 * uniqueness, same `on conflict` (bench/backbone/README.md has what it saved).
 */
export class InboxKeyedByEventFirst1764633600000 implements MigrationInterface {
  name = 'InboxKeyedByEventFirst1764633600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('alter table inbox drop constraint inbox_pkey, add constraint inbox_pkey primary key (event_id, consumer)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table inbox drop constraint inbox_pkey, add constraint inbox_pkey primary key (consumer, event_id)');
  }
}

/**
 * Progress and parking of read models fed from Kafka (`feedProjections`): per feed and stream, the
 * last version applied, and the events that arrived before an earlier version of their stream.
 */
export class ProjectionFeeds1764806400000 implements MigrationInterface {
  name = 'ProjectionFeeds1764806400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create table projection_feed_progress (
      feed text collate "C" not null, stream_id text collate "C" not null, version integer not null,
      primary key (feed, stream_id))`);
    await q.query(`create table projection_feed_parked (
      feed text collate "C" not null, stream_id text collate "C" not null, stream_version integer not null,
      event jsonb not null, parked_at timestamptz not null default now(),
      primary key (feed, stream_id, stream_version))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table projection_feed_parked');
    await q.query('drop table projection_feed_progress');
  }
}

/** Migrations every service includes (before its own): `PlatformModule.forService({ migrations: [...backboneMigrations, ...own] })`. */
export const backboneMigrations = [
  BackboneSchema1732740000000,
  OutboxByReference1764288000000,
  OutboxPerAppend1764374400000,
  BackboneKeysCollateC1764460800000,
  EventsKeepTheirJson1764547200000,
  InboxKeyedByEventFirst1764633600000,
  ProjectionFeeds1764806400000,
];
