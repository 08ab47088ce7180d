// Sized before anything touches libuv's thread pool (read once, at its first use). `npm start`
// runs this file first, as CommonJS (build/server/start.cjs, scripts/build-server.ts): loading ES
// modules reads files through the pool and so starts it (4 threads) before any of their code runs,
// which made this line, as main.ts's first import, too late (decision 0030). Run as ES modules
// (tests, tsx), the pool has 4 threads unless the environment sets UV_THREADPOOL_SIZE. File writes, fsync and inflate
// all queue on that pool: with the default 4 threads, 16 parallel entry writes of an import wait
// on each other (bench/ingest.ts: import of 200 MB in 2,000 files 7.1 s → 5.0 s with 16).
// An operator's own UV_THREADPOOL_SIZE wins; this is the one place outside config.ts that reads
// the environment, because it must happen before config.ts can run.
process.env.UV_THREADPOOL_SIZE ??= '16';
