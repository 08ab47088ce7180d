// The beacons of a page that hides or goes away (POST /runtime/:id/commits, docs/runtime-protocol.md
// §4b): every commit not yet acknowledged, oldest first, with the pending navigation state, in
// one body. Beacons sent one after another may arrive in any order; since each carries all that
// came before it, whichever arrives first applies everything and the server skips what it already
// has. (One beacon per commit let a terminate overtake the commit it follows and be refused as
// OUT_OF_ORDER, lost until a relaunch.) A beacon is never acknowledged: the entries stay journaled,
// the next launch replays them and the server answers applied: false.
import type { ClosedLaunch } from '../../contract/launches.ts';
import { MAX_BODY_BYTES, byteLength, type CommitBody } from './commit-body.ts';

const key = (body: CommitBody): string => `${body.session_id}#${body.sequence}`;

/** The body of POST /runtime/:id/commits; `closedJson` names the launches whose page goes away. */
export function batchJson(commits: readonly CommitBody[], stateJson: string, closedJson = ''): string {
  return `{"commits":${JSON.stringify(commits)}${stateJson === '' ? '' : `,"sequencing_state":${stateJson}`}${closedJson === '' ? '' : `,"closed":${closedJson}`}}`;
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

  /**
   * Sends `commits` (in journal order), `state` and the `closed` launches (decision 0023), in one
   * beacon when they fit; the closed launches ride on the last beacon, after the commits.
   * False when the browser refused a beacon (what it carried goes with the next flush).
   */
  flush(commits: readonly CommitBody[], state: unknown, closed: readonly ClosedLaunch[] = []): boolean {
    if (commits.length === 0 && state === undefined && closed.length === 0) return true;
    const stateJson = state === undefined ? '' : JSON.stringify(state);
    const closedJson = closed.length === 0 ? '' : JSON.stringify(closed);
    const signature = commits.map(key).join(' ') + '|' + stateJson + '|' + closedJson;
    if (signature === this.last) return true;
    const whole = batchJson(commits, stateJson, closedJson);
    // The browser refuses a beacon past its in-flight budget (64 KiB per page in Chromium).
    if (byteLength(whole) <= MAX_BODY_BYTES && this.send(whole)) {
      this.last = signature;
      for (const c of commits) this.carried.add(key(c));
      return true;
    }
    // Too much for one beacon: what no beacon has carried yet, in order, in as few as fit.
    let part: CommitBody[] = [];
    const sendPart = (withState: boolean, withClosed = false): boolean => {
      if (!this.send(batchJson(part, withState ? stateJson : '', withClosed ? closedJson : ''))) return false;
      for (const c of part) this.carried.add(key(c));
      part = [];
      return true;
    };
    for (const c of commits.filter((c) => !this.carried.has(key(c)))) {
      if (byteLength(batchJson([...part, c], '')) > MAX_BODY_BYTES) {
        if (part.length > 0 && !sendPart(false)) return false;
        if (byteLength(batchJson([c], '')) > MAX_BODY_BYTES) continue; // only a fetch can carry it
      }
      part.push(c);
    }
    if (part.length > 0 || stateJson !== '' || closedJson !== '') {
      const withState = stateJson !== '' && byteLength(batchJson(part, stateJson)) <= MAX_BODY_BYTES;
      const withClosed = closedJson !== '' && byteLength(batchJson(part, withState ? stateJson : '', closedJson)) <= MAX_BODY_BYTES;
      if (!sendPart(withState, withClosed)) return false;
      if (closedJson !== '' && !withClosed && !this.send(batchJson([], '', closedJson))) return false;
    }
    this.last = signature;
    return true;
  }
}
