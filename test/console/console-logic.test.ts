// The console's pure helpers: hash routes, formatting, error explanations, job words, item
// properties and sequencing summaries.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatBytes, formatDuration, formatRate, formatScore } from '../../console/format.ts';
import { explainError } from '../../console/import-errors.ts';
import { itemProperties, prerequisiteText, sequencingSummary } from '../../console/item-summary.ts';
import { describeFiles, describeJob } from '../../console/job-stages.ts';
import { href, parseRoute } from '../../console/router.ts';
import { defaultSequencingDefinition } from '../../scorm/sequencing/definition.ts';

test('routes parse and round-trip', () => {
  assert.equal(parseRoute(''), { name: 'upload' });
  assert.equal(parseRoute('#/packages?q=fire%20safety&offset=25'), { name: 'packages', q: 'fire safety', offset: 25 });
  assert.equal(parseRoute(href.package('a/b c')), { name: 'package', id: 'a/b c' });
  assert.equal(parseRoute(href.learners('p1', 50)), { name: 'learners', id: 'p1', offset: 50 });
  assert.equal(parseRoute(href.report('p1')), { name: 'report', id: 'p1' });
  assert.equal(parseRoute(href.registration('r 1')), { name: 'registration', id: 'r 1' });
  assert.is(parseRoute('#/packages/%E0%A4%A/report').name, 'not-found');
  assert.is(parseRoute('#/nope').name, 'not-found');
  assert.equal(parseRoute(href.xapi()), { name: 'xapi', status: undefined, offset: 0 });
  assert.equal(parseRoute(href.xapi('failed', 100)), { name: 'xapi', status: 'failed', offset: 100 });
  assert.equal(parseRoute('#/xapi?status=lost'), { name: 'xapi', status: undefined, offset: 0 }, 'an unknown state shows all');
});

test('formatting', () => {
  assert.is(formatBytes(512), '512 B');
  assert.is(formatBytes(359845), '351 KB');
  assert.is(formatBytes(5 * 1048576), '5.0 MB');
  assert.is(formatDuration(3725), '1 h 02 min');
  assert.is(formatDuration(245), '4 min 05 s');
  assert.is(formatDuration(null), '—');
  assert.is(formatRate(0.5), '50 %');
  assert.is(formatRate(0.055), '5.5 %');
  assert.is(formatRate(null), '—');
  assert.is(formatScore({ scaled: 0.9, raw: 90, min: 0, max: 100 }), '90 / 100');
  assert.is(formatScore({ scaled: 0.75, raw: null, min: null, max: null }), '75 %');
});

test('error explanations name the file or entry at fault', () => {
  const missing = explainError('LAUNCH_FILE_MISSING', 'The launch file of item "i1" (resource "r1") "lessons/start.html" is not in the zip. The zip has "Lessons/start.html", which differs only in letter case; links are case-sensitive.');
  assert.equal(missing.subject, { label: 'Missing file', value: 'lessons/start.html' });
  assert.equal(explainError('UNSAFE_PATH', 'The zip entry "../../etc/passwd" is not allowed: path escapes the package root.').subject, { label: 'Refused entry', value: '../../etc/passwd' });
  assert.equal(explainError('UNSAFE_PATH', 'Resource "r" has href "/abs.html" that is refused: absolute.').subject, { label: 'Refused entry', value: '/abs.html' });
  const unknown = explainError('SOMETHING_NEW', 'details');
  assert.is(unknown.title, 'The import failed.');
  assert.is(unknown.message, 'details');
});

test('job words', () => {
  const base = { job_id: 'j', progress: 40, bytes_done: 0, bytes_total: 0, files_done: 12, files_total: 69, package_id: null, error: null, created_at: '', updated_at: '' };
  assert.is(describeJob({ ...base, status: 'processing', stage: 'storing' }), 'Storing the course files');
  assert.is(describeJob({ ...base, status: 'queued', stage: null }), 'Waiting for a worker');
  assert.is(describeFiles({ ...base, status: 'processing', stage: 'storing' }), '12 of 69 files');
});

test('item properties and prerequisites (1.2)', () => {
  const rows = itemProperties({ masteryscore: 80, maxtimeallowed: null, prerequisites: { type: 'and', operands: [{ type: 'item', identifier: 'a' }, { type: 'status', identifier: 'b', status: 'passed', negated: true }] }, visible: true, parameters: '?x=1' }, '1.2');
  assert.equal(rows, [['Mastery score', '80'], ['Prerequisites', '(a and b is not passed)'], ['Parameters', '?x=1']]);
  assert.is(prerequisiteText({ type: 'atLeast', count: 2, operands: [{ type: 'item', identifier: 'a' }, { type: 'item', identifier: 'b' }] }), 'at least 2 of {a, b}');
});

test('sequencing summary: control modes always, the rest only when not default', () => {
  const def = defaultSequencingDefinition();
  assert.equal(sequencingSummary(def), ['Control modes: choice, choice exit']);
  def.controlMode.flow = true;
  def.limitConditions.attemptLimit = 2;
  def.sequencingRules.preConditionRules.push({ conditionCombination: 'any', action: 'disabled', conditions: [{ condition: 'satisfied', operator: 'not', referencedObjective: 'obj', measureThreshold: 0 }] });
  def.delivery.tracked = false;
  assert.equal(sequencingSummary(def), ['Control modes: choice, choice exit, flow', 'Pre-condition rules: disabled if not satisfied (obj)', 'Attempt limit: 2', 'Not tracked']);
});

test.run();
