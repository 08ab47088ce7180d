// A Learning Record Store stand-in for tests: a real HTTP server that does what an LRS's
// statement resource requires of a client (xAPI 1.0.3 Communication 2.1, 3.3, 6.2): it refuses a
// request without `X-Experience-API-Version: 1.0.3` (400) or without the right Basic auth (401),
// takes POST /statements with one statement or an array, keeps the first statement of an id and
// answers 409 to another statement under the same id. It can go down (503) and come back.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';

export interface LrsReceiver {
  /** The xAPI base to configure (SCORM_XAPI_ENDPOINT). */
  readonly endpoint: string;
  /** SCORM_XAPI_* of a server that forwards here (activity ids under LRS_TEST_IRI_BASE). */
  readonly env: Record<string, string>;
  /** Statements stored, in the order they arrived. */
  readonly statements: Array<Record<string, unknown>>;
  /** Statements per accepted POST. */
  readonly batches: number[];
  /** Status codes of the requests it refused. */
  readonly refusals: number[];
  down(): void;
  up(): void;
  /** Resolves once `count` statements are stored (rejects after 30 s, so a broken run fails instead of hanging). */
  waitFor(count: number): Promise<void>;
  stop(): Promise<void>;
}

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** The activity IRI base and account home page the tests' servers use. */
export const LRS_TEST_IRI_BASE = 'https://lms.example.com/xapi/activities';
export const LRS_TEST_HOMEPAGE = 'https://lms.example.com';

export async function startLrsReceiver(auth: { key: string; secret: string }): Promise<LrsReceiver> {
  const expected = `Basic ${Buffer.from(`${auth.key}:${auth.secret}`).toString('base64')}`;
  const statements: Array<Record<string, unknown>> = [];
  const byId = new Map<string, unknown>();
  const batches: number[] = [];
  const refusals: number[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let isDown = false;

  const answer = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    if (status >= 400) refusals.push(status);
    res.writeHead(status, { 'content-type': 'application/json', 'x-experience-api-version': '1.0.3' });
    res.end(JSON.stringify(body));
  };

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (isDown) return answer(res, 503, { error: 'LRS down' });
    if (req.headers['x-experience-api-version'] !== '1.0.3') return answer(res, 400, { error: 'X-Experience-API-Version 1.0.3 required' });
    if (req.headers.authorization !== expected) return answer(res, 401, { error: 'unauthorized' });
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://lrs').pathname !== '/xapi/statements') return answer(res, 404, { error: 'not found' });
    if (!String(req.headers['content-type']).startsWith('application/json')) return answer(res, 400, { error: 'JSON expected' });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return answer(res, 400, { error: 'bad JSON' });
    }
    const incoming = (Array.isArray(parsed) ? parsed : [parsed]) as Array<Record<string, unknown>>;
    // All or nothing (Communication 2.1.2): check every id before storing any.
    for (const s of incoming) {
      if (typeof s.id !== 'string') return answer(res, 400, { error: 'statements must carry their id here' });
      if (byId.has(s.id) && !isDeepStrictEqual(byId.get(s.id), s)) return answer(res, 409, { error: `another statement has id ${s.id}` });
    }
    for (const s of incoming) {
      if (byId.has(s.id as string)) continue;
      byId.set(s.id as string, s);
      statements.push(s);
    }
    batches.push(incoming.length);
    answer(res, 200, incoming.map((s) => s.id));
    for (const w of [...waiters]) {
      if (statements.length >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}/xapi`;
  return {
    endpoint,
    env: {
      SCORM_XAPI_ENDPOINT: endpoint,
      SCORM_XAPI_KEY: auth.key,
      SCORM_XAPI_SECRET: auth.secret,
      SCORM_XAPI_ACTIVITY_IRI_BASE: LRS_TEST_IRI_BASE,
      SCORM_XAPI_HOMEPAGE: LRS_TEST_HOMEPAGE,
    },
    statements,
    batches,
    refusals,
    down: () => void (isDown = true),
    up: () => void (isDown = false),
    waitFor: (count) =>
      statements.length >= count
        ? Promise.resolve()
        : new Promise((resolve, reject) => {
            const guard = setTimeout(() => reject(new Error(`the LRS holds ${statements.length} statements, not ${count}; refusals: ${refusals.join(', ')}`)), 30_000);
            waiters.push({ count, resolve: () => (clearTimeout(guard), resolve()) });
          }),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
