// A value made from a file of public/, made again whenever the file changes (its mtime), so a
// rebuild under a running server is picked up; the fallback while the file is missing or unreadable.
import { readFileSync, statSync } from 'node:fs';

export function rereadWhenChanged<T>(file: string, parse: (text: string) => T, fallback: T): () => T {
  let seen = -1;
  let value = fallback;
  return () => {
    try {
      const mtime = statSync(file).mtimeMs;
      if (mtime !== seen) {
        value = parse(readFileSync(file, 'utf8'));
        seen = mtime;
      }
    } catch {
      value = fallback;
      seen = -1;
    }
    return value;
  };
}
