// MariaDB's global status counters (Questions, Com_select, Innodb_…), read by the benches before
// and after a phase to count what the phase cost the server.
import type { Knex } from 'knex';

/** The named counters of SHOW GLOBAL STATUS, as numbers (a name the server lacks is absent). */
export async function mariadbStatus(db: Knex, names: readonly string[]): Promise<Record<string, number>> {
  const [rows] = (await db.raw(`SHOW GLOBAL STATUS WHERE Variable_name IN (${names.map(() => '?').join(', ')})`, [...names])) as [Array<{ Variable_name: string; Value: string }>];
  return Object.fromEntries(rows.map((r) => [r.Variable_name, Number(r.Value)]));
}
