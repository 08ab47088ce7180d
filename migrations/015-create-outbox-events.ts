// The transactional outbox (docs/decisions/0021-transactional-outbox.md): one row per event,
// written in the transaction of the change that caused it. `seq` is the one key the database
// generates: its order is the order events are delivered in for one ordering key.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outbox_events', (t) => {
    t.bigIncrements('seq').primary();
    t.string('id', 36).notNullable().unique('outbox_events_id_unique');
    t.string('type', 64).notNullable();
    // What the event is about (a registration, a job, a package): delivered in seq order per key.
    t.string('ordering_key', 191).notNullable();
    t.text('payload', 'mediumtext').notNullable();
    t.bigInteger('created_at').notNullable(); // epoch ms, UTC
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('outbox_events');
}
