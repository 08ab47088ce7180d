// Sized before anything touches libuv's thread pool (read once, at its first use). Imports run
// before the body of main.ts, so this is main.ts's first import. File writes, fsync and inflate
// all queue on that pool: with the default 4 threads, 16 parallel entry writes of an import wait
// on each other (bench/ingest.ts: import of 200 MB in 2,000 files 7.1 s → 5.0 s with 16).
// An operator's own UV_THREADPOOL_SIZE wins; this is the one place outside config.ts that reads
// the environment, because it must happen before config.ts can run.
process.env.UV_THREADPOOL_SIZE ??= '16';
