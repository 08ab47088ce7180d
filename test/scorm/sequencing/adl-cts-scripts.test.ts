// Every ADL SCORM 2004 4th Edition CTS script (test/fixtures/adl-cts4-testcases) played against
// the pure core: each expected delivery in order, each API call's answer and error code, the UI
// questions. How the scripts are read: cts/README.md.
import { readdirSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CTS_SCRIPTS_DIR } from '../../helpers/fixtures.ts';
import { playCtsScript } from './cts/play-script.ts';

const cts = suite('ADL CTS scripts');

const scripts = readdirSync(CTS_SCRIPTS_DIR).filter((f) => f.endsWith('.properties')).sort();
const summary: string[] = [];

cts('there is a script for every CTS package (45 scripts, DDM covering DDMa and DDMb)', () => {
  assert.equal(scripts.length, 45);
});

for (const file of scripts) {
  const name = file.replace(/\.properties$/, '');
  cts(`${name} plays as scripted`, async () => {
    const outcome = await playCtsScript(file);
    summary.push(`${outcome.failures.length === 0 ? 'pass' : 'FAIL'} ${name} (${outcome.delivered.length} deliveries)${outcome.failures.length ? `: ${outcome.failures[0]}` : ''}`);
    assert.equal(outcome.failures, [], `${name}: ${outcome.failures.join('\n')}`);
    // Every block of the script was delivered: a run that stops early cannot pass.
    assert.is(outcome.delivered.length, outcome.expected);
  });
}

// CTS_SUMMARY=1 npm test -- adl-cts-scripts prints one line per script.
cts.after(() => {
  if (process.env.CTS_SUMMARY) console.log(`\n${summary.join('\n')}`);
});

cts.run();
