// The player's navigation controller in plain Node: what the view is told to show after launch,
// a learner's request, a SCO's Terminate, a commit, on small hand-written and real packages.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseManifest } from '../../../scorm/manifest/parse-manifest.ts';
import type { Organization } from '../../../scorm/manifest/model.ts';
import type { RuntimeResult } from '../../../scorm/sequencing/index.ts';
import { NavigationController, type NavStep } from '../../../player/shell/navigation-controller.ts';
import { loadFixtures } from '../../scorm/manifest/fixtures.ts';

const test = suite('player navigation controller');

const done: RuntimeResult = { completionStatus: 'completed', successStatus: 'passed', exit: '' };
const incomplete: RuntimeResult = { completionStatus: 'incomplete', successStatus: 'unknown', exit: '' };

/** A package of `ids.length` SCOs; `sequencing` goes into the 2004 organization as written. */
export function organization(version: '1.2' | '2004', ids: string[], sequencing = ''): Organization {
  const items = ids.map((id) => `<item identifier="${id}" identifierref="r_${id}"><title>${id}</title></item>`).join('');
  const type = version === '1.2' ? 'adlcp:scormtype' : 'adlcp:scormType';
  const resources = ids.map((id) => `<resource identifier="r_${id}" type="webcontent" ${type}="sco" href="${id}.html"><file href="${id}.html"/></resource>`).join('');
  const xml = version === '1.2'
    ? `<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
<organizations default="o"><organization identifier="o"><title>T</title>${items}</organization></organizations><resources>${resources}</resources></manifest>`
    : `<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
<metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
<organizations default="o"><organization identifier="o"><title>T</title>${items}${sequencing}</organization></organizations><resources>${resources}</resources></manifest>`;
  const result = parseManifest({ xml, entries: ids.map((id) => `${id}.html`).concat('imsmanifest.xml') });
  if (!result.package) throw new Error(JSON.stringify(result.diagnostics));
  return result.package.organizations[0]!;
}

async function fixtureOrganization(name: string): Promise<Organization> {
  const fixture = (await loadFixtures()).find((f) => f.name === name)!;
  const result = parseManifest({ xml: fixture.manifest!, entries: fixture.entries });
  return result.package!.organizations[0]!;
}

const controller = (version: '1.2' | '2004', org: Organization, autoContinue = true) =>
  new NavigationController({ version, organization: org, savedState: null, autoContinue });

const FLOW = '<imsss:sequencing><imsss:controlMode choice="true" flow="true"/></imsss:sequencing>';

function deliver(step: NavStep): string {
  if (step.kind !== 'deliver') throw new Error(`expected a delivery, got ${JSON.stringify(step)}`);
  return step.id;
}

test('1.2 with one SCO: launch delivers it and saves the state; the SCO runs with exit and suspend offered', () => {
  const nav = controller('1.2', organization('1.2', ['a']));
  const step = nav.launch();
  assert.is(deliver(step), 'a');
  assert.is(step.save?.currentActivity, 'a');
  nav.opened('a');
  const v = nav.view();
  assert.equal(v.controls, { previous: false, continue: false, exit: true, suspend: true, exitActivity: false, abandonAll: false });
  assert.is(v.tocShown, false);
});

test('1.2 with several SCOs: Terminate reports first, then auto-continue delivers the next; off, the learner chooses', () => {
  const org = organization('1.2', ['a', 'b', 'c']);
  const nav = controller('1.2', org);
  nav.opened(deliver(nav.launch()));
  const state = nav.terminated('a', done);
  assert.is(nav.view().toc.find((e) => e.id === 'a')!.status, 'passed');
  assert.is(state, nav.state);
  assert.is(deliver(nav.afterTerminate('a', { exit: '' })), 'b');

  const manual = controller('1.2', org, false);
  manual.opened(deliver(manual.launch()));
  manual.terminated('a', done);
  const step = manual.afterTerminate('a', { exit: '' });
  assert.is(step.kind, 'panel');
  assert.is(step.kind === 'panel' && step.panel.kind, 'choose');
});

test('1.2 exit = suspend: no auto-continue, the learner decides', () => {
  const nav = controller('1.2', organization('1.2', ['a', 'b']));
  nav.opened(deliver(nav.launch()));
  nav.terminated('a', { ...incomplete, exit: 'suspend' });
  const step = nav.afterTerminate('a', { exit: 'suspend' });
  assert.ok(step.kind === 'panel' && step.panel.kind === 'choose');
});

test('a request while a SCO runs: refused when the sequencer would refuse it, else the SCO is left and the request waits for its Terminate', () => {
  const nav = controller('2004', organization('2004', ['a', 'b', 'c'], FLOW));
  nav.opened(deliver(nav.launch()));
  assert.equal(nav.request({ type: 'previous' }), { kind: 'refused' });
  assert.equal(nav.request({ type: 'choice', target: 'nope' }), { kind: 'refused' });
  assert.equal(nav.request({ type: 'choice', target: 'c' }), { kind: 'leave', request: { type: 'choice', target: 'c' } });
  nav.terminated('a', incomplete);
  // The learner's pending choice wins over anything the SCO asked for.
  assert.is(deliver(nav.afterTerminate('a', { exit: '', navRequest: 'continue' })), 'c');
});

test('2004: the SCO\'s adl.nav.request is processed after Terminate; without one a single SCO ends on a panel that reopens it', () => {
  const nav = controller('2004', organization('2004', ['a', 'b'], FLOW));
  nav.opened(deliver(nav.launch()));
  nav.terminated('a', done);
  assert.is(deliver(nav.afterTerminate('a', { exit: '', navRequest: 'continue' })), 'b');

  const single = controller('2004', organization('2004', ['a'], FLOW));
  single.opened(deliver(single.launch()));
  single.terminated('a', done);
  const step = single.afterTerminate('a', { exit: '' });
  assert.ok(step.kind === 'panel' && step.panel.kind === 'end');
  assert.equal(step.kind === 'panel' && step.panel.actions, [{ label: 'Open it again', go: { type: 'choice', target: 'a' } }]);
});

test('suspend all: the session ends on "your place is saved", and the next launch with that state resumes the SCO', () => {
  const org = organization('2004', ['a', 'b'], FLOW);
  const nav = controller('2004', org);
  nav.opened(deliver(nav.launch()));
  assert.is(nav.request({ type: 'suspendAll' }).kind, 'leave');
  nav.terminated('a', { ...incomplete, exit: 'suspend' });
  const step = nav.afterTerminate('a', { exit: 'suspend' });
  assert.ok(step.kind === 'panel' && step.exited?.suspended === true);
  assert.is(step.kind === 'panel' && step.panel.heading, 'Your place is saved');
  assert.is(step.save?.suspendedActivity, 'a');
  const next = new NavigationController({ version: '2004', organization: org, savedState: step.save!, autoContinue: true });
  assert.is(deliver(next.launch()), 'a');
});

test('a tab closed while a SCO ran (the saved state still has a current activity) resumes that SCO', () => {
  const org = organization('2004', ['a', 'b'], FLOW);
  const nav = controller('2004', org);
  const first = nav.launch();
  nav.opened(deliver(first));
  nav.terminated('a', done);
  const second = nav.afterTerminate('a', { exit: '', navRequest: 'continue' });
  assert.is(deliver(second), 'b');
  const next = new NavigationController({ version: '2004', organization: org, savedState: second.save!, autoContinue: true });
  assert.is(deliver(next.launch()), 'b');
});

test('a multi-SCO course completed before: launch offers review from the table of contents', () => {
  const org = organization('1.2', ['a', 'b']);
  const nav = controller('1.2', org);
  nav.opened(deliver(nav.launch()));
  nav.terminated('a', done);
  nav.opened(deliver(nav.afterTerminate('a', { exit: '' })));
  nav.terminated('b', done);
  // Continue past the last SCO ends the session (SN 4.4.2).
  const end = nav.afterTerminate('b', { exit: '' });
  assert.ok(end.kind === 'panel' && end.exited?.suspended === false);
  const again = new NavigationController({ version: '1.2', organization: org, savedState: end.save!, autoContinue: true });
  const step = again.launch();
  assert.ok(step.kind === 'panel' && step.toc === true);
  assert.is(step.kind === 'panel' && step.panel.heading, 'You have completed this course');
});

test('a SCO taken away before it initialized: the learner\'s request goes through at once', () => {
  const nav = controller('1.2', organization('1.2', ['a', 'b']));
  nav.opened(deliver(nav.launch()));
  const leave = nav.request({ type: 'choice', target: 'b' });
  assert.is(leave.kind, 'leave');
  assert.is(deliver(nav.abandoned({ type: 'choice', target: 'b' })), 'b');
});

test('adl.nav.request_valid answers and the controls follow what the SCO reported at Commit (forced sequential)', async () => {
  const nav = controller('2004', await fixtureOrganization('golf-seq-forcedsequential-2004-3rd'));
  nav.opened(deliver(nav.launch()));
  assert.is(nav.requestValid('{target=etuqiette_item}choice'), 'false');
  assert.is(nav.requestValid('suspendAll'), 'unknown');
  assert.ok(nav.reported('playing_item', done));
  assert.is(nav.requestValid('{target=etuqiette_item}choice'), 'true');
  assert.is(nav.requestValid('continue'), 'true');
  assert.is(nav.reported('other', done), false, 'only the running SCO reports');
});

test('2004 without flow (golf minimum): start cannot pick an activity; the learner chooses from the table of contents', async () => {
  const nav = controller('2004', await fixtureOrganization('golf-runtime-minimum-2004-3rd'));
  const step = nav.launch();
  assert.ok(step.kind === 'panel' && step.toc === true && step.panel.kind === 'choose');
  assert.is(nav.view().controls.continue, false);
  assert.is(nav.view().tocShown, true);
});

test('2004 without imsss:sequencing (SN defaults: flow off, choice on), one SCO: start is not valid, so it is chosen and delivered at once', () => {
  const nav = controller('2004', organization('2004', ['only']));
  const step = nav.launch();
  assert.is(deliver(step), 'only');
  assert.is(step.save?.currentActivity, 'only');
  // Ended without a request, then relaunched from the end panel ("launch"): delivered again.
  nav.opened('only');
  nav.terminated('only', done);
  const end = nav.afterTerminate('only', { exit: 'normal' });
  assert.ok(end.kind === 'panel' && end.panel.kind === 'end');
  assert.is(deliver(nav.request({ type: 'choice', target: 'only' })), 'only');
});

test('2004 without sequencing, two SCOs: the learner is asked where to start, both offered', () => {
  const nav = controller('2004', organization('2004', ['a', 'b']));
  const step = nav.launch();
  assert.ok(step.kind === 'panel' && step.toc === true && step.panel.kind === 'choose');
  assert.is(step.kind === 'panel' && step.panel.heading, 'Choose where to start');
  assert.equal(nav.view().toc.filter((e) => e.launchable).map((e) => e.enabled), [true, true]);
  assert.is(deliver(nav.request({ type: 'choice', target: 'b' })), 'b');
});

test('2004 where neither start nor any choice is valid: a panel that says so, never "closed"', () => {
  const nav = controller('2004', organization('2004', ['a', 'b'], '<imsss:sequencing><imsss:controlMode choice="false" flow="false"/></imsss:sequencing>'));
  const step = nav.launch();
  assert.ok(step.kind === 'panel' && step.panel.kind === 'end');
  assert.not.match(step.kind === 'panel' ? step.panel.heading + step.panel.message : '', /closed/);
  assert.is(step.save, undefined, 'nothing changed, nothing to save');
});

test('a SCO that failed to load is no longer active: requests are processed, not queued', () => {
  const nav = controller('1.2', organization('1.2', ['a', 'b']));
  nav.opened(deliver(nav.launch()));
  nav.failed('a');
  // Nothing runs, but the course can still be left (exit all while the sequencing session lasts).
  assert.is(nav.view().controls.suspend, false);
  assert.is(nav.view().controls.exit, true);
  assert.is(deliver(nav.request({ type: 'choice', target: 'b' })), 'b');
});

test('tocShown, read before the launch without the validity work, is what the view says', async () => {
  const packages: [string, '1.2' | '2004', Organization][] = [
    ['1.2, one SCO', '1.2', organization('1.2', ['a'])],
    ['1.2, two SCOs', '1.2', organization('1.2', ['a', 'b'])],
    ['2004 flow', '2004', organization('2004', ['a', 'b'], FLOW)],
    ['golf minimum', '2004', await fixtureOrganization('golf-runtime-minimum-2004-3rd')],
    ['golf forced sequential', '2004', await fixtureOrganization('golf-seq-forcedsequential-2004-3rd')],
  ];
  for (const [name, version, org] of packages) {
    const nav = controller(version, org);
    assert.is(nav.tocShown, nav.view().tocShown, `${name}, before the launch`);
    const step = nav.launch();
    if (step.kind === 'deliver') nav.opened(step.id);
    assert.is(nav.tocShown, nav.view().tocShown, `${name}, after it`);
  }
});

test.run();
