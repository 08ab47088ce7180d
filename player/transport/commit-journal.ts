// The browser's journal of commits not yet acknowledged by the server, in localStorage under one
// key per registration and package (docs/runtime-protocol.md, "The browser side"). Written
// synchronously, so a commit is safe before the SCO's Commit/Terminate returns; replayed at the
// next launch. Every entry is sealed with an HMAC under a key the server put in this
// registration's player page: course script of another package on the same origin can read and
// write localStorage, but an entry it plants (or alters) fails the seal and is ignored.
import type { CommitBody } from './commit-body.ts';
import { hmacSha256Hex } from './hmac-sha256.ts';

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
  /**
   * Sessions the server called stale (a newer tab or launch owns their attempt), with when, so
   * the tab that owns one hears it even when another tab sent its commit and dropped it first.
   */
  stale?: { session: string; at: number }[];
}

/** A stale session is remembered this long: its own tab reads the journal within moments. */
const STALE_KEPT_MS = 5 * 60_000;
const STALE_KEPT_MAX = 20;

/** Whose journal this is, and the server-issued key that seals its entries. */
export interface JournalBinding {
  registrationId: string;
  packageId: string;
  /** From the player page (never stored): HMAC of the server secret, registration, package, launch nonce. */
  sealKey: string;
}

/** What is stored: the data, named for its registration and package, and its seal. */
interface SealedEntry {
  v: 2;
  registration: string;
  package: string;
  data: JournalData;
  mac: string;
}

export const journalKey = (registrationId: string, packageId: string): string =>
  `scorm-player:journal:${encodeURIComponent(registrationId)}:${encodeURIComponent(packageId)}`;

export class CommitJournal {
  private readonly key: string;
  /** Used when storage is missing, full or refuses (private mode): the journal lives for the page. */
  private memory: JournalData | null = null;
  /**
   * The stored text this journal last wrote or found correctly sealed. Read back unchanged, it
   * needs no second HMAC (the same bytes carry the same seal); the launch path reads the journal
   * several times, and each seal check of a large navigation state costs milliseconds.
   */
  private trusted: string | null = null;

  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly binding: JournalBinding,
    private readonly now: () => number = Date.now,
  ) {
    this.key = journalKey(binding.registrationId, binding.packageId);
  }

  private seal(data: JournalData): string {
    const body = JSON.stringify([this.binding.registrationId, this.binding.packageId, data]);
    return hmacSha256Hex(this.binding.sealKey, body);
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

  /** Drops a session the server called stale and remembers it for its own tab (see `stale`). */
  dropStaleSession(sessionId: string): void {
    const data = this.read();
    const at = this.now();
    const stale = [...(data.stale ?? []).filter((s) => s.session !== sessionId && at - s.at < STALE_KEPT_MS), { session: sessionId, at }];
    this.write({ ...data, commits: data.commits.filter((c) => c.session_id !== sessionId), stale: stale.slice(-STALE_KEPT_MAX) });
  }

  /** The sessions the server called stale lately, whichever tab heard it. */
  staleSessions(): string[] {
    const at = this.now();
    return (this.read().stale ?? []).filter((s) => at - s.at < STALE_KEPT_MS).map((s) => s.session);
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
      const { state: _saved, ...rest } = data;
      this.write(rest);
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
    let entry: SealedEntry;
    try {
      entry = JSON.parse(text) as SealedEntry;
    } catch {
      return { commits: [] };
    }
    // Anything not sealed by this registration's key (planted, altered, another registration's,
    // or left from before a revoke gave the registration a new key) is ignored.
    if (
      entry === null ||
      typeof entry !== 'object' ||
      entry.v !== 2 ||
      entry.registration !== this.binding.registrationId ||
      entry.package !== this.binding.packageId ||
      typeof entry.data !== 'object' ||
      entry.data === null ||
      !Array.isArray(entry.data.commits) ||
      typeof entry.mac !== 'string' ||
      (text !== this.trusted && !sameText(entry.mac, this.seal(entry.data)))
    ) {
      return { commits: [] };
    }
    this.trusted = text;
    return entry.data;
  }

  private write(written: JournalData): boolean {
    // Stale sessions past their time go with the next write; a journal of nothing else is removed.
    const { stale: kept, ...rest } = written;
    const stale = kept?.filter((s) => this.now() - s.at < STALE_KEPT_MS) ?? [];
    const data: JournalData = stale.length > 0 ? { ...rest, stale } : rest;
    if (!this.memory && this.storage) {
      try {
        if (data.commits.length === 0 && data.state === undefined && data.stale === undefined) {
          this.storage.removeItem(this.key);
          this.trusted = null;
        } else {
          const entry: SealedEntry = { v: 2, registration: this.binding.registrationId, package: this.binding.packageId, data, mac: this.seal(data) };
          const text = JSON.stringify(entry);
          this.storage.setItem(this.key, text);
          this.trusted = text;
        }
        return true;
      } catch {
        // Quota or a disabled storage: keep everything in memory from now on, in order.
      }
    }
    this.memory = structuredClone(data);
    return false;
  }
}

/** Compares two MACs without stopping at the first difference. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
