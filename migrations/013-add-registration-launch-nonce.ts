// The launch nonce of a registration: every launch token names it, so deleting the registration
// or revoking its launch URLs (a new nonce) kills the tokens already handed out. NULL on rows made
// before this migration: their tokens carry no nonce and stay valid until revoked.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.string('launch_nonce', 32).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.dropColumn('launch_nonce');
  });
}
