// Every ADL SCORM 2004 4th Edition CTS script (test/fixtures/adl-cts4-testcases) played against
// the pure core: each expected delivery in order, each API call's answer and error code, the UI
// questions. How the scripts are read: cts/README.md.
import { readdirSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CTS_SCRIPTS_DIR } from '../../helpers/fixtures.ts';
import { playCtsScript } from './cts/play-script.ts';

const cts = suite('ADL CTS scripts');

/** Scripts that do not play as written yet, with the reason; each must still fail (remove it when fixed). */
const KNOWN_FAILURES: Record<string, string> = {
  'DMI': 'cmi.interactions.n.learner_response of a long performance answer',
};

const scripts = readdirSync(CTS_SCRIPTS_DIR).filter((f) => f.endsWith('.properties')).sort();
const summary: string[] = [];

cts('there is a script for every CTS package (45 scripts, DDM covering DDMa and DDMb)', () => {
  assert.equal(scripts.length, 45);
});

for (const file of scripts) {
  const name = file.replace(/\.properties$/, '');
  cts(`${name} plays as scripted${KNOWN_FAILURES[name] ? ' (known failure)' : ''}`, async () => {
    const outcome = await playCtsScript(file);
    summary.push(`${outcome.failures.length === 0 ? 'pass' : 'FAIL'} ${name}${outcome.failures.length ? `: ${outcome.failures[0]}` : ''}`);
    const known = KNOWN_FAILURES[name];
    if (known) assert.ok(outcome.failures.length > 0, `${name} now passes: remove it from KNOWN_FAILURES`);
    else assert.equal(outcome.failures, [], `${name}: ${outcome.failures.join('\n')}`);
  });
}

cts.after(() => {
  if (process.env.CTS_SUMMARY) console.log(`\n${summary.join('\n')}`);
});

cts.run();
