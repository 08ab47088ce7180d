// Starts the real app on an ephemeral port for HTTP tests, with a fresh database and data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type AppDeps } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { createTokenSigner } from '../../server/core/signed-token.ts';
import { createMemoryLogger } from '../../server/log.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';
export const TEST_SECRET = 'test-signing-secret-0123456789abcdef';

export interface TestApp {
  url: string;
  database: TestDatabase;
  deps: AppDeps;
  logger: ReturnType<typeof createMemoryLogger>;
  /** fetch against the app with the admin token. */
  admin(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export async function startTestApp(
  kind: 'sqlite' | 'mysql',
  env: Record<string, string> = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scorm-test-data-'));
  const database = await createTestDatabase(kind);
  const config: Config = {
    ...loadConfig({ SCORM_DATA_DIR: dataDir, ...env }),
    database: database.config,
  };
  const logger = createMemoryLogger();
  const deps: AppDeps = {
    config,
    db: database.db,
    logger,
    adminToken: TEST_ADMIN_TOKEN,
    signer: createTokenSigner(TEST_SECRET),
  };
  const server: Server = createServer(createApp(deps).callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    database,
    deps,
    logger,
    admin(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
      return fetch(url + path, { ...init, headers });
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
