// Bundles the browser code (player and console) with esbuild into public/build/. No source maps
// unless asked for (`npm run build -- --sourcemap`, for development): the delivery origin never
// serves one, and the admin origin serves the console's only.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
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
  if (names.includes('player')) await hashPlayer();
}

/**
 * The player bundle also goes out as player-<content hash>.js, which the player page names
 * (server/http/bundle-manifest.ts reads public/build/manifest.json) and browsers may keep for a
 * year without asking again (static-files.ts): a new build is a new name. Older hashed copies
 * go, except the previous manifest's, which a page rendered just before the build may still name.
 */
async function hashPlayer(): Promise<void> {
  const dir = resolve(root, 'public/build');
  const bytes = await readFile(resolve(dir, 'player.js'));
  const name = `player-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.js`;
  const manifestFile = resolve(dir, 'manifest.json');
  const previous = await readFile(manifestFile, 'utf8').then((text) => (JSON.parse(text) as Record<string, string>).player, () => undefined);
  const keep = new Set([name, previous?.split('/').pop()]);
  for (const file of await readdir(dir)) {
    if (/^player-[0-9a-f]{16}\.js$/.test(file) && !keep.has(file)) await rm(resolve(dir, file), { force: true });
  }
  // Each written whole, then renamed: a server reading meanwhile sees the old file or the new one.
  await writeWhole(resolve(dir, name), bytes);
  await writeWhole(manifestFile, JSON.stringify({ player: `/build/${name}` }));
}

async function writeWhole(file: string, data: string | Buffer): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, data);
  await rename(temp, file);
}

if (import.meta.url === `file://${process.argv[1]}`) await buildPlayer({ sourcemap: process.argv.includes('--sourcemap') });
