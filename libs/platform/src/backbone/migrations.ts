import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables of the event backbone, in every service database:
 * - `events`: the event store. `position` is the global order of the database; appenders take a
 *   lock on the partition key first, so positions of one key follow commit order (see event-store).
 * - `outbox`: Kafka messages waiting for the relay, written in the transaction that wrote the events.
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

/** Migrations every service includes (before its own): `PlatformModule.forService({ migrations: [...backboneMigrations, ...own] })`. */
export const backboneMigrations = [BackboneSchema1732740000000];
