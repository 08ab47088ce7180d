import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTokenSigner, safeEqual } from '../../server/core/signed-token.ts';

const tokens = suite('signed tokens');
const SECRET = 'x'.repeat(40);

tokens('a signed token verifies with its claims', () => {
  const signer = createTokenSigner(SECRET, () => 1_000_000);
  const token = signer.sign({ purpose: 'launch', subject: 'reg-1', extra: { pkg: 'p1' } }, 60);
  const result = signer.verify(token, 'launch');
  assert.equal(result, {
    ok: true,
    claims: { purpose: 'launch', subject: 'reg-1', expiresAt: 1000 + 60, extra: { pkg: 'p1' } },
  });
});

tokens('an expired token is refused', () => {
  let now = 1_000_000;
  const signer = createTokenSigner(SECRET, () => now);
  const token = signer.sign({ purpose: 'launch', subject: 'reg-1' }, 60);
  now += 59_999;
  assert.ok(signer.verify(token, 'launch').ok);
  now += 1;
  // Refused; the authentic claims come along for callers that allow a grace (content tokens).
  assert.equal(signer.verify(token, 'launch'), { ok: false, reason: 'expired', claims: { purpose: 'launch', subject: 'reg-1', expiresAt: 1060 } });
});

tokens('a token verified before is still checked for its purpose and its expiry', () => {
  let now = 1_000_000;
  const signer = createTokenSigner(SECRET, () => now);
  const token = signer.sign({ purpose: 'launch', subject: 'reg-1', extra: { m: 'normal' } }, 60);
  assert.ok(signer.verify(token, 'launch').ok);
  assert.ok(signer.verify(token, 'launch').ok);
  assert.equal(signer.verify(token, 'content'), { ok: false, reason: 'wrong_purpose' });
  now += 60_000;
  assert.equal(signer.verify(token, 'launch'), { ok: false, reason: 'expired', claims: { purpose: 'launch', subject: 'reg-1', expiresAt: 1060, extra: { m: 'normal' } } });
});

tokens('a tampered token is refused after its authentic original was verified', () => {
  const signer = createTokenSigner(SECRET);
  const token = signer.sign({ purpose: 'launch', subject: 'reg-1' }, 60);
  assert.ok(signer.verify(token, 'launch').ok);
  const [payload, signature] = token.split('.') as [string, string];
  const flipped = signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A');
  assert.equal(signer.verify(`${payload}.${flipped}`, 'launch'), { ok: false, reason: 'bad_signature' });
  assert.equal(signer.verify(`${payload}.${signature}x`, 'launch'), { ok: false, reason: 'bad_signature' });
});

tokens('claims handed out cannot change what the next caller of the token gets', () => {
  const signer = createTokenSigner(SECRET);
  const token = signer.sign({ purpose: 'launch', subject: 'reg-1', extra: { m: 'review' } }, 60);
  const first = signer.verify(token, 'launch');
  assert.ok(first.ok);
  assert.throws(() => {
    (first.claims.extra as Record<string, string>).m = 'normal';
  });
  const second = signer.verify(token, 'launch');
  assert.equal(second.ok && second.claims.extra, { m: 'review' });
});

tokens('a tampered payload or signature is refused', () => {
  const signer = createTokenSigner(SECRET);
  const token = signer.sign({ purpose: 'launch', subject: 'reg-1' }, 60);
  const [payload, signature] = token.split('.') as [string, string];
  const forged = Buffer.from(
    JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), s: 'reg-2' }),
  ).toString('base64url');
  assert.equal(signer.verify(`${forged}.${signature}`, 'launch'), { ok: false, reason: 'bad_signature' });
  const flipped = signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A');
  assert.equal(signer.verify(`${payload}.${flipped}`, 'launch'), { ok: false, reason: 'bad_signature' });
  // Every other spelling of the last character (even one that decodes to the same bytes) too.
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') {
    if (c === signature.at(-1)) continue;
    const other = `${payload}.${signature.slice(0, -1)}${c}`;
    assert.equal(signer.verify(other, 'launch'), { ok: false, reason: 'bad_signature' }, c);
  }
});

tokens('a token signed with another secret is refused', () => {
  const token = createTokenSigner('y'.repeat(40)).sign({ purpose: 'launch', subject: 'r' }, 60);
  assert.equal(createTokenSigner(SECRET).verify(token, 'launch'), { ok: false, reason: 'bad_signature' });
});

tokens('a token for another purpose is refused', () => {
  const signer = createTokenSigner(SECRET);
  const token = signer.sign({ purpose: 'content', subject: 'pkg-1' }, 60);
  assert.equal(signer.verify(token, 'launch'), { ok: false, reason: 'wrong_purpose' });
});

tokens('garbage is malformed, not a crash', () => {
  const signer = createTokenSigner(SECRET);
  for (const junk of ['', '.', 'a', 'a.b.c', 'abc.def', '%%%.***', '..', 'a.']) {
    const result = signer.verify(junk, 'launch');
    assert.is(result.ok, false, junk);
  }
});

tokens('short secrets are refused', () => {
  assert.throws(() => createTokenSigner('short'), /at least 32/);
});

tokens('safeEqual compares whole strings', () => {
  assert.ok(safeEqual('abc', 'abc'));
  assert.not.ok(safeEqual('abc', 'abd'));
  assert.not.ok(safeEqual('abc', 'abcd'));
  assert.not.ok(safeEqual('', 'a'));
});

tokens.run();
