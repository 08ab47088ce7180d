// The storage key gate: canonical NFC keys, refusals with UNSAFE_PATH and the reason.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isAppError } from '../../server/errors.ts';
import { checkPackageId, storageKey } from '../../server/storage/storage-key.ts';

const key = suite('storageKey');

key('builds <packageId>/<path> for a canonical path', () => {
  assert.equal(storageKey('pkg-1_A', 'sco 1/index.html'), {
    packageId: 'pkg-1_A',
    path: 'sco 1/index.html',
    key: 'pkg-1_A/sco 1/index.html',
  });
});

key('normalises to NFC, so both spellings of é name one object', () => {
  const decomposed = 'caf\u0065\u0301.html';
  assert.is(storageKey('p', decomposed).path, 'caf\u00e9.html');
});

key('refusals carry UNSAFE_PATH, status 400 and the reason', () => {
  for (const [id, path, reason] of [
    ['p', '../x', /escapes/],
    ['p', '/etc/passwd', /absolute/],
    ['p', 'a\\b', /backslash/],
    ['p', 'C:/x', /drive/],
    ['p', 'a\u0000', /NUL/],
    ['p', 'a//b', /empty/],
    ['p', 'a/./b', /canonical/],
    ['p', 'dir/', /folder/],
    ['p', `${'x'.repeat(901)}`, /longer/],
  ] as const) {
    try {
      storageKey(id, path);
      assert.unreachable(`${JSON.stringify(path)} accepted`);
    } catch (error) {
      assert.ok(isAppError(error), String(error));
      assert.is(error.code, 'UNSAFE_PATH');
      assert.is(error.status, 400);
      assert.match(error.message, reason, JSON.stringify(path));
    }
  }
});

key('package ids are 1 to 64 of [A-Za-z0-9_-]', () => {
  assert.is(checkPackageId('a'.repeat(64)), 'a'.repeat(64));
  for (const bad of ['', 'a'.repeat(65), 'a.b', 'a/b', '..', 'é', 'a b']) {
    assert.throws(() => checkPackageId(bad), (e: unknown) => isAppError(e) && e.code === 'UNSAFE_PATH', bad);
  }
});

key.run();
