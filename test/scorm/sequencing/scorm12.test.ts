import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  navigationValidity,
  parsePrerequisites,
  prerequisitesMet,
  requestAfterTerminate,
  launchRequest,
} from '../../../scorm/sequencing/index.ts';
import { cluster, completed, failed, item, Learner, passed } from './tree-builder.ts';

const prereqs = suite('sequencing 1.2 prerequisites');

prereqs('parses the AICC script operators', () => {
  assert.equal(parsePrerequisites('a & (b | ~c)'), {
    kind: 'and',
    operands: [{ kind: 'id', id: 'a' }, { kind: 'or', operands: [{ kind: 'id', id: 'b' }, { kind: 'not', operand: { kind: 'id', id: 'c' } }] }],
  });
  assert.equal(parsePrerequisites('2*{a,b,c}'), { kind: 'set', count: 2, ids: ['a', 'b', 'c'] });
  assert.is(parsePrerequisites('  '), undefined);
  assert.throws(() => parsePrerequisites('a & '));
  assert.throws(() => parsePrerequisites('(a'));
});

prereqs('evaluates n-of-set and negation', () => {
  const done = (id: string) => id === 'a' || id === 'c';
  assert.ok(prerequisitesMet(parsePrerequisites('2*{a,b,c}')!, done));
  assert.not.ok(prerequisitesMet(parsePrerequisites('3*{a,b,c}')!, done));
  assert.ok(prerequisitesMet(parsePrerequisites('a & ~b')!, done));
});

prereqs.run();

const nav = suite('sequencing 1.2 navigation');

function course() {
  return cluster('org', [
    item('sco1'),
    cluster('chapter', [item('sco2', undefined, { prerequisites12: parsePrerequisites('sco1') }), item('sco3')]),
    item('sco4', undefined, { prerequisites12: parsePrerequisites('sco2 & sco3') }),
  ]);
}

nav('start, continue through leaves in tree order, past the last ends the session', () => {
  const l = Learner.of(course(), '1.2');
  l.nav('start');
  l.report(completed).nav('continue');
  l.report(passed).nav('continue');
  l.report(completed).nav('continue');
  l.report(completed);
  const r = l.nav('continue');
  assert.equal(l.delivered, ['sco1', 'sco2', 'sco3', 'sco4']);
  assert.ok(r.endSession);
  assert.is(l.current, null);
});

nav('an item with unmet prerequisites is shown but not launchable; flow skips it', () => {
  const l = Learner.of(course(), '1.2');
  l.nav('start');
  let v = navigationValidity(l.tree, l.state);
  assert.is(v.choice.sco2, false);
  assert.is(v.choice.sco3, true);
  const toc = Object.fromEntries(v.toc.map((e) => [e.id, e]));
  assert.ok(toc.sco2!.visible);
  assert.not.ok(toc.sco2!.enabled);
  const refused = l.choose('sco2');
  assert.is(refused.exception?.code, '1.2-PREREQ');
  assert.is(l.current, 'sco1');
  // sco1 failed does not satisfy the prerequisite; flow moves on to sco3.
  l.report(failed).nav('continue');
  assert.is(l.current, 'sco3');
  l.report(completed);
  // sco4 needs sco2 and sco3: the course cannot be left through flow while it is locked.
  const blocked = l.nav('continue');
  assert.is(blocked.exception?.code, '1.2-PREREQ');
  l.choose('sco1');
  l.report(passed);
  v = navigationValidity(l.tree, l.state);
  assert.ok(v.choice.sco2);
  assert.not.ok(v.choice.sco4);
});

nav('choice of an aggregation opens its first item; table of contents statuses', () => {
  const l = Learner.of(course(), '1.2');
  l.nav('start');
  l.report(passed);
  l.choose('chapter');
  assert.is(l.current, 'sco2');
  l.report({ completionStatus: 'incomplete' });
  const toc = Object.fromEntries(navigationValidity(l.tree, l.state).toc.map((e) => [e.id, e]));
  assert.is(toc.sco1!.status, 'passed');
  assert.is(toc.sco2!.status, 'incomplete');
  assert.is(toc.chapter!.status, 'incomplete');
  assert.is(toc.sco4!.status, 'not attempted');
  assert.ok(toc.sco2!.current);
  assert.is(toc.chapter!.depth, 1);
  assert.is(toc.sco2!.depth, 2);
});

nav('cmi.core.exit = suspend: suspend all then resume all on the next launch, same attempt', () => {
  const l = Learner.of(course(), '1.2');
  l.nav(launchRequest(l.state));
  l.report({ completionStatus: 'incomplete', exit: 'suspend' });
  assert.is(requestAfterTerminate('1.2', { exit: 'suspend' }, undefined), null);
  const r = l.nav('suspendAll');
  assert.ok(r.endSession);
  assert.equal(launchRequest(l.state), { type: 'resumeAll' });
  const again = new Learner(l.tree, JSON.parse(JSON.stringify(l.state)));
  again.nav(launchRequest(again.state));
  assert.is(again.current, 'sco1');
  assert.is(again.state.activities.sco1!.attemptCount, 1);
  assert.is(again.state.suspendedActivity, null);
});

nav('auto-continue offers the next SCO unless turned off; previous walks back', () => {
  assert.equal(requestAfterTerminate('1.2', { exit: '' }, undefined), { type: 'continue' });
  assert.is(requestAfterTerminate('1.2', { exit: '' }, undefined, { autoContinue: false }), null);
  const l = Learner.of(course(), '1.2');
  l.nav('start');
  l.report(completed).nav(requestAfterTerminate('1.2', { exit: '' }, undefined)!);
  assert.is(l.current, 'sco2');
  l.nav('previous');
  assert.is(l.current, 'sco1');
  assert.is(l.state.activities.sco1!.attemptCount, 2);
  assert.is(l.nav('previous').exception?.code, '1.2-NONE');
  assert.is(navigationValidity(l.tree, l.state).previous, false);
});

nav('exit all ends the session; start is refused while a session runs', () => {
  const l = Learner.of(course(), '1.2');
  l.nav('start');
  assert.is(l.nav('start').exception?.code, 'NB.2.1-1');
  assert.ok(l.nav('exitAll').endSession);
  assert.is(l.nav('continue').exception?.code, 'NB.2.1-2');
});

nav.run();
