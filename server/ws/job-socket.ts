// WS /ws/jobs/:id?token=: the Job at once, then one message per change, heartbeats, and a close
// (1000) after the terminal message. 4401 bad token, 4403 a page of another origin (course
// content on the delivery origin), 4404 unknown job, other paths closed.
import type { Middleware } from 'koa';
import type WebSocket from 'ws';
import { JOB_SOCKET_CLOSE } from '../../contract/jobs.ts';
import { isAdminToken } from '../http/middleware/admin-auth.ts';
import type { ImportServices } from '../jobs/import-services.ts';
import { openJobStream } from '../jobs/job-progress-stream.ts';

const JOB_PATH = /^\/ws\/jobs\/([A-Za-z0-9-]{1,64})$/;

export function jobSocket(services: ImportServices, adminToken: string): Middleware {
  return async (ctx) => {
    const socket = (ctx as unknown as { websocket: WebSocket }).websocket;
    const match = JOB_PATH.exec(ctx.path);
    if (!match) {
      socket.close(1008, 'unknown path');
      return;
    }
    // Browsers always send Origin on a WebSocket and never let a page forge it: only the console's
    // own pages (same host as this request) may open one. Non-browser clients send none.
    const origin = ctx.get('origin');
    if (origin && !sameHost(origin, ctx.host)) {
      socket.close(JOB_SOCKET_CLOSE.forbiddenOrigin, 'forbidden origin');
      return;
    }
    const token = typeof ctx.query.token === 'string' ? ctx.query.token : undefined;
    if (!isAdminToken(adminToken, token)) {
      socket.close(JOB_SOCKET_CLOSE.unauthorized, 'unauthorized');
      return;
    }
    const stream = openJobStream({ jobs: services.jobs, signals: services.signals, heartbeatMs: services.config.wsHeartbeatMs }, match[1]!, {
      send(message, last) {
        if (socket.readyState !== socket.OPEN) return;
        // A slow client: skip a heartbeat rather than queue without bound (progress messages
        // carry the whole state, and the last one must arrive).
        if (message.type === 'heartbeat' && socket.bufferedAmount >= 1_000_000) return;
        socket.send(JSON.stringify(message), () => {
          if (last && message.type === 'progress') socket.close(1000, message.data.status);
        });
      },
      gone: () => socket.close(JOB_SOCKET_CLOSE.unknownJob, 'unknown job'),
    });
    socket.on('close', () => stream.close());
  };
}

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
