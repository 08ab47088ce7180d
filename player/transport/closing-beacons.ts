// The beacons of a page that hides or goes away (POST /runtime/:id/commits, docs/runtime-protocol.md
// §4b): every commit not yet acknowledged, oldest first, with the pending navigation state, in
// one body. Beacons sent one after another may arrive in any order; since each carries all that
// came before it, whichever arrives first applies everything and the server skips what it already
// has. (One beacon per commit let a terminate overtake the commit it follows and be refused as
// OUT_OF_ORDER, lost until a relaunch.) A beacon is never acknowledged: the entries stay journaled,
// the next launch replays them and the server answers applied: false.
import { MAX_BODY_BYTES, byteLength, type CommitBody } from './commit-body.ts';

const key = (body: CommitBody): string => `${body.session_id}#${body.sequence}`;

/** The body of POST /runtime/:id/commits. */
export function batchJson(commits: readonly CommitBody[], stateJson: string): string {
  return `{"commits":${JSON.stringify(commits)}${stateJson === '' ? '' : `,"sequencing_state":${stateJson}`}}`;
}

export class ClosingBeacons {
  /** What the last flush carried (commit keys and state), so an unchanged journal is not sent twice. */
  private last = '';
  /** Commits some beacon of this hide or leave carried. */
  private readonly carried = new Set<string>();

  /** `send` is navigator.sendBeacon on the batch URL: false when the browser refuses it (its budget). */
  constructor(private readonly send: (json: string) => boolean) {}

  /** The page is shown again: the next hide starts afresh. */
  reset(): void {
    this.last = '';
    this.carried.clear();
  }

  /** Sends `commits` (in journal order) and `state`, in one beacon when they fit. */
  flush(commits: readonly CommitBody[], state: unknown): void {
    if (commits.length === 0 && state === undefined) return;
    const stateJson = state === undefined ? '' : JSON.stringify(state);
    const signature = commits.map(key).join(' ') + '|' + stateJson;
    if (signature === this.last) return;
    const whole = batchJson(commits, stateJson);
    // The browser refuses a beacon past its in-flight budget (64 KiB per page in Chromium).
    if (byteLength(whole) <= MAX_BODY_BYTES && this.send(whole)) {
      this.last = signature;
      for (const c of commits) this.carried.add(key(c));
      return;
    }
    // Too much for one beacon: what no beacon has carried yet, in order, in as few as fit.
    let part: CommitBody[] = [];
    const sendPart = (withState: boolean): boolean => {
      if (!this.send(batchJson(part, withState ? stateJson : ''))) return false;
      for (const c of part) this.carried.add(key(c));
      part = [];
      return true;
    };
    for (const c of commits.filter((c) => !this.carried.has(key(c)))) {
      if (byteLength(batchJson([...part, c], '')) > MAX_BODY_BYTES) {
        if (part.length > 0 && !sendPart(false)) return;
        if (byteLength(batchJson([c], '')) > MAX_BODY_BYTES) continue; // only a fetch can carry it
      }
      part.push(c);
    }
    if (part.length > 0 || stateJson !== '') {
      const withState = stateJson !== '' && byteLength(batchJson(part, stateJson)) <= MAX_BODY_BYTES;
      if (!sendPart(withState)) return;
    }
    this.last = signature;
  }
}
