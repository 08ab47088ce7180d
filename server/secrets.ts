// Secrets that must survive restarts: taken from the configuration, or generated once and kept
// in the data directory (mode 0600).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PersistedSecret {
  value: string;
  /** True when this call generated it (so start-up can announce it). */
  generated: boolean;
  /** Where it is kept, or undefined when it came from the environment. */
  file: string | undefined;
}

export function loadOrCreateSecret(dataDir: string, name: string, configured?: string): PersistedSecret {
  if (configured) return { value: configured, generated: false, file: undefined };
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, name);
  const existing = readIfPresent(file);
  if (existing) return { value: existing, generated: false, file };
  const value = randomBytes(32).toString('base64url');
  try {
    // 'wx': if another process created it first, theirs wins and we read it back.
    writeFileSync(file, value + '\n', { flag: 'wx', mode: 0o600 });
    return { value, generated: true, file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { value: readIfPresent(file)!, generated: false, file };
  }
}

function readIfPresent(file: string): string | undefined {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return text === '' ? undefined : text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
