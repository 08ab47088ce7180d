// The listeners' own time limits, set from the configuration: a client that sends its headers
// slowly (slowloris) or trickles a body is cut off instead of holding a socket for ever.
//
// An idle keep-alive connection is kept for keepAliveTimeoutMs (Node's default is 5 s). A peer
// that closes idle connections later than the server does can send a request on a connection the
// server is closing at that moment, and sees it reset: a load balancer answers 502 (ALB keeps
// idle connections 60 s), a client gets ECONNRESET. Node announces the value to clients in a
// `Keep-Alive: timeout=…` header. The headers and request timeouts do not apply to an idle
// connection, only to a request under way (checked on Node 20), so they need not exceed it.
import type { Server } from 'node:http';
import type { Config } from '../config.ts';

export function applyServerTimeouts(server: Server, config: Pick<Config, 'requestTimeoutMs' | 'headersTimeoutMs' | 'keepAliveTimeoutMs'>): Server {
  server.requestTimeout = config.requestTimeoutMs;
  server.headersTimeout = config.headersTimeoutMs;
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  return server;
}
