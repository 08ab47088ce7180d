// Bundles the server (server/main.ts, the migrations with it) into build/server/ with esbuild, so
// that `npm start` runs plain JavaScript: no TypeScript loader at run time, whose hooks thread
// and compile caches cost about 30 MB of the idle process (decision 0030). Dependencies stay in
// node_modules (packages: 'external'); code loaded on demand (the S3 adapter and its SDK) stays
// in a chunk of its own, loaded only when the s3 driver is configured. Tests and the knex CLI
// keep running the sources under tsx.
//
// The entry is build/server/start.cjs: server/thread-pool.ts as CommonJS, then the bundle. An ES
// module entry cannot size libuv's pool: loading an ES module graph reads files through that
// pool, which starts it (4 threads) before the first module's code runs.
import { build, type Plugin } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
export const SERVER_ENTRY = resolve(root, 'build/server/start.cjs');

/**
 * Node flags `npm start` gives the bundle (package.json repeats them; start-up.test.ts checks).
 * A young generation of at most 4 MB per semi-space, not V8's 16: an import or an upload makes
 * a 64 KiB Buffer per chunk that dies at once, and the backing stores of dead young Buffers are
 * freed only by a scavenge. With 16 MB semi-spaces the young generation grew to 32 MB and dead
 * Buffers piled up between scavenges: together most of what a 200 MB ingest added to RSS
 * (decision 0039). 2 MB kept the RSS lower still but cost a closed loop of commits about a fifth of
 * its rate (more scavenges, more promotion); 4 MB keeps a 1 GB ingest under 140 MB.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=4'];

/**
 * Each module keeps the location of its source: code that finds files beside it (public/, the
 * migrations folder, the manifest worker's source) finds them where they are, not beside the
 * bundle.
 */
const sourceLocation: Plugin = {
  name: 'source-location',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const text = await readFile(args.path, 'utf8');
      return {
        contents: text
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: 'ts',
      };
    });
  },
};

export async function buildServer(): Promise<void> {
  const outdir = dirname(SERVER_ENTRY);
  await rm(outdir, { recursive: true, force: true });
  await build({
    entryPoints: { main: resolve(root, 'server/main.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    plugins: [sourceLocation],
    logLevel: 'warning',
  });
  await build({
    entryPoints: [resolve(root, 'server/thread-pool.ts')],
    outfile: SERVER_ENTRY,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // CommonJS loads synchronously, so the pool size is set before anything starts the pool.
    footer: { js: "import('./main.mjs').catch((error) => { console.error(error); process.exit(1); });" },
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildServer();
