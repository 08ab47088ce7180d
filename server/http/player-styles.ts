// The player's stylesheet (public/player.css), for the player page to carry inline: a linked
// sheet is one more request that holds the page's first rendering and the bundle's run until it
// arrives (decision 0041). Read again whenever the file changes, like the bundle's manifest.
import { join } from 'node:path';
import { rereadWhenChanged } from './reread-file.ts';

/** The stylesheet's text, or null (no file, or text that could end a <style> element): the page links it instead. */
export function playerStyles(publicDir: string): () => string | null {
  return rereadWhenChanged<string | null>(join(publicDir, 'player.css'), (text) => (text.includes('</') ? null : text), null);
}
