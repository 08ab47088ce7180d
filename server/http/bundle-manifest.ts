// The URL of a content-hashed bundle, from public/build/manifest.json (scripts/build-player.ts).
// Read again whenever the file changes, so a rebuild under a running server is picked up; without
// a manifest (no build yet), the plain name.
import { join } from 'node:path';
import { rereadWhenChanged } from './reread-file.ts';

export function bundleUrl(publicDir: string, name: 'player'): () => string {
  const plain = `/build/${name}.js`;
  return rereadWhenChanged(
    join(publicDir, 'build', 'manifest.json'),
    (text) => {
      const named = (JSON.parse(text) as Record<string, unknown>)[name];
      return typeof named === 'string' && /^\/build\/[a-z]+-[0-9a-f]{16}\.js$/.test(named) ? named : plain;
    },
    plain,
  );
}
