import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadOrCreateSecret } from '../../server/secrets.ts';

const secrets = suite('persisted secrets');
let dir = '';
secrets.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'scorm-secrets-'));
});
secrets.after.each(() => rmSync(dir, { recursive: true, force: true }));

secrets('generated once, then read back across restarts', () => {
  const first = loadOrCreateSecret(join(dir, 'nested'), 'admin-token');
  assert.ok(first.generated);
  assert.ok(first.value.length >= 40);
  assert.is(statSync(first.file!).mode & 0o777, 0o600);
  const second = loadOrCreateSecret(join(dir, 'nested'), 'admin-token');
  assert.not.ok(second.generated);
  assert.is(second.value, first.value);
  assert.is(readFileSync(first.file!, 'utf8').trim(), first.value);
});

secrets('a configured value wins and nothing is written', () => {
  const s = loadOrCreateSecret(dir, 'admin-token', 'from-env-token-123');
  assert.equal(s, { value: 'from-env-token-123', generated: false, file: undefined });
});

secrets('each name gets its own value', () => {
  const a = loadOrCreateSecret(dir, 'admin-token');
  const b = loadOrCreateSecret(dir, 'signing-secret');
  assert.is.not(a.value, b.value);
});

secrets.run();
