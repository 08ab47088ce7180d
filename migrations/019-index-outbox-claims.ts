// The claim query's indexes (server/db/outbox-store.ts, decision 0029). A claim takes the head
// of each ordering key (its earliest pending delivery) that is due. The first indexes made
// MariaDB walk every delivery ever kept, in event order, and for each pending one every earlier
// delivery of its key, succeeded ones included: 126 ms per claim with 40,000 kept deliveries,
// so the dispatcher fell behind a busy server and took the database's time from the commits.
// Pending rows by key give the heads directly (1 ms with 10,000 pending); a destination's
// deliveries in event order serve the deliveries list.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox_deliveries', (t) => {
    t.index(['status', 'sink', 'destination', 'ordering_key', 'event_seq'], 'outbox_deliveries_heads_idx');
    t.index(['sink', 'destination', 'event_seq'], 'outbox_deliveries_destination_idx');
  });
  await knex.schema.alterTable('outbox_deliveries', (t) => {
    t.dropIndex([], 'outbox_deliveries_due_idx');
    t.dropIndex([], 'outbox_deliveries_order_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox_deliveries', (t) => {
    t.index(['status', 'next_attempt_at'], 'outbox_deliveries_due_idx');
    t.index(['sink', 'destination', 'ordering_key', 'event_seq'], 'outbox_deliveries_order_idx');
  });
  await knex.schema.alterTable('outbox_deliveries', (t) => {
    t.dropIndex([], 'outbox_deliveries_heads_idx');
    t.dropIndex([], 'outbox_deliveries_destination_idx');
  });
}
