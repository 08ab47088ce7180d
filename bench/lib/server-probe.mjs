// A probe the learners bench preloads into its server process (`node --import`), never part of
// the product: once a second it appends one JSON line to BENCH_PROBE_FILE with the event loop's
// delay, the GC pauses, the heap, and how long queries waited for a knex pool connection, so a
// stall in the bench's timeline can be put down to the server's loop, its GC or its pool.
// Plain JavaScript so that it loads before tsx does.
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

const file = process.env.BENCH_PROBE_FILE;
if (file) {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const fresh = () => ({ count: 0, ms: 0, maxMs: 0, majorCount: 0, majorMs: 0, majorMaxMs: 0 });
  let gc = fresh();
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.ms += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
      if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        gc.majorCount++;
        gc.majorMs += entry.duration;
        gc.majorMaxMs = Math.max(gc.majorMaxMs, entry.duration);
      }
    }
  }).observe({ entryTypes: ['gc'] });

  // knex's pool is tarn's: time every acquire from its call to its connection.
  // And how long each connection is held, acquire to release: a connection whose answer waits for
  // a busy event loop stays taken though the database is done with it.
  const freshPool = () => ({ acquires: 0, waitMaxMs: 0, pendingMax: 0, holdMaxMs: 0, heldMs: 0 });
  let pool = freshPool();
  const takenAt = new WeakMap();
  try {
    const tarn = createRequire(`${process.cwd()}/node_modules/knex/package.json`)('tarn');
    const acquire = tarn.Pool.prototype.acquire;
    tarn.Pool.prototype.acquire = function (...args) {
      const started = performance.now();
      const pending = acquire.apply(this, args);
      pool.acquires++;
      pool.pendingMax = Math.max(pool.pendingMax, this.numPendingAcquires());
      pending.promise.then(
        (connection) => {
          pool.waitMaxMs = Math.max(pool.waitMaxMs, performance.now() - started);
          if (connection && typeof connection === 'object') takenAt.set(connection, performance.now());
        },
        () => {},
      );
      return pending;
    };
    const release = tarn.Pool.prototype.release;
    tarn.Pool.prototype.release = function (connection) {
      const at = connection && typeof connection === 'object' ? takenAt.get(connection) : undefined;
      if (at !== undefined) {
        const held = performance.now() - at;
        pool.holdMaxMs = Math.max(pool.holdMaxMs, held);
        pool.heldMs += held;
      }
      return release.call(this, connection);
    };
  } catch {}

  setInterval(() => {
    const memory = process.memoryUsage();
    const mb = (n) => Math.round(n / 1048576);
    const line = {
      t: Date.now(),
      loopMaxMs: Math.round(loop.max / 1e6),
      loopP99Ms: Math.round(loop.percentile(99) / 1e6),
      gc: { ...gc, ms: Math.round(gc.ms), maxMs: Math.round(gc.maxMs), majorMs: Math.round(gc.majorMs), majorMaxMs: Math.round(gc.majorMaxMs) },
      // heldMs / 1000: connection-seconds of the holds that ended in this second (a hold of 3 s
      // counts whole where it ends, so the figure can pass the pool's size when holds are long).
      pool: { ...pool, waitMaxMs: Math.round(pool.waitMaxMs), holdMaxMs: Math.round(pool.holdMaxMs), heldMs: Math.round(pool.heldMs) },
      heapUsedMb: mb(memory.heapUsed),
      heapTotalMb: mb(memory.heapTotal),
      externalMb: mb(memory.external),
      rssMb: mb(memory.rss),
    };
    loop.reset();
    gc = fresh();
    pool = freshPool();
    appendFileSync(file, JSON.stringify(line) + '\n');
  }, 1000).unref();
}
