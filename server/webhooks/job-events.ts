// import.completed / import.failed: enqueued by the job store in the transaction that ends the
// job, with the job as GET /api/v1/jobs/:id shows it.
import { randomUUID } from 'node:crypto';
import type { JobEventSink, JobRecord } from '../db/job-store.ts';
import type { OutboxStore } from '../db/outbox-store.ts';
import { jobView } from '../http/job-view.ts';

export function jobEventsTo(outbox: Pick<OutboxStore, 'enqueue'>, now: () => number = Date.now): JobEventSink {
  return {
    async ended(conn, job: JobRecord) {
      if (job.status !== 'completed' && job.status !== 'failed') return;
      await outbox.enqueue(conn, [
        { id: randomUUID(), type: job.status === 'completed' ? 'import.completed' : 'import.failed', orderingKey: `job:${job.id}`, payload: { job: jobView(job) }, createdAt: now() },
      ]);
    },
  };
}
