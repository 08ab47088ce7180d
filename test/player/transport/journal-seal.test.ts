// The journal's seal: entries are keyed and tagged by registration and package and carry an HMAC
// under the key the server put in the player page; anything planted, altered, moved from another
// registration or package, or sealed under an older key is ignored. The HMAC matches node:crypto.
import { createHmac, randomBytes } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { CommitBody } from '../../../player/transport/commit-body.ts';
import { CommitJournal, journalKey, type KeyValueStorage } from '../../../player/transport/commit-journal.ts';
import { hmacSha256Hex } from '../../../player/transport/hmac-sha256.ts';

class MapStorage implements KeyValueStorage {
  readonly map = new Map<string, string>();
  getItem(k: string) { return this.map.get(k) ?? null; }
  setItem(k: string, v: string) { this.map.set(k, v); }
  removeItem(k: string) { this.map.delete(k); }
}

const body = (sequence: number, value = 'real'): CommitBody => ({ session_id: 's1', sequence, item: 'sco1', attempt: 1, changes: [['cmi.core.lesson_location', value]], reason: 'commit' });
const victim = { registrationId: 'reg-victim', packageId: 'pkg-a', sealKey: 'key-of-reg-victim' };

const test = suite('journal seal');

test('HMAC-SHA-256 matches node:crypto across block boundaries, long keys and UTF-8', () => {
  for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 5000]) {
    for (const keyLength of [0, 16, 64, 65, 150]) {
      const text = randomBytes(length).toString('base64').slice(0, length) + 'é€😀';
      const key = randomBytes(keyLength).toString('hex').slice(0, keyLength);
      assert.is(hmacSha256Hex(key, text), createHmac('sha256', key).update(text, 'utf8').digest('hex'), `${length}/${keyLength}`);
    }
  }
});

test('a sealed journal reads back; the key names registration and package, the entry says whose it is', () => {
  const storage = new MapStorage();
  new CommitJournal(storage, victim).append([body(1)]);
  const raw = storage.getItem(journalKey('reg-victim', 'pkg-a'));
  assert.ok(raw);
  const entry = JSON.parse(raw!) as Record<string, unknown>;
  assert.is(entry.registration, 'reg-victim');
  assert.is(entry.package, 'pkg-a');
  assert.match(String(entry.mac), /^[0-9a-f]{64}$/);
  assert.not.ok(raw!.includes(victim.sealKey), 'the key itself is never stored');
  assert.equal(new CommitJournal(storage, victim).commits(), [body(1)]);
});

test('entries planted or altered by other script on the origin are ignored', () => {
  const storage = new MapStorage();
  const key = journalKey('reg-victim', 'pkg-a');
  // Planted from scratch: the old unsealed format, and a sealed-looking one with a made-up MAC.
  storage.setItem(key, JSON.stringify({ commits: [body(1, 'planted')], state: { currentActivity: 'evil' } }));
  assert.equal(new CommitJournal(storage, victim).commits(), []);
  assert.is(new CommitJournal(storage, victim).pendingState(), undefined);
  storage.setItem(key, JSON.stringify({ v: 2, registration: 'reg-victim', package: 'pkg-a', data: { commits: [body(1, 'planted')] }, mac: 'f'.repeat(64) }));
  assert.equal(new CommitJournal(storage, victim).commits(), []);
  // A real entry whose content was changed after sealing.
  new CommitJournal(storage, victim).append([body(1)]);
  const entry = JSON.parse(storage.getItem(key)!) as { data: { commits: CommitBody[]; state?: unknown } };
  entry.data.commits[0]!.changes = [['cmi.core.score.raw', '100']];
  storage.setItem(key, JSON.stringify(entry));
  assert.equal(new CommitJournal(storage, victim).commits(), []);
  entry.data.commits = [];
  entry.data.state = { currentActivity: 'evil' };
  storage.setItem(key, JSON.stringify(entry));
  assert.is(new CommitJournal(storage, victim).pendingState(), undefined);
});

test("another registration's or package's sealed entry, copied over, is ignored; so is one under an older key", () => {
  const storage = new MapStorage();
  const attacker = { registrationId: 'reg-attacker', packageId: 'pkg-b', sealKey: 'key-of-reg-attacker' };
  new CommitJournal(storage, attacker).append([body(1, 'from attacker')]);
  const copied = storage.getItem(journalKey('reg-attacker', 'pkg-b'))!;
  storage.setItem(journalKey('reg-victim', 'pkg-a'), copied);
  assert.equal(new CommitJournal(storage, victim).commits(), []);
  // Relabelled as the victim's, still sealed with the attacker's key.
  const relabelled = { ...(JSON.parse(copied) as object), registration: 'reg-victim', package: 'pkg-a' };
  storage.setItem(journalKey('reg-victim', 'pkg-a'), JSON.stringify(relabelled));
  assert.equal(new CommitJournal(storage, victim).commits(), []);
  // The victim's own entry, read for the same registration under another package.
  new CommitJournal(storage, victim).append([body(2)]);
  storage.setItem(journalKey('reg-victim', 'pkg-b'), storage.getItem(journalKey('reg-victim', 'pkg-a'))!);
  assert.equal(new CommitJournal(storage, { ...victim, packageId: 'pkg-b' }).commits(), []);
  // After revoke_previous the page gets a new key: what the old key sealed is not replayed.
  assert.equal(new CommitJournal(storage, { ...victim, sealKey: 'key-after-revoke' }).commits(), []);
});

test('the journal that wrote an entry still checks the seal once the stored text changes under it', () => {
  const storage = new MapStorage();
  const key = journalKey('reg-victim', 'pkg-a');
  const journal = new CommitJournal(storage, victim);
  journal.append([body(1)]);
  journal.setPendingState({ currentActivity: 'sco1' });
  assert.equal(journal.commits(), [body(1)], 'its own text reads back');
  const entry = JSON.parse(storage.getItem(key)!) as { data: { commits: CommitBody[]; state?: unknown } };
  entry.data.state = { currentActivity: 'evil' };
  storage.setItem(key, JSON.stringify(entry));
  assert.is(journal.pendingState(), undefined, 'altered after this journal sealed it');
  assert.equal(journal.commits(), []);
  // Written again by the journal, then put back by other script byte for byte: still sealed.
  journal.append([body(2)]);
  const own = storage.getItem(key)!;
  storage.setItem(key, JSON.stringify({ v: 2, registration: 'reg-victim', package: 'pkg-a', data: { commits: [body(2, 'planted')] }, mac: 'f'.repeat(64) }));
  assert.equal(journal.commits(), []);
  storage.setItem(key, own);
  assert.equal(journal.commits(), [body(2)]);
});

test.run();
