// The last suite of every test run (test/run.ts loads it after every test file): the answers of
// the admin apps that ran, and the job stream messages the tests read, all matched the OpenAPI
// description (test/helpers/openapi-check.ts records them as the tests go).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkLog } from './openapi-check.ts';

const test = suite('OpenAPI: every admin answer of this run matched its schema');

test('no answer of an admin app differed from the description', () => {
  // A run of pure-logic tests only (`npm test -- scorm/`) starts no app and has nothing to check.
  if (checkLog.apps === 0) return;
  assert.ok(checkLog.checked > 0, `${checkLog.apps} admin app(s) ran but no answer was checked: the recorder is not in front of them`);
  assert.is(checkLog.mismatches.length, 0, `${checkLog.mismatches.length} mismatch(es):\n${checkLog.mismatches.slice(0, 20).join('\n')}`);
});

test.after(() => {
  if (checkLog.apps > 0) console.log(`\n  OpenAPI: ${checkLog.checked} answers and stream messages checked, ${checkLog.seen.size} operation/status pairs seen.`);
});

test.run();
