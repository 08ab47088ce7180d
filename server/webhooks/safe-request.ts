// One outbound POST that a webhook URL cannot turn against the server's own network:
// http(s) only; the host resolved once and every address checked (private and loopback refused
// unless allowed), the connection made to the checked address (no second lookup, so no DNS
// rebinding window); redirects never followed (a 3xx is a failed attempt); 10 s for the whole
// exchange; at most 64 KiB of the response body read.
import { lookup as dnsLookup, promises as dnsPromises, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from './private-address.ts';

export const WEBHOOK_TIMEOUT_MS = 10_000;
export const MAX_RESPONSE_BYTES = 64 * 1024;

export interface SafePostOptions {
  allowPrivate: boolean;
  headers: Record<string, string>;
  timeoutMs?: number;
}

export interface SafePostResult {
  status: number;
  /** The first 64 KiB of the body at most, as text. */
  body: string;
}

export class RefusedTarget extends Error {}

/** A URL a webhook may be created with; the reason it may not, otherwise. */
export function webhookUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be http or https';
  if (url.username || url.password) return 'must not carry credentials';
  if (raw.length > 2048) return 'is longer than 2048 characters';
  return undefined;
}

/** The host a connection goes to: `URL` lowercases names and keeps an IPv6 literal in brackets. */
const connectHost = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '');

/**
 * Why a webhook may not be created for this URL's host, found when it is created so an
 * administrator hears it at once rather than from a delivery that fails for 24 h: a loopback or
 * private literal address, `localhost`, or a name that resolves to such an address now. Sending
 * checks again (names can be re-pointed). A name that does not resolve yet (or not within 2 s) is
 * accepted: DNS may be on its way, and each delivery attempt reports it.
 */
export async function webhookTargetProblem(
  rawUrl: string,
  allowPrivate: boolean,
  resolve: (host: string) => Promise<Array<{ address: string }>> = resolveWithin2s,
): Promise<string | undefined> {
  if (allowPrivate) return undefined;
  const host = connectHost(new URL(rawUrl));
  const hint = '; set SCORM_WEBHOOK_ALLOW_PRIVATE=true to allow it';
  if (isIP(host)) return isPrivateAddress(host) ? `points at ${host}, a private or loopback address${hint}` : undefined;
  if (host === 'localhost' || host.endsWith('.localhost')) return `points at ${host}, a loopback name${hint}`;
  const addresses = await resolve(host).catch(() => []);
  const refused = addresses.find((a) => isPrivateAddress(a.address));
  return refused ? `points at ${host}, which resolves to ${refused.address}, a private or loopback address${hint}` : undefined;
}

function resolveWithin2s(host: string): Promise<Array<{ address: string }>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<[]>((done) => (timer = setTimeout(() => done([]), 2000)));
  return Promise.race([dnsPromises.lookup(host, { all: true }), late]).finally(() => clearTimeout(timer));
}

function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (refused || addresses.length === 0) {
        return callback(new RefusedTarget(`${hostname} resolves to ${refused?.address ?? 'nothing'}, a private or loopback address`), '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
const lookups = { true: guardedLookup(true), false: guardedLookup(false) };

// Connections are kept open between deliveries (a busy receiver gets thousands of events a
// second; a new connection each cost more than the request). A kept connection goes to the
// address that was checked when it was made. One pool per allowPrivate, since the pools do not
// tell connections made under the two lookups apart. Idle connections close after 4 s, before
// a Node receiver's default 5 s keep-alive timeout would close them under a request.
const agents = new Map<string, HttpAgent>();
function agentFor(protocol: string, allowPrivate: boolean): HttpAgent {
  const key = `${protocol}${allowPrivate}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { keepAlive: true, timeout: 4000, maxSockets: 16 };
    agent = protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
    agents.set(key, agent);
  }
  return agent;
}

/** What a delivery needs of its URL, worked out once per URL: parsing it cost as much as signing the body. */
interface ParsedTarget {
  problem: string | undefined;
  https: boolean;
  /** The host as connected to: a name, or a literal address without brackets. */
  host: string;
  port: number;
  path: string;
  /** The Host header: the URL's host, with its port when not the default. */
  hostHeader: string;
  literal: boolean;
}

const parsedTargets = new Map<string, ParsedTarget>();
function parsedTarget(rawUrl: string): ParsedTarget {
  let parsed = parsedTargets.get(rawUrl);
  if (parsed) return parsed;
  const problem = webhookUrlProblem(rawUrl);
  const url = problem ? undefined : new URL(rawUrl);
  const host = url ? connectHost(url) : '';
  parsed = {
    problem,
    https: url?.protocol === 'https:',
    host,
    port: url ? Number(url.port) || (url.protocol === 'https:' ? 443 : 80) : 0,
    path: url ? url.pathname + url.search : '',
    hostHeader: url?.host ?? '',
    literal: isIP(host) !== 0,
  };
  // A handful of webhook URLs in practice; the bound only keeps a stream of changed URLs from growing it.
  if (parsedTargets.size >= 1000) parsedTargets.clear();
  parsedTargets.set(rawUrl, parsed);
  return parsed;
}

export function safePost(rawUrl: string, body: string, options: SafePostOptions): Promise<SafePostResult> {
  const target = parsedTarget(rawUrl);
  if (target.problem) return Promise.reject(new RefusedTarget(`The webhook URL ${target.problem}.`));
  const { host } = target;
  // A literal address is connected to without a lookup, so it is checked here.
  if (target.literal && !options.allowPrivate && isPrivateAddress(host)) {
    return Promise.reject(new RefusedTarget(`${host} is a private or loopback address`));
  }
  const protocol = target.https ? 'https:' : 'http:';
  // Headers as a list are written as given, without node's per-header bookkeeping; Host is then ours to send.
  const headers: string[] = ['host', target.hostHeader];
  for (const name in options.headers) headers.push(name, options.headers[name]!);
  headers.push('content-length', String(Buffer.byteLength(body)));
  const request = target.https ? httpsRequest : httpRequest;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return new Promise<SafePostResult>((resolve, reject) => {
    const req = request({
      protocol,
      host,
      port: target.port,
      path: target.path,
      method: 'POST',
      headers: headers as unknown as Record<string, string>,
      lookup: lookups[`${options.allowPrivate}`],
      agent: agentFor(protocol, options.allowPrivate),
    });
    const timer = setTimeout(() => req.destroy(new Error(`No answer within ${timeoutMs / 1000} s`)), timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      };
      res.on('data', (chunk: Buffer) => {
        const room = MAX_RESPONSE_BYTES - size;
        if (room > 0) chunks.push(chunk.subarray(0, room));
        size += chunk.length;
        // Enough read: the rest of a large body is never taken in.
        if (size >= MAX_RESPONSE_BYTES) {
          res.destroy();
          finish();
        }
      });
      res.on('end', finish);
      res.on('error', (error) => {
        clearTimeout(timer);
        if (size >= MAX_RESPONSE_BYTES) finish();
        else reject(error);
      });
    });
    req.end(body);
  });
}
