// Files this process holds open under a directory (Linux /proc/self/fd): a deleted temp file
// still takes its disk space while a descriptor on it is open.
import { existsSync, readdirSync, readlinkSync } from 'node:fs';

/** The open files under `dir`, after giving streams being torn down a moment to close. */
export async function openFilesUnder(dir: string, waitMs = 500): Promise<string[]> {
  if (!existsSync('/proc/self/fd')) return [];
  const deadline = Date.now() + waitMs;
  for (;;) {
    const open = readdirSync('/proc/self/fd')
      .map((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return '';
        }
      })
      .filter((target) => target.startsWith(dir + '/'));
    if (open.length === 0 || Date.now() > deadline) return open;
    await new Promise((r) => setTimeout(r, 25));
  }
}
