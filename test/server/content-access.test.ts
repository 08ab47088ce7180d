// Learner content tokens over the in-memory registration store and a fake clock: 15 minutes at
// most and never past the launch; an expired one serves on only while the player keeps renewing
// (the registration accessed within a token's life) and the launch lives; revoked or deleted, never.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTokenSigner } from '../../server/core/signed-token.ts';
import { createMemoryRegistrationStore } from '../../server/db/memory-registration-store.ts';
import { CONTENT_TOKEN_TTL_SECONDS, createContentAccess } from '../../server/http/content-access.ts';
import type { VerifiedLaunch } from '../../server/http/launch-auth.ts';

const SECRET = 's'.repeat(32);
const MINUTE = 60_000;

async function setUp() {
  const time = { now: 1_700_000_000_000 };
  const clock = () => time.now;
  const registrations = createMemoryRegistrationStore(clock);
  const { record } = await registrations.createOrFind({ id: 'r1', packageId: 'p1', learner: { id: 'u', name: 'U' }, commentsFromLms: [], contentId: 'p1', versionNumber: 1, onNewVersion: null });
  const signer = createTokenSigner(SECRET, clock);
  const access = createContentAccess({ signer, registrations, now: clock });
  const launch = (hours: number): VerifiedLaunch => ({ registrationId: 'r1', packageId: 'p1', mode: 'normal', credit: 'credit', nonce: record.launchNonce, expiresAt: Math.floor(time.now / 1000) + hours * 3600 });
  const refused = (token: string, pkg = 'p1') => access.check(token, pkg).then(() => false, (e: { status: number }) => e.status);
  return { time, registrations, record, access, launch, refused };
}

const test = suite('content access');

test('short-lived, never past the launch, for its package only', async () => {
  const { access, record, launch, refused } = await setUp();
  const long = access.issue(record, launch(8));
  assert.is(long.expiresIn, CONTENT_TOKEN_TTL_SECONDS);
  assert.is(access.issue(record, launch(0.01)).expiresIn, 36);
  assert.is(await refused(long.token), false);
  assert.is(await refused(long.token, 'p2'), 403);
});

test('expired: serves while the player renews and the launch lives; not once the player is gone a full token life', async () => {
  const { access, record, launch, refused, time, registrations } = await setUp();
  const { token } = access.issue(record, launch(1));
  time.now += 20 * MINUTE;
  assert.is(await refused(token), 401, 'never renewed: expired');
  await registrations.touch('r1');
  time.now += 5_000;
  assert.is(await refused(token), false, 'renewed a moment ago');
  time.now += CONTENT_TOKEN_TTL_SECONDS * 1000;
  assert.is(await refused(token), 401, 'no renewal for a full token life');
  await registrations.touch('r1');
  time.now += 50 * MINUTE;
  await registrations.touch('r1');
  time.now += 5_000;
  assert.is(await refused(token), 401, 'past the launch itself');
});

test('revoked or deleted: refused at once past the few-second cache', async () => {
  const { access, record, launch, refused, time, registrations } = await setUp();
  const { token } = access.issue(record, launch(8));
  assert.is(await refused(token), false);
  await registrations.rotateLaunchNonce('r1');
  assert.is(await refused(token), false, 'within the cache');
  time.now += 5_000;
  assert.is(await refused(token), 401);
  const fresh = access.issue((await registrations.get('r1'))!, launch(8));
  assert.is(await refused(fresh.token), false);
  await registrations.delete('r1');
  time.now += 5_000;
  assert.is(await refused(fresh.token), 401);
});

test('a token just issued serves its first files without reading the registration again', async () => {
  const { record, launch, time } = await setUp();
  let reads = 0;
  const signer = createTokenSigner(SECRET, () => time.now);
  const access = createContentAccess({ signer, registrations: { get: async () => (reads++, record) }, now: () => time.now });
  const { token } = access.issue(record, launch(8));
  assert.is(await access.check(token, 'p1'), 'p1');
  assert.is(reads, 0, 'the issuing request read it a moment ago');
  time.now += 5_000;
  assert.is(await access.check(token, 'p1'), 'p1');
  assert.is(reads, 1, 'past the few-second cache, read again');
});

test('a registration that just moved to a new version: its new token serves at once, the old one stops', async () => {
  const { record, launch, time } = await setUp();
  let contentId = 'p1';
  const signer = createTokenSigner(SECRET, () => time.now);
  const access = createContentAccess({ signer, registrations: { get: async () => ({ ...record, contentId }) }, now: () => time.now });
  const old = access.issue(record, launch(8));
  assert.is(await access.check(old.token, 'p1'), 'p1', 'v1 read (and cached)');
  contentId = 'p1-v2';
  const fresh = access.issue({ ...record, contentId }, launch(8));
  // Within the cache that still holds v1: a refusal is never decided on the cached record.
  assert.is(await access.check(fresh.token, 'p1'), 'p1-v2');
  assert.is(await access.check(old.token, 'p1').then(() => 0, (e: { status: number }) => e.status), 401);
});

test.run();
