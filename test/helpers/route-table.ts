// The app's routes read from its routers (koa-router marks its dispatcher with .router), with
// their parameters filled in by real ids, for tests that go over every route.
import { request } from 'node:http';

export interface RouteLayer {
  path: string;
  methods: string[];
  opts: { sensitive?: boolean; strict?: boolean };
}

export const VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function routeLayers(middleware: unknown[]): RouteLayer[] {
  return middleware.flatMap((mw) => ((mw as { router?: { stack: RouteLayer[] } }).router?.stack ?? []));
}

/** Fills :params with the id of the resource the path names (packages, registrations, jobs). */
export function concretePath(path: string, ids: Record<string, string>): string {
  const owner = /^\/(?:api\/v1\/)?(packages|registrations|jobs|webhooks|runtime|player|content)\//.exec(path)?.[1];
  const key = owner === 'runtime' || owner === 'player' ? 'registrations' : owner === 'content' ? 'packages' : owner;
  return path
    .replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(name === 'token' ? ids.contentToken ?? 'x1' : ids[key ?? ''] ?? 'x1'))
    .replace(/\{\*\w+\}|\*\w+/g, 'a/b');
}

export interface RawAnswer {
  status: number;
  body: string;
}

/** node:http, so the path goes out exactly as written (fetch would normalise it). */
export function rawRequest(url: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const req = request(url + '/', { method, path, headers: { ...length, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
