// Bundles the browser code (player and console) with esbuild into public/build/.
import { build } from 'esbuild';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

export async function buildPlayer(options: { minify?: boolean } = {}): Promise<void> {
  await build({
    entryPoints: { console: resolve(root, 'player/console/main.ts') },
    outdir: resolve(root, 'public/build'),
    bundle: true,
    format: 'esm',
    target: ['es2020'],
    minify: options.minify ?? true,
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildPlayer();
