// canonicalPath reads every spelling of a path the way the broadest reader would.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalPath, isUnder } from '../../server/http/canonical-path.ts';
import { isAdminPath } from '../../server/http/middleware/admin-gate.ts';

test('case, slashes, dot segments and percent-encoding all read as one path', () => {
  const cases: Array<[string, string]> = [
    ['/api/v1/packages', '/api/v1/packages'],
    ['/API/V1/Packages', '/api/v1/packages'],
    ['//api///v1/', '/api/v1'],
    ['/api/./v1', '/api/v1'],
    ['/x/y/../../api/v1', '/api/v1'],
    ['/../../api', '/api'],
    ['/%61pi/v1', '/api/v1'],
    ['/%2561pi', '/api'],
    ['/api%2Fv1', '/api/v1'],
    ['/api%2f..%2fapi', '/api'],
    ['/api\\v1', '/api/v1'],
    ['/api;jsessionid=1/v1', '/api/v1'],
    ['/api./v1', '/api/v1'],
    ['/api%20/v1', '/api/v1'],
    ['/%zz/api', '/%zz/api'],
    ['/', '/'],
    ['', '/'],
  ];
  for (const [raw, expected] of cases) assert.is(canonicalPath(raw), expected, raw);
});

test('isUnder matches the prefix and its children only', () => {
  assert.ok(isUnder('/api', '/api'));
  assert.ok(isUnder('/api/v1', '/api'));
  assert.not.ok(isUnder('/apix', '/api'));
  assert.not.ok(isUnder('/content/t/p/api', '/api'));
});

test('admin paths: every spelling of /api, nothing else', () => {
  for (const path of ['/api/v1/packages', '/API/v1', '//api', '/%2561pi/v1', '/x/../api', '/api%2fv1'])
    assert.ok(isAdminPath(path), path);
  for (const path of ['/', '/healthz', '/content/tok/pkg/api/v1', '/player/api', '/runtime/api', '/apis'])
    assert.not.ok(isAdminPath(path), path);
});

test.run();
