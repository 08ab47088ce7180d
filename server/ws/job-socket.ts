// WS /ws/jobs/:id?token=: the Job at once, then one message per change, heartbeats, and a close
// (1000) after the terminal message. 4401 bad token, 4403 a page of another origin (course
// content on the delivery origin), 4404 unknown job, other paths closed.
import type { Middleware } from 'koa';
import type WebSocket from 'ws';
import { isAdminToken } from '../http/middleware/admin-auth.ts';
import { jobView } from '../http/job-view.ts';
import type { ImportServices } from '../jobs/import-services.ts';
import { watchJob } from '../jobs/job-watch.ts';

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
      socket.close(4403, 'forbidden origin');
      return;
    }
    const token = typeof ctx.query.token === 'string' ? ctx.query.token : undefined;
    if (!isAdminToken(adminToken, token)) {
      socket.close(4401, 'unauthorized');
      return;
    }
    const send = (message: unknown) => {
      // A slow client: skip a progress frame rather than queue without bound (the next one
      // carries the whole state anyway).
      if (socket.readyState === socket.OPEN && socket.bufferedAmount < 1_000_000) socket.send(JSON.stringify(message));
    };
    const heartbeat = setInterval(() => send({ type: 'heartbeat', at: new Date().toISOString() }), services.config.wsHeartbeatMs);
    const watch = watchJob(
      services.jobs,
      services.signals,
      match[1]!,
      (job, terminal) => {
        if (socket.readyState !== socket.OPEN) return;
        socket.send(JSON.stringify({ type: 'progress', data: jobView(job) }), () => {
          if (terminal) socket.close(1000, job.status);
        });
      },
      () => socket.close(4404, 'unknown job'),
    );
    socket.on('close', () => {
      clearInterval(heartbeat);
      watch.stop();
    });
  };
}

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
