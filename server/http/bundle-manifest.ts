// The URL of a content-hashed bundle, from public/build/manifest.json (scripts/build-player.ts).
// Read again whenever the file changes, so a rebuild under a running server is picked up; without
// a manifest (no build yet), the plain name.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function bundleUrl(publicDir: string, name: 'player'): () => string {
  const file = join(publicDir, 'build', 'manifest.json');
  let seen = -1;
  let url = `/build/${name}.js`;
  return () => {
    let mtime: number;
    try {
      mtime = statSync(file).mtimeMs;
    } catch {
      return `/build/${name}.js`;
    }
    if (mtime !== seen) {
      try {
        const named = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)[name];
        url = typeof named === 'string' && /^\/build\/[a-z]+-[0-9a-f]{16}\.js$/.test(named) ? named : `/build/${name}.js`;
        seen = mtime;
      } catch {
        url = `/build/${name}.js`;
      }
    }
    return url;
  };
}
