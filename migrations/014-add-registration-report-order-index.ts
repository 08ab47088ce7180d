// The report CSV's order (report/registration-rows.ts): a package's registrations by created_at
// then id, read in index order, so the per-registration roll-up streams without a temporary table
// or a sort.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.index(['package_id', 'created_at', 'id'], 'registrations_package_created_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.dropIndex([], 'registrations_package_created_idx');
  });
}
