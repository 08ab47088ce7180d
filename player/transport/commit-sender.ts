// Sends journaled commits to POST /runtime/:id/commit in order, one at a time, and applies the
// server's answers (docs/runtime-protocol.md §4): acknowledged → forgotten, OUT_OF_ORDER → resent
// from the expected sequence, STALE_SESSION → dropped (a newer tab owns the attempt), network and
// 5xx → kept and retried with backoff, 429 → kept and sent again after its Retry-After. When the
// page hides or goes away, everything not yet acknowledged also leaves in one beacon
// (POST /commits), so no commit can overtake another.
import type { ErrorBody } from '../../contract/errors.ts';
import type { ClosedLaunch } from '../../contract/launches.ts';
import { MAX_BODY_BYTES, byteLength, splitCommit, type CommitBody, type PendingCommit } from './commit-body.ts';
import { ClosingBeacons } from './closing-beacons.ts';
import type { CommitJournal } from './commit-journal.ts';

export type TransportEvent =
  | { type: 'saved' }
  | { type: 'retrying'; inMs: number }
  | { type: 'stale'; sessionId: string }
  | { type: 'rejected'; body: CommitBody; error: unknown }
  | { type: 'unauthorized'; status: number }
  | { type: 'gone' };

export interface SenderDeps {
  /** Origin prefix of the runtime URLs; "" in the page. */
  baseUrl: string;
  registrationId: string;
  token: string;
  journal: CommitJournal;
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** navigator.sendBeacon; absent where the platform has none. */
  sendBeacon?: (url: string, body: string) => boolean;
  setTimer?: (fn: () => void, ms: number) => unknown;
  onEvent?: (event: TransportEvent) => void;
  /** First retry delay; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

type Outcome = 'done' | 'retry' | 'stop';

export class CommitSender {
  private readonly next = new Map<string, number>();
  /** This page's sessions it has said are stale (each once). */
  private readonly toldStale = new Set<string>();
  private running: Promise<void> | null = null;
  private again = false;
  private delay: number;
  private retryTimer: unknown = null;
  /** The server's Retry-After of the last 429, which the next retry waits instead of the backoff. */
  private retryAfterMs: number | undefined;
  private stopped = false;
  /**
   * shown: commits go by fetch, one at a time, acknowledged. hidden (another tab, a minimised
   * window): the same, after one beacon of what was pending. leaving (beforeunload, pagehide):
   * the page may be gone before any answer, so each change leaves at once by beacon.
   */
  private mode: 'shown' | 'hidden' | 'leaving' = 'shown';
  private readonly beacons: ClosingBeacons | null;
  /** Launches whose page is gone, told once in the next beacon that leaves (decision 0023). */
  private closed: ClosedLaunch[] = [];

  constructor(private readonly deps: SenderDeps) {
    this.delay = deps.retryMs ?? 1000;
    const beacon = deps.sendBeacon;
    this.beacons = beacon ? new ClosingBeacons((json) => beacon(this.url('commits'), json)) : null;
  }

  url(path: 'commit' | 'commits' | 'sequencing-state'): string {
    const d = this.deps;
    return `${d.baseUrl}/runtime/${encodeURIComponent(d.registrationId)}/${path}?token=${encodeURIComponent(d.token)}`;
  }

  /**
   * The synchronous half of the session's onCommit: numbers the commit (split when large),
   * journals it and starts sending. True: the commit is in the journal (or, without storage,
   * in the page's memory) and will reach the server.
   */
  commit(input: PendingCommit): boolean {
    const first = this.next.get(input.sessionId) ?? 1;
    const bodies = splitCommit(input, first);
    this.next.set(input.sessionId, first + bodies.length);
    this.deps.journal.append(bodies);
    if (this.mode === 'leaving') this.beaconFlush();
    else void this.pump();
    return true;
  }

  /** Keeps the navigation state for the server (sent after the commits before it). */
  saveState(state: unknown): void {
    this.deps.journal.setPendingState(state);
    if (this.mode === 'leaving') this.beaconFlush();
    else void this.pump();
  }

  /**
   * Keeps the navigation state in the journal without sending it yet: it leaves with the next
   * pump (any commit, the page hiding or closing, or the caller's own pump once it is done).
   */
  holdState(state: unknown): void {
    this.deps.journal.setPendingState(state);
    if (this.mode === 'leaving') this.beaconFlush();
  }

  /** The page is hidden but lives: what is pending leaves by beacon too, in case it never returns. */
  pageHidden(): void {
    if (this.mode === 'shown') this.mode = 'hidden';
    this.beaconFlush();
    void this.pump();
  }

  /**
   * The page is going away: from now on every change leaves at once by beacon. `closed`: the
   * launches whose window goes with it (the page is gone, not just asked to leave).
   */
  pageLeaving(closed: readonly ClosedLaunch[] = []): void {
    this.mode = 'leaving';
    this.closed.push(...closed);
    this.beaconFlush();
  }

  pageShown(): void {
    this.mode = 'shown';
    this.beacons?.reset();
    void this.pump();
  }

  /** Sends everything pending; resolves when the journal is empty or sending has to wait. */
  pump(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          const outcome = await this.drain();
          if (outcome === 'retry') this.scheduleRetry();
          if (outcome !== 'done') return;
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Nothing is waiting to be sent. */
  /** Commits are journaled and not yet acknowledged (a pending sequencing state aside). */
  get hasCommits(): boolean {
    return this.deps.journal.commits().length > 0;
  }

  get empty(): boolean {
    return this.deps.journal.commits().length === 0 && this.deps.journal.pendingState() === undefined;
  }

  private async drain(): Promise<Outcome> {
    for (;;) {
      const body = ordered(this.deps.journal.commits())[0];
      if (body === undefined) break;
      const outcome = await this.send(body);
      if (outcome !== 'done') return outcome;
    }
    const state = this.deps.journal.pendingState();
    if (state !== undefined) {
      const outcome = await this.putState(state);
      if (outcome !== 'done') return outcome;
    }
    this.delay = this.deps.retryMs ?? 1000;
    this.hearStaleFromOtherTabs();
    this.deps.onEvent?.({ type: 'saved' });
    return 'done';
  }

  /**
   * Every tab of a registration sends what it finds in the shared journal, so another tab may
   * have sent this page's commit and heard STALE_SESSION for it: the journal remembers that.
   */
  private hearStaleFromOtherTabs(): void {
    for (const sessionId of this.deps.journal.staleSessions()) {
      if (!this.next.has(sessionId) || this.toldStale.has(sessionId)) continue;
      this.toldStale.add(sessionId);
      this.deps.onEvent?.({ type: 'stale', sessionId });
    }
  }

  private async send(body: CommitBody): Promise<Outcome> {
    const json = JSON.stringify(body);
    let res: Response;
    try {
      res = await this.deps.fetch(this.url('commit'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: json,
        // keepalive lets the request outlive the page; browsers refuse it above 64 KiB.
        keepalive: byteLength(json) <= MAX_BODY_BYTES,
      });
    } catch {
      return 'retry';
    }
    const answer = (await res.json().catch(() => ({}))) as Partial<ErrorBody> & { expected?: number };
    const journal = this.deps.journal;
    const sameSession = (c: CommitBody) => c.session_id === body.session_id;
    if (res.ok) {
      journal.remove((c) => sameSession(c) && c.sequence === body.sequence);
      return 'done';
    }
    const code = answer.error?.code;
    if (res.status === 409 && code === 'STALE_SESSION') {
      journal.dropStaleSession(body.session_id);
      this.toldStale.add(body.session_id);
      this.deps.onEvent?.({ type: 'stale', sessionId: body.session_id });
      return 'done';
    }
    if (res.status === 409 && code === 'OUT_OF_ORDER') {
      const expected = Number(answer.expected ?? answer.error?.expected);
      if (!Number.isInteger(expected) || expected < 1) return 'retry';
      // Below `expected` the server has everything; a hole above it (a journal that lost entries)
      // is closed by renumbering, so what is still here is not refused for ever.
      journal.remove((c) => sameSession(c) && c.sequence < expected);
      const rest = ordered(journal.commits().filter(sameSession));
      if (rest.length > 0 && rest[0]!.sequence !== expected) this.renumber(body.session_id, rest, expected);
      return 'done';
    }
    if (res.status === 401 || res.status === 403) {
      // The launch token expired or is not this registration's: keep the journal for the next launch.
      this.stopped = true;
      this.deps.onEvent?.({ type: 'unauthorized', status: res.status });
      return 'stop';
    }
    if (res.status === 404 && code === 'REGISTRATION_NOT_FOUND') {
      journal.remove(() => true);
      this.stopped = true;
      this.deps.onEvent?.({ type: 'gone' });
      return 'stop';
    }
    if (res.status === 429) {
      this.retryAfterMs = retryAfterMs(res.headers.get('retry-after'), answer.error?.retry_after);
      return 'retry';
    }
    if (res.status >= 500 || res.status === 408) return 'retry';
    // 422 INVALID_VALUE (or another refusal): the server will never take this body; drop it and
    // close the gap, so the session's later commits still apply.
    journal.remove((c) => sameSession(c) && c.sequence === body.sequence);
    const later = ordered(journal.commits().filter((c) => sameSession(c) && c.sequence > body.sequence));
    if (later.length > 0) this.renumber(body.session_id, later, body.sequence);
    else if (this.next.has(body.session_id)) this.next.set(body.session_id, body.sequence);
    this.deps.onEvent?.({ type: 'rejected', body, error: answer.error ?? answer });
    return 'done';
  }

  private renumber(sessionId: string, bodies: CommitBody[], from: number): void {
    const renumbered = bodies.map((b, i) => ({ ...b, sequence: from + i }));
    this.deps.journal.replaceSession(sessionId, renumbered);
    if (this.next.has(sessionId)) this.next.set(sessionId, from + renumbered.length);
  }

  private async putState(state: unknown): Promise<Outcome> {
    let res: Response;
    try {
      res = await this.deps.fetch(this.url('sequencing-state'), {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ state }),
        keepalive: true,
      });
    } catch {
      return 'retry';
    }
    if (res.ok) {
      this.deps.journal.clearPendingState(state);
      return 'done';
    }
    if (res.status === 429) {
      this.retryAfterMs = retryAfterMs(res.headers.get('retry-after'), undefined);
      return 'retry';
    }
    if (res.status >= 500 || res.status === 408) return 'retry';
    // Refused for good (token, deleted registration): the next launch rebuilds the state.
    this.deps.journal.clearPendingState(state);
    return res.status === 401 || res.status === 403 ? 'stop' : 'done';
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== null) return;
    const inMs = this.retryAfterMs ?? this.delay;
    if (this.retryAfterMs === undefined) this.delay = Math.min(this.delay * 2, this.deps.maxRetryMs ?? 30_000);
    this.retryAfterMs = undefined;
    this.deps.onEvent?.({ type: 'retrying', inMs });
    const timer = this.deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.retryTimer = timer(() => {
      this.retryTimer = null;
      void this.pump();
    }, inMs);
  }

  /** What the journal holds, by beacon (closing-beacons.ts); without sendBeacon, by fetch. */
  private beaconFlush(): void {
    if (!this.beacons) {
      // No beacon to tell the server the page went: those launches end as stale or timed out.
      this.closed = [];
      void this.pump();
      return;
    }
    const closed = this.closed;
    if (this.beacons.flush(ordered(this.deps.journal.commits()), this.deps.journal.pendingState(), closed)) this.closed = this.closed.filter((c) => !closed.includes(c));
  }
}

/** Retry-After in seconds (or an HTTP date), else the body's retry_after; at least 1 s, at most 5 min. */
export function retryAfterMs(header: string | null, bodySeconds: unknown, now = Date.now()): number {
  let seconds = Number.NaN;
  if (header !== null && /^\s*\d+\s*$/.test(header)) seconds = Number(header);
  else if (header !== null && !Number.isNaN(Date.parse(header))) seconds = (Date.parse(header) - now) / 1000;
  else if (typeof bodySeconds === 'number') seconds = bodySeconds;
  if (!Number.isFinite(seconds)) seconds = 1;
  return Math.min(Math.max(seconds, 1), 300) * 1000;
}

/** Oldest session first (journal order of its first entry), each in sequence order. */
export function ordered(bodies: readonly CommitBody[]): CommitBody[] {
  const rank = new Map<string, number>();
  bodies.forEach((b) => {
    if (!rank.has(b.session_id)) rank.set(b.session_id, rank.size);
  });
  return [...bodies].sort((a, b) => rank.get(a.session_id)! - rank.get(b.session_id)! || a.sequence - b.sequence);
}
