// One job's progress as a stream of messages (contract/jobs.ts JobStreamMessage): the Job at
// once, one message per change, a heartbeat every so often, and the end after the terminal Job.
// The WebSocket (ws/job-socket.ts) and the Server-Sent Events route (http/jobs-routes.ts) are
// two transports of this one stream.
import type { JobStreamMessage } from '../../contract/jobs.ts';
import { jobView } from '../http/job-view.ts';
import type { JobStore } from '../db/job-store.ts';
import { watchJob, type JobSignals } from './job-watch.ts';

export interface JobStreamSink {
  /** A message to deliver; `last` marks the terminal Job, after which nothing more comes. */
  send(message: JobStreamMessage, last: boolean): void;
  /** The job does not exist (any more). */
  gone(): void;
}

export interface JobStream {
  /** Stops the stream (the client left); nothing is sent afterwards. */
  close(): void;
}

export function openJobStream(deps: { jobs: JobStore; signals: JobSignals; heartbeatMs: number }, jobId: string, sink: JobStreamSink): JobStream {
  let closed = false;
  const heartbeat = setInterval(() => sink.send({ type: 'heartbeat', at: new Date().toISOString() }, false), deps.heartbeatMs);
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    watch.stop();
  };
  const watch = watchJob(
    deps.jobs,
    deps.signals,
    jobId,
    (job, terminal) => {
      if (closed) return;
      if (terminal) close();
      sink.send({ type: 'progress', data: jobView(job) }, terminal);
    },
    () => {
      if (closed) return;
      close();
      sink.gone();
    },
  );
  return { close };
}
