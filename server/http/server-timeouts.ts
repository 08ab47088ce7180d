// The listeners' own time limits, set from the configuration: a client that sends its headers
// slowly (slowloris) or trickles a body is cut off instead of holding a socket for ever.
import type { Server } from 'node:http';
import type { Config } from '../config.ts';

export function applyServerTimeouts(server: Server, config: Pick<Config, 'requestTimeoutMs' | 'headersTimeoutMs'>): Server {
  server.requestTimeout = config.requestTimeoutMs;
  server.headersTimeout = config.headersTimeoutMs;
  return server;
}
