// The browser's journal of commits not yet acknowledged by the server, in localStorage under one
// key per registration (docs/runtime-protocol.md, "The browser side"). Written synchronously, so a
// commit is safe before the SCO's Commit/Terminate returns; replayed at the next launch.
import type { CommitBody } from './commit-body.ts';

/** The part of the Web Storage API the journal uses (a Map-backed fake in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

interface JournalData {
  commits: CommitBody[];
  /** The latest navigation state not yet saved on the server. */
  state?: unknown;
}

export const journalKey = (registrationId: string): string => `scorm-player:journal:${registrationId}`;

export class CommitJournal {
  private readonly key: string;
  /** Used when storage is missing, full or refuses (private mode): the journal lives for the page. */
  private memory: JournalData | null = null;

  constructor(private readonly storage: KeyValueStorage | null, registrationId: string) {
    this.key = journalKey(registrationId);
  }

  commits(): CommitBody[] {
    return this.read().commits;
  }

  /** Adds the bodies; false when they could only be kept in memory. */
  append(bodies: readonly CommitBody[]): boolean {
    const data = this.read();
    for (const body of bodies) {
      if (!data.commits.some((c) => c.session_id === body.session_id && c.sequence === body.sequence)) data.commits.push(body);
    }
    return this.write(data);
  }

  remove(predicate: (body: CommitBody) => boolean): void {
    const data = this.read();
    const kept = data.commits.filter((c) => !predicate(c));
    if (kept.length !== data.commits.length) this.write({ ...data, commits: kept });
  }

  /** Replaces the entries of one session (after a renumbering). */
  replaceSession(sessionId: string, bodies: readonly CommitBody[]): void {
    const data = this.read();
    this.write({ ...data, commits: [...data.commits.filter((c) => c.session_id !== sessionId), ...bodies] });
  }

  pendingState(): unknown {
    return this.read().state;
  }

  setPendingState(state: unknown): void {
    this.write({ ...this.read(), state });
  }

  /** Forgets the pending state if it is still `state` (a newer one may have been set meanwhile). */
  clearPendingState(state: unknown): void {
    const data = this.read();
    if (data.state === state || JSON.stringify(data.state) === JSON.stringify(state)) {
      const { commits } = data;
      this.write({ commits });
    }
  }

  private read(): JournalData {
    if (this.memory) return structuredClone(this.memory);
    let text: string | null = null;
    try {
      text = this.storage?.getItem(this.key) ?? null;
    } catch {
      text = null;
    }
    if (text === null) return { commits: [] };
    try {
      const parsed = JSON.parse(text) as JournalData;
      return Array.isArray(parsed.commits) ? parsed : { commits: [] };
    } catch {
      return { commits: [] };
    }
  }

  private write(data: JournalData): boolean {
    if (!this.memory && this.storage) {
      try {
        if (data.commits.length === 0 && data.state === undefined) this.storage.removeItem(this.key);
        else this.storage.setItem(this.key, JSON.stringify(data));
        return true;
      } catch {
        // Quota or a disabled storage: keep everything in memory from now on, in order.
      }
    }
    this.memory = structuredClone(data);
    return false;
  }
}
