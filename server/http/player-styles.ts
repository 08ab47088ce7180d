// The player's stylesheet (public/player.css), for the player page to carry inline: a linked
// sheet is one more request that holds the page's first rendering and the bundle's run until it
// arrives (decision 0041). Read again whenever the file changes, like the bundle's manifest.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The stylesheet's text, or null (no file, or text that could end a <style> element): the page links it instead. */
export function playerStyles(publicDir: string): () => string | null {
  const file = join(publicDir, 'player.css');
  let seen = -1;
  let text: string | null = null;
  return () => {
    try {
      const mtime = statSync(file).mtimeMs;
      if (mtime !== seen) {
        const read = readFileSync(file, 'utf8');
        text = read.includes('</') ? null : read;
        seen = mtime;
      }
    } catch {
      text = null;
      seen = -1;
    }
    return text;
  };
}
