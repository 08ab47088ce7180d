// The commit transport in plain Node: journal written before the hook returns, split under 64 KiB,
// ordered sending, the server's answers (ack, OUT_OF_ORDER, STALE_SESSION, 422, 5xx), beacons.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_BODY_BYTES, byteLength, splitCommit, type CommitBody } from '../../../player/transport/commit-body.ts';
import { CommitJournal, journalKey, type KeyValueStorage } from '../../../player/transport/commit-journal.ts';
import { CommitSender, type TransportEvent } from '../../../player/transport/commit-sender.ts';

class MapStorage implements KeyValueStorage {
  readonly map = new Map<string, string>();
  getItem(k: string) { return this.map.get(k) ?? null; }
  setItem(k: string, v: string) { this.map.set(k, v); }
  removeItem(k: string) { this.map.delete(k); }
}

/** The journal binding the player page gives: registration, package, server-issued seal key. */
const bind = (registrationId: string, packageId = 'pkg-1', sealKey = 'seal-key-from-the-server') => ({ registrationId, packageId, sealKey });

type Reply = { status: number; body?: unknown } | 'network';

function harness(replies: (body: CommitBody) => Reply) {
  const storage = new MapStorage();
  const journal = new CommitJournal(storage, bind('reg-1'));
  const sent: CommitBody[] = [];
  const beacons: { url: string; body: { commits: CommitBody[]; sequencing_state?: unknown; closed?: unknown[] }; bytes: number }[] = [];
  let beaconRoom = Infinity;
  const timers: (() => void)[] = [];
  const events: TransportEvent[] = [];
  const sender = new CommitSender({
    baseUrl: 'http://lms', registrationId: 'reg-1', token: 'tok.en', journal,
    fetch: async (url, init) => {
      if (url.includes('/sequencing-state')) return new Response(null, { status: 204 });
      const body = JSON.parse(String(init.body)) as CommitBody;
      sent.push(body);
      const reply = replies(body);
      if (reply === 'network') throw new TypeError('fetch failed');
      return new Response(JSON.stringify(reply.body ?? { ok: true }), { status: reply.status, headers: { 'content-type': 'application/json' } });
    },
    // Like the browser: a beacon past the budget left in flight is refused.
    sendBeacon: (url, body) => {
      if (byteLength(body) > beaconRoom) return false;
      beaconRoom -= byteLength(body);
      beacons.push({ url, body: JSON.parse(body) as { commits: CommitBody[] }, bytes: byteLength(body) });
      return true;
    },
    setTimer: (fn) => timers.push(fn),
    onEvent: (e) => events.push(e),
  });
  return { storage, journal, sender, sent, beacons, timers, events, budget: (bytes: number) => (beaconRoom = bytes) };
}

const input = (over: Partial<Parameters<CommitSender['commit']>[0]> = {}) => ({
  sessionId: 's1', item: 'sco1', attempt: 1, changes: [['cmi.location', 'p1'] as const], reason: 'commit' as const, ...over,
});

const test = suite('commit transport');

test('a commit is in localStorage before commit() returns, numbered from 1, and forgotten once acknowledged', async () => {
  const h = harness(() => ({ status: 200 }));
  assert.is(h.sender.commit(input()), true);
  const stored = (JSON.parse(h.storage.getItem(journalKey('reg-1', 'pkg-1'))!) as { data: { commits: CommitBody[] } }).data;
  assert.equal(stored.commits.map((c) => [c.session_id, c.sequence, c.changes]), [['s1', 1, [['cmi.location', 'p1']]]]);
  await h.sender.pump();
  assert.is(h.sent.length, 1);
  assert.is(h.storage.getItem(journalKey('reg-1', 'pkg-1')), null);
  h.sender.commit(input({ changes: [['cmi.location', 'p2']] }));
  await h.sender.pump();
  assert.equal(h.sent.map((b) => b.sequence), [1, 2]);
});

test('the URL carries the token; keepalive is used under 64 KiB', async () => {
  const urls: string[] = [];
  const journal = new CommitJournal(new MapStorage(), bind('r 1'));
  const sender = new CommitSender({
    baseUrl: '', registrationId: 'r 1', token: 'a.b', journal,
    fetch: async (url, init) => (urls.push(`${url} keepalive=${String(init.keepalive)}`), new Response('{"ok":true}', { status: 200 })),
  });
  sender.commit(input());
  await sender.pump();
  assert.equal(urls, ['/runtime/r%201/commit?token=a.b keepalive=true']);
});

test('large commits are split in order under 64 KiB; only the last part carries terminate and the end', () => {
  const changes = Array.from({ length: 40 }, (_, i) => [`cmi.interactions.${i}.description`, 'x'.repeat(4000)] as const);
  const end = { exit: '', sessionTime: 'PT1S', sessionTimeReported: true, totalTime: 'PT1S', nextEntry: 'ab-initio', attemptEnded: true, endsCourse: false } as const;
  const parts = splitCommit({ sessionId: 's', item: 'i', attempt: 1, changes, reason: 'terminate', end, sequencingState: { a: 1 } }, 5);
  assert.ok(parts.length >= 3);
  assert.equal(parts.map((p) => p.sequence), parts.map((_, i) => 5 + i));
  for (const p of parts) assert.ok(byteLength(JSON.stringify(p)) <= MAX_BODY_BYTES);
  assert.equal(parts.flatMap((p) => p.changes), changes);
  assert.equal(parts.map((p) => p.reason), [...parts.slice(1).map(() => 'commit'), 'terminate']);
  assert.ok(parts.slice(0, -1).every((p) => p.end === undefined && p.sequencing_state === undefined));
  assert.equal(parts.at(-1)!.end, end);
});

test('a network failure keeps the commit and retries it with backoff; the next launch replays it', async () => {
  let down = true;
  const h = harness(() => (down ? 'network' : { status: 200 }));
  h.sender.commit(input());
  await h.sender.pump();
  assert.is(h.journal.commits().length, 1);
  assert.equal(h.events.map((e) => e.type), ['retrying']);
  // A new page over the same storage (the next launch) sees the entry and replays it.
  const next = new CommitJournal(h.storage, bind('reg-1'));
  assert.equal(next.commits().map((c) => c.sequence), [1]);
  down = false;
  h.timers.shift()!();
  await h.sender.pump();
  assert.is(h.journal.commits().length, 0);
  assert.is(h.events.at(-1)!.type, 'saved');
});

test('OUT_OF_ORDER drops what the server already has and resends from the expected sequence', async () => {
  const h = harness((b) => (b.sequence === 1 ? { status: 409, body: { error: { code: 'OUT_OF_ORDER', expected: 3 } } } : { status: 200 }));
  h.sender.commit(input());
  h.sender.commit(input());
  h.sender.commit(input());
  await h.sender.pump();
  await h.sender.pump();
  assert.equal(h.sent.map((b) => b.sequence), [1, 3]);
  assert.is(h.journal.commits().length, 0);
});

test('STALE_SESSION drops that session (a newer tab owns the attempt) and says so', async () => {
  const h = harness((b) => (b.session_id === 'old' ? { status: 409, body: { error: { code: 'STALE_SESSION' } } } : { status: 200 }));
  h.sender.commit(input({ sessionId: 'old' }));
  h.sender.commit(input({ sessionId: 'old' }));
  h.sender.commit(input({ sessionId: 'new' }));
  await h.sender.pump();
  await h.sender.pump();
  assert.equal(h.sent.map((b) => `${b.session_id}:${b.sequence}`), ['old:1', 'new:1']);
  assert.ok(h.events.some((e) => e.type === 'stale' && e.sessionId === 'old'));
  assert.is(h.journal.commits().length, 0);
});

test('two tabs share the journal: a commit the other tab sent and the server called stale still tells its own tab', async () => {
  // Two pages of one registration share one localStorage journal, and each sends what it finds
  // there (a closed page's leftovers included). The newer tab can send the older tab's commit
  // before the older tab reads it back: the older tab must still hear that it no longer saves.
  const storage = new MapStorage();
  const stale = () => new Response(JSON.stringify({ error: { code: 'STALE_SESSION' } }), { status: 409 });
  let releaseState!: () => void;
  const stateHeld = new Promise<void>((r) => (releaseState = r));
  const olderEvents: TransportEvent[] = [];
  const older = new CommitSender({
    baseUrl: '', registrationId: 'reg-1', token: 't', journal: new CommitJournal(storage, bind('reg-1')),
    fetch: async (url) => (url.includes('/sequencing-state') ? (await stateHeld, new Response(null, { status: 204 })) : stale()),
    onEvent: (e) => olderEvents.push(e),
  });
  const newerSent: string[] = [];
  const newer = new CommitSender({
    baseUrl: '', registrationId: 'reg-1', token: 't', journal: new CommitJournal(storage, bind('reg-1')),
    fetch: async (url, init) => {
      if (url.includes('/sequencing-state')) return new Response(null, { status: 204 });
      newerSent.push((JSON.parse(String(init.body)) as CommitBody).session_id);
      return stale();
    },
  });
  older.saveState({ nav: 1 });
  const olderBusy = older.pump();
  older.commit(input({ sessionId: 'older' }));
  await newer.pump();
  assert.equal(newerSent, ['older'], 'the newer tab sent the older tab\'s commit');
  releaseState();
  await olderBusy;
  await older.pump();
  assert.ok(olderEvents.some((e) => e.type === 'stale' && e.sessionId === 'older'), 'the older tab was told');
  assert.is(new CommitJournal(storage, bind('reg-1')).commits().length, 0);
});

test('a stale session is remembered for five minutes, then the empty journal is removed', () => {
  const storage = new MapStorage();
  let now = 1_000_000;
  const journal = new CommitJournal(storage, bind('reg-1'), () => now);
  journal.append(splitCommit(input({ sessionId: 'gone' }), 1));
  journal.dropStaleSession('gone');
  assert.equal(journal.commits(), []);
  assert.equal(journal.staleSessions(), ['gone']);
  now += 5 * 60_000;
  assert.equal(journal.staleSessions(), []);
  journal.setPendingState(undefined);
  assert.is(storage.getItem(journalKey('reg-1', 'pkg-1')), null);
});

test('a refused commit (422) is dropped and the later ones renumbered, so they still apply', async () => {
  let last = 0;
  const h = harness((b) => {
    if (b.sequence !== last + 1) return { status: 409, body: { error: { code: 'OUT_OF_ORDER', expected: last + 1 } } };
    if (b.changes[0]![1] === 'bad') return { status: 422, body: { error: { code: 'INVALID_VALUE' } } };
    last = b.sequence;
    return { status: 200 };
  });
  h.sender.commit(input({ changes: [['cmi.location', 'bad']] }));
  h.sender.commit(input({ changes: [['cmi.location', 'good']] }));
  await h.sender.pump();
  h.sender.commit(input({ changes: [['cmi.location', 'later']] }));
  await h.sender.pump();
  assert.equal(h.sent.map((b) => `${b.sequence}:${b.changes[0]![1]}`), ['1:bad', '1:good', '2:later']);
  assert.ok(h.events.some((e) => e.type === 'rejected'));
});

test('an expired token keeps the journal for the next launch and stops sending', async () => {
  const h = harness(() => ({ status: 401, body: { error: { code: 'TOKEN_EXPIRED' } } }));
  h.sender.commit(input());
  await h.sender.pump();
  h.sender.commit(input());
  await h.sender.pump();
  assert.is(h.sent.length, 1);
  assert.is(h.journal.commits().length, 2);
  assert.is(h.timers.length, 0);
});

const sequences = (b: { body: { commits: CommitBody[] } }) => b.body.commits.map((c) => c.sequence);

test('a page going away sends all it holds in one beacon to /commits, then one per change carrying everything before it', () => {
  const h = harness(() => 'network');
  h.sender.commit(input());
  h.sender.commit(input({ reason: 'autosave' }));
  h.sender.pageLeaving();
  h.sender.commit(input({ reason: 'terminate', end: { exit: 'suspend', sessionTime: 'PT5S', sessionTimeReported: true, totalTime: 'PT5S', nextEntry: 'resume', attemptEnded: false, endsCourse: false } }));
  h.sender.saveState({ currentActivity: null });
  assert.equal(h.beacons.map(sequences), [[1, 2], [1, 2, 3], [1, 2, 3]]);
  assert.equal(h.beacons[2]!.body.sequencing_state, { currentActivity: null });
  assert.ok(h.beacons.every((b) => b.url === 'http://lms/runtime/reg-1/commits?token=tok.en'));
  // Nothing new: no beacon.
  h.sender.pageLeaving();
  assert.is(h.beacons.length, 3);
  assert.is(h.journal.commits().length, 3, 'kept until a launch sees them acknowledged');
});

test('a hidden page beacons what is pending once, then goes on by fetch, acknowledged', async () => {
  const h = harness(() => ({ status: 200 }));
  h.sender.commit(input());
  h.sender.pageHidden();
  assert.equal(h.beacons.map(sequences), [[1]]);
  h.sender.commit(input({ reason: 'autosave' }));
  await h.sender.pump();
  assert.equal(h.beacons.length, 1);
  assert.equal(h.sent.map((b) => b.sequence), [1, 2]);
  assert.is(h.journal.commits().length, 0);
  h.sender.pageShown();
  h.sender.pageHidden();
  assert.is(h.beacons.length, 1, 'an empty journal sends nothing');
});

test('more than one beacon holds: parts in order, each under 64 KiB; one the browser refuses leaves the rest in the journal', () => {
  const h = harness(() => 'network');
  for (let i = 0; i < 5; i++) h.sender.commit(input({ changes: [['cmi.suspend_data', 'x'.repeat(20_000)]] }));
  h.budget(130_000);
  h.sender.pageLeaving();
  assert.equal(h.beacons.map(sequences), [[1, 2, 3], [4, 5]]);
  assert.ok(h.beacons.every((b) => b.bytes <= MAX_BODY_BYTES));
  // The budget is spent: a new change cannot go now, and waits in the journal for the next launch.
  h.budget(0);
  h.sender.commit(input({ changes: [['cmi.location', 'late']] }));
  assert.is(h.beacons.length, 2);
  assert.is(h.journal.commits().length, 6);
  h.budget(1_000);
  h.sender.commit(input({ changes: [['cmi.location', 'later']] }));
  assert.equal(h.beacons.map(sequences), [[1, 2, 3], [4, 5], [6, 7]], 'once room is back, only what no beacon carried');
});

test('without storage (private mode, quota) the journal keeps commits in memory', async () => {
  const broken: KeyValueStorage = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => undefined };
  const journal = new CommitJournal(broken, bind('r'));
  journal.append([{ session_id: 's', sequence: 1, item: 'i', attempt: 1, changes: [], reason: 'commit' }]);
  assert.is(journal.commits().length, 1);
  const corrupt = new MapStorage();
  corrupt.setItem(journalKey('r', 'pkg-1'), '{not json');
  assert.equal(new CommitJournal(corrupt, bind('r')).commits(), []);
});

test('the navigation state is PUT after the commits and forgotten once saved', async () => {
  const order: string[] = [];
  const journal = new CommitJournal(new MapStorage(), bind('r'));
  const sender = new CommitSender({
    baseUrl: '', registrationId: 'r', token: 't', journal,
    fetch: async (url, init) => (order.push(`${init.method} ${url.split('?')[0]}`), new Response(init.method === 'PUT' ? null : '{"ok":true}', { status: init.method === 'PUT' ? 204 : 200 })),
  });
  sender.commit(input());
  sender.saveState({ currentActivity: 'sco1' });
  await sender.pump();
  await sender.pump();
  assert.equal(order, ['POST /runtime/r/commit', 'PUT /runtime/r/sequencing-state']);
  assert.is(sender.empty, true);
});

test('a launch whose page is gone is told once, after the commits, with what the commits did not carry (decision 0023)', () => {
  const h = harness(() => 'network');
  h.sender.commit(input({ launch: { errors: [['cmi.location', 403]] } }));
  const closed = { session_id: 's1', launch: { trace: { n: 1, s: ['LMSGetValue', '', 'cmi.x'], c: [[9, 0, 1, 201, 2]] } } };
  h.sender.pageLeaving([closed]);
  assert.equal(h.beacons.map((b) => [sequences(b), b.body.closed]), [[[1], [closed]]]);
  assert.equal(h.beacons[0]!.body.commits[0]!.launch, { errors: [['cmi.location', 403]] }, 'a commit keeps its own report');
  // The SCO terminates from its unload handler: its beacon carries the commits, not the closing again.
  h.sender.commit(input({ reason: 'terminate', end: { exit: '', sessionTime: 'PT5S', sessionTimeReported: true, totalTime: 'PT5S', nextEntry: '', attemptEnded: true, endsCourse: false } }));
  assert.equal(h.beacons.map((b) => [sequences(b), b.body.closed ?? null]), [[[1], [closed]], [[1, 2], null]]);
});

test('a closing that does not fit beside the commits leaves in a beacon of its own', () => {
  const h = harness(() => 'network');
  h.sender.commit(input({ changes: [['cmi.suspend_data', 'x'.repeat(60_000)]] }));
  const closed = { session_id: 's1', launch: { trace: { n: 0, s: ['y'.repeat(10_000)], c: [[0, 0, 0, 0]] } } };
  h.sender.pageLeaving([closed]);
  assert.equal(h.beacons.map((b) => [b.body.commits.length, b.body.closed?.length ?? 0]), [[1, 0], [0, 1]]);
  assert.ok(h.beacons.every((b) => b.bytes <= MAX_BODY_BYTES));
});

test.run();
