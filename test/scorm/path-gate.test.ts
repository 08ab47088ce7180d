// The path gate: what it normalises, and every trick it must refuse.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { normalizePackagePath } from '../../scorm/path-gate.ts';

const gate = suite('path-gate');

const accepts: [string, string][] = [
  ['index.html', 'index.html'],
  ['content/page.html', 'content/page.html'],
  ['./content/./page.html', 'content/page.html'],
  ['a/b/../c.html', 'a/c.html'],
  ['shared/', 'shared/'],
  ['my file (1).html', 'my file (1).html'],
  ['.hidden/x.js', '.hidden/x.js'],
  ['cafe\u0301.html', 'caf\u00e9.html'], // NFC: e + combining acute becomes é
  ['résumé/ñ.html', 'résumé/ñ.html'],
  ['a..b/c', 'a..b/c'],
];
for (const [raw, expected] of accepts)
  gate(`accepts ${JSON.stringify(raw)}`, () => {
    assert.equal(normalizePackagePath(raw), { ok: true, path: expected });
  });

const refuses: [string, RegExp][] = [
  ['', /empty/],
  ['../etc/passwd', /escapes/],
  ['a/../../b', /escapes/],
  ['a/..', /root itself/],
  ['.', /root itself/],
  ['/etc/passwd', /absolute/],
  ['//server/share', /absolute/],
  ['C:/Windows/win.ini', /drive/],
  ['c:evil', /drive/],
  ['a\\..\\b', /backslash/],
  ['..\\evil', /backslash/],
  ['a\u0000b', /control/],
  ['a\nb', /control/],
  ['a\u007fb', /control/],
  ['a\u0085b', /control/],
  ['a//b', /empty name/],
  ['\uFF0E\uFF0E/x', /look-alike/],
  ['\u2024\u2024/x', /look-alike/],
  ['a\uFF0Fb', /look-alike/],
  ['a\u2215b', /look-alike/],
  ['a\u2044b', /look-alike/],
  ['a\uFE52b', /look-alike/],
  ['\uFFFD\uFFFD/x', /overlong|invalid/], // what a decoder makes of C0 AE C0 AE
  ['a\uD800b', /surrogate/],
  ['.../x', /dots/],
  ['. ./x', /dots/],
  ['.. /x', /dots/],
  ['\u2488/x', /normalises/], // "⒈" becomes "1." under NFKC
];
for (const [raw, reason] of refuses)
  gate(`refuses ${JSON.stringify(raw)}`, () => {
    const result = normalizePackagePath(raw);
    assert.is(result.ok, false);
    if (!result.ok) assert.match(result.reason, reason);
  });

gate('never returns a path with a ".." segment or a leading "/"', () => {
  const parts = ['a', '..', '.', 'b', '', '/', '\uFF0E', 'c.html'];
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let n = 0; n < 2000; n++) {
    let raw = '';
    const len = 1 + Math.floor(rand() * 8);
    for (let i = 0; i < len; i++) raw += parts[Math.floor(rand() * parts.length)] + (rand() < 0.5 ? '/' : '');
    const result = normalizePackagePath(raw);
    if (!result.ok) continue;
    assert.not.ok(result.path.split('/').includes('..'), raw);
    assert.not.ok(result.path.startsWith('/'), raw);
  }
});

gate.run();
