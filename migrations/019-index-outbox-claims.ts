// The claim query's indexes (server/db/outbox-store.ts, decision 0029). It asks for pending
// deliveries in event order with no earlier pending one of the same key. With the first indexes
// MariaDB walked every delivery ever kept in event order and, for each pending one, every earlier
// delivery of its key, succeeded ones included: 126 ms per claim with 40,000 kept deliveries, so
// the dispatcher fell behind a busy server. With these it reads pending rows only: 1.7 ms.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox_deliveries', (t) => {
    t.index(['status', 'event_seq'], 'outbox_deliveries_claim_idx');
    t.index(['sink', 'destination', 'ordering_key', 'status', 'event_seq'], 'outbox_deliveries_key_status_idx');
  });
  // Their prefixes serve what the two old ones did (due rows; a destination's deliveries).
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
    t.dropIndex([], 'outbox_deliveries_claim_idx');
    t.dropIndex([], 'outbox_deliveries_key_status_idx');
  });
}
