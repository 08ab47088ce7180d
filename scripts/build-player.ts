// Bundles the browser code (player and console) with esbuild into public/build/. No source maps
// unless asked for (`npm run build -- --sourcemap`, for development): the delivery origin never
// serves one, and the admin origin serves the console's only.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

const ENTRIES = {
  console: resolve(root, 'console/main.ts'),
  player: resolve(root, 'player/main.ts'),
};

export async function buildPlayer(options: { minify?: boolean; sourcemap?: boolean; only?: (keyof typeof ENTRIES)[] } = {}): Promise<void> {
  const names = options.only ?? (Object.keys(ENTRIES) as (keyof typeof ENTRIES)[]);
  await build({
    entryPoints: Object.fromEntries(names.map((name) => [name, ENTRIES[name]])),
    outdir: resolve(root, 'public/build'),
    bundle: true,
    format: 'esm',
    target: ['es2020'],
    minify: options.minify ?? true,
    sourcemap: options.sourcemap ?? false,
    logLevel: 'warning',
  });
  // A map left by an earlier development build must not outlive it.
  if (!options.sourcemap) {
    await Promise.all(names.map((name) => rm(resolve(root, 'public/build', `${name}.js.map`), { force: true })));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await buildPlayer({ sourcemap: process.argv.includes('--sourcemap') });
