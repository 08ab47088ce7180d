// knex CLI configuration (node --import tsx node_modules/knex/bin/cli.js ...): the same
// database and migrations as the server, read from the same configuration module.
import { loadConfig } from './server/config.ts';
import { mysqlOptions, sqliteOptions } from './server/db/connect.ts';

const { database } = loadConfig(process.env);

export default database.client === 'mysql' ? mysqlOptions(database) : sqliteOptions(database.filename);
