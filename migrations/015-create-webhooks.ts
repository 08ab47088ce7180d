// Webhook subscriptions: where events are posted and the secret that signs them (kept as the
// server needs it to sign: docs/security.md).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('webhooks', (t) => {
    t.string('id', 36).primary();
    t.string('url', 2048).notNullable();
    t.text('events_json').notNullable();
    t.string('secret', 128).notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.bigInteger('created_at').notNullable(); // epoch ms, UTC
    t.index(['active'], 'webhooks_active_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('webhooks');
}
