// The import job queue in SQL: create, read, claim with a lease, progress, and the terminal states.
// The jobs table is the source of truth for progress; every process reads it.
import type { Knex } from 'knex';
import type { Db } from './connect.ts';
import { withDeadlockRetry } from './deadlock-retry.ts';

import type { ErrorCode } from '../../contract/errors.ts';
import { TERMINAL_JOB_STATUSES, type JobStage, type JobStatus } from '../../contract/jobs.ts';

export type { JobStage, JobStatus };

export interface JobRecord {
  id: string;
  status: JobStatus;
  stage: JobStage | null;
  progress: number;
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
  /** Reserved at creation so a retried attempt can clean up what an earlier one stored. */
  packageId: string;
  /** The package this job adds a version to (packageId is then the new version's content id). */
  versionOf: string | null;
  errorCode: ErrorCode | null;
  errorMessage: string | null;
  attempts: number;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  cancelRequested: boolean;
  uploadPath: string;
  uploadName: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ProgressUpdate {
  stage?: JobStage;
  progress?: number;
  bytesDone?: number;
  bytesTotal?: number;
  filesDone?: number;
  filesTotal?: number;
}

export const TERMINAL: ReadonlySet<JobStatus> = new Set(TERMINAL_JOB_STATUSES);

type Row = Record<string, unknown>;

function toRecord(row: Row): JobRecord {
  return {
    id: String(row.id),
    status: row.status as JobStatus,
    stage: (row.stage as JobStage | null) ?? null,
    progress: Number(row.progress),
    bytesDone: Number(row.bytes_done),
    bytesTotal: Number(row.bytes_total),
    filesDone: Number(row.files_done),
    filesTotal: Number(row.files_total),
    packageId: String(row.package_id),
    versionOf: (row.version_of as string | null) ?? null,
    errorCode: (row.error_code as ErrorCode | null) ?? null,
    errorMessage: (row.error_message as string | null) ?? null,
    attempts: Number(row.attempts),
    leaseOwner: (row.lease_owner as string | null) ?? null,
    leaseExpiresAt: row.lease_expires_at == null ? null : Number(row.lease_expires_at),
    cancelRequested: Boolean(row.cancel_requested),
    uploadPath: String(row.upload_path),
    uploadName: (row.upload_name as string | null) ?? null,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

const isMysql = (db: Db) => db.client.config.client === 'mysql2';

/** Told, inside the transaction that ends a job, how it ended (webhooks/job-events.ts enqueues the event). */
export interface JobEventSink {
  ended(conn: Db, job: JobRecord): Promise<void>;
}

export function createJobStore(db: Knex, now: () => number = Date.now, events?: JobEventSink) {
  const table = (conn: Db = db) => conn('import_jobs');
  /** Runs `work` and tells `events` about the job it ended, in one transaction when there are events. */
  async function ending(id: string, work: (conn: Db) => Promise<number>): Promise<boolean> {
    if (!events) return (await work(db)) === 1;
    return db.transaction(async (trx) => {
      if ((await work(trx)) !== 1) return false;
      await events.ended(trx, toRecord((await table(trx).where({ id }).first()) as Row));
      return true;
    });
  }

  return {
    async create(job: { id: string; packageId: string; versionOf?: string; uploadPath: string; uploadName: string | null; bytesTotal: number }) {
      const at = now();
      await table().insert({
        id: job.id,
        status: 'queued',
        stage: 'uploaded',
        progress: 0,
        bytes_total: job.bytesTotal,
        package_id: job.packageId,
        version_of: job.versionOf ?? null,
        upload_path: job.uploadPath,
        upload_name: job.uploadName,
        created_at: at,
        updated_at: at,
      });
      return (await this.get(job.id))!;
    },

    async get(id: string): Promise<JobRecord | undefined> {
      const row = await table().where({ id }).first();
      return row ? toRecord(row) : undefined;
    },

    /**
     * Takes the oldest job that is queued, or whose worker's lease ran out, for `owner`.
     * MySQL: SELECT ... FOR UPDATE SKIP LOCKED in READ COMMITTED (set per connection), retried
     * on deadlock; SQLite has one writer, so a plain transaction is enough.
     */
    async claim(owner: string, leaseMs: number, maxAttempts: number): Promise<JobRecord | undefined> {
      return withDeadlockRetry(() =>
        db.transaction(async (trx) => {
          const at = now();
          let query = trx('import_jobs')
            .select('id')
            .where((w) => {
              w.where('status', 'queued').orWhere((p) => p.where('status', 'processing').andWhere('lease_expires_at', '<', at));
            })
            .andWhere('attempts', '<', maxAttempts)
            // A job cancelled while its worker was dead is ended by cancelAbandonedJobs, not rerun.
            .andWhere('cancel_requested', false)
            .orderBy('created_at')
            .limit(1);
          if (isMysql(trx)) query = query.forUpdate().skipLocked();
          const candidate = (await query)[0] as Row | undefined;
          if (!candidate) return undefined;
          await trx('import_jobs')
            .where({ id: candidate.id })
            .update({
              status: 'processing',
              stage: 'validating',
              lease_owner: owner,
              lease_expires_at: at + leaseMs,
              attempts: trx.raw('attempts + 1'),
              files_done: 0,
              bytes_done: 0,
              updated_at: at,
            });
          return toRecord((await trx('import_jobs').where({ id: candidate.id }).first()) as Row);
        }),
      );
    },

    /**
     * Whether any job is queued, or processing with its lease run out: everything `claim`,
     * `failLostJobs` and `cancelAbandonedJobs` look for, in one indexed read without a
     * transaction. An idle worker asks this each poll instead of running all three.
     */
    async anyUnowned(): Promise<boolean> {
      const at = now();
      const row = await table()
        .where('status', 'queued')
        .orWhere((w) => w.where('status', 'processing').andWhere('lease_expires_at', '<', at))
        .first('id');
      return row !== undefined;
    },

    /**
     * Jobs whose worker died once too often end as WORKER_LOST. `cleanup` runs first, so a
     * client that sees the failed state never sees the lost attempts' files. Returns them.
     */
    async failLostJobs(maxAttempts: number, cleanup: (job: JobRecord) => Promise<void> = async () => undefined): Promise<JobRecord[]> {
      const at = now();
      const lost = (
        await table()
          .where({ status: 'processing', cancel_requested: false })
          .andWhere('lease_expires_at', '<', at)
          .andWhere('attempts', '>=', maxAttempts)
      ).map(toRecord);
      for (const job of lost) {
        await cleanup(job);
        await ending(job.id, (conn) =>
          table(conn)
            .where({ id: job.id, status: 'processing', cancel_requested: false })
            .andWhere('lease_expires_at', '<', at)
            .update({
              status: 'failed',
              error_code: 'WORKER_LOST',
              error_message: `The import was interrupted ${job.attempts} times (its worker stopped) and was given up.`,
              lease_owner: null,
              lease_expires_at: null,
              updated_at: at,
            }),
        );
      }
      return lost;
    },

    /**
     * Jobs cancelled while no live worker held them (the lease ran out): `cleanup` removes what
     * their last attempt wrote, then they end cancelled. Returns them.
     */
    async cancelAbandonedJobs(cleanup: (job: JobRecord) => Promise<void>): Promise<JobRecord[]> {
      const at = now();
      const abandoned = (
        await table().where({ status: 'processing', cancel_requested: true }).andWhere('lease_expires_at', '<', at)
      ).map(toRecord);
      for (const job of abandoned) {
        await cleanup(job);
        await table()
          .where({ id: job.id, status: 'processing' })
          .andWhere('lease_expires_at', '<', at)
          .update({ status: 'cancelled', lease_owner: null, lease_expires_at: null, updated_at: at });
      }
      return abandoned;
    },

    /** Extends the lease; returns false when this worker no longer owns the job. */
    async renewLease(id: string, owner: string, leaseMs: number): Promise<{ owned: boolean; cancelRequested: boolean }> {
      const at = now();
      const changed = await table()
        .where({ id, lease_owner: owner, status: 'processing' })
        .update({ lease_expires_at: at + leaseMs });
      const row = await table().where({ id }).first('cancel_requested');
      return { owned: changed === 1, cancelRequested: Boolean(row?.cancel_requested) };
    },

    /** Progress never goes down, also across a retried attempt. */
    async updateProgress(id: string, owner: string, update: ProgressUpdate): Promise<void> {
      const fields: Record<string, unknown> = { updated_at: now() };
      if (update.stage) fields.stage = update.stage;
      if (update.progress !== undefined) {
        const p = Math.max(0, Math.min(100, Math.floor(update.progress)));
        fields.progress = db.raw('CASE WHEN progress < ? THEN ? ELSE progress END', [p, p]);
      }
      if (update.bytesDone !== undefined) fields.bytes_done = update.bytesDone;
      if (update.bytesTotal !== undefined) fields.bytes_total = update.bytesTotal;
      if (update.filesDone !== undefined) fields.files_done = update.filesDone;
      if (update.filesTotal !== undefined) fields.files_total = update.filesTotal;
      await table().where({ id, lease_owner: owner, status: 'processing' }).update(fields);
    },

    /** Marks the job completed inside the caller's transaction (the one that wrote the package). */
    async complete(trx: Db, id: string, owner: string): Promise<boolean> {
      const changed = await table(trx)
        .where({ id, lease_owner: owner, status: 'processing', cancel_requested: false })
        .update({ status: 'completed', stage: 'finalizing', progress: 100, lease_owner: null, lease_expires_at: null, updated_at: now() });
      if (changed === 1 && events) await events.ended(trx, toRecord((await table(trx).where({ id }).first()) as Row));
      return changed === 1;
    },

    async fail(id: string, owner: string, code: ErrorCode, message: string): Promise<void> {
      await ending(id, (conn) =>
        table(conn)
          .where({ id, lease_owner: owner, status: 'processing' })
          .update({ status: 'failed', error_code: code, error_message: message, lease_owner: null, lease_expires_at: null, updated_at: now() }),
      );
    },

    /** A transient failure: back to the queue for another attempt. */
    async release(id: string, owner: string): Promise<void> {
      await table()
        .where({ id, lease_owner: owner, status: 'processing' })
        .update({ status: 'queued', lease_owner: null, lease_expires_at: null, updated_at: now() });
    },

    async markCancelled(id: string, owner: string): Promise<void> {
      await table()
        .where({ id, lease_owner: owner, status: 'processing' })
        .update({ status: 'cancelled', lease_owner: null, lease_expires_at: null, updated_at: now() });
    },

    /**
     * Asks a job to stop. A queued job is cancelled at once; a running one is flagged and its
     * worker stops at its next lease renewal. Returns the job as it is now (undefined when there
     * is none) and whether the request took: false when the job had already ended.
     */
    async requestCancel(id: string): Promise<{ job: JobRecord | undefined; accepted: boolean }> {
      const at = now();
      const queued = await table().where({ id, status: 'queued' }).update({ status: 'cancelled', cancel_requested: true, updated_at: at });
      const running = queued ? 0 : await table().where({ id, status: 'processing' }).update({ cancel_requested: true, updated_at: at });
      return { job: await this.get(id), accepted: queued + running > 0 };
    },
  };
}

export type JobStore = ReturnType<typeof createJobStore>;
