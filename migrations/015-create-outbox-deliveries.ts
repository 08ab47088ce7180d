// One row per event and destination (a webhook, an LRS): the delivery's state, its retries and
// the lease of the dispatcher sending it (server/db/outbox-store.ts).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outbox_deliveries', (t) => {
    t.string('id', 36).primary();
    t.bigInteger('event_seq').notNullable();
    t.string('event_id', 36).notNullable();
    // Which sender delivers it ('webhook', …) and to whom (a webhook id, …).
    t.string('sink', 32).notNullable();
    t.string('destination', 64).notNullable();
    t.string('ordering_key', 191).notNullable();
    t.string('status', 16).notNullable(); // pending | succeeded | failed
    t.integer('attempts').notNullable().defaultTo(0);
    t.bigInteger('next_attempt_at').notNullable(); // epoch ms, UTC
    t.bigInteger('retry_until').notNullable();
    t.string('lease_owner', 64).nullable();
    t.bigInteger('lease_until').nullable();
    t.integer('last_response_code').nullable();
    t.bigInteger('last_attempt_at').nullable();
    t.string('last_error', 500).nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['status', 'next_attempt_at'], 'outbox_deliveries_due_idx');
    // The order check: an earlier delivery of the same key to the same destination still pending.
    t.index(['sink', 'destination', 'ordering_key', 'event_seq'], 'outbox_deliveries_order_idx');
    t.index(['event_seq'], 'outbox_deliveries_event_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('outbox_deliveries');
}
