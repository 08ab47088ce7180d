// The API objects in a real launch: a test SCO finds window.API / window.API_1484_11 the way
// content does, drives both with real calls, and what it set reaches the database.
import type { Browser } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { browserAvailable } from '../helpers/browser.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { cmi, eventually, progress, register, scoFrame, testPackage, uploadPackage } from '../helpers/player.ts';
import { ensureBundles, sharedBrowser, releaseBrowser } from '../helpers/browser-suite.ts';

type Api = Record<string, (...args: string[]) => string>;
type ScoWindow = Window & { scormApi: Api | null };

if (browserAvailable('player API')) {
  const test = suite<{ t: TestApp; browser: Browser; p12: string; p2004: string }>('player API in the browser');
  test.before(async (ctx) => {
    await ensureBundles();
    ctx.t = await startTestApp(process.env.TEST_DATABASE_URL ? 'mysql' : 'sqlite');
    ctx.browser = await sharedBrowser();
    ctx.p12 = await uploadPackage(ctx.t, await testPackage('1.2', [{ id: 'sco1', title: 'Only SCO' }]));
    ctx.p2004 = await uploadPackage(ctx.t, await testPackage('2004', [{ id: 'sco1', title: 'Only SCO' }]));
  });
  test.after(async (ctx) => {
    await releaseBrowser(ctx.browser);
    await ctx.t?.stop();
  });

  test('SCORM 1.2: the SCO discovers window.API; calls return strings with the 1.2 error codes; data reaches the server', async ({ t, browser, p12 }) => {
    const reg = await register(t, p12);
    // The helper numbers learners across test files: read back whose registration this is.
    const learnerId = (await progress(t, reg.id)).learner.id as string;
    const page = await browser.newPage();
    await page.goto(reg.launchUrl);
    const frame = await scoFrame(page);
    const calls = await frame.evaluate(() => {
      const api = (window as unknown as ScoWindow).scormApi!;
      const out: Record<string, string> = {};
      out.found = String(api === (window.parent as unknown as { API: unknown }).API);
      out.getBeforeInit = api.LMSGetValue!('cmi.core.student_id') + '|' + api.LMSGetLastError!();
      out.init = api.LMSInitialize!('');
      out.initAgain = api.LMSInitialize!('') + '|' + api.LMSGetLastError!();
      out.studentId = api.LMSGetValue!('cmi.core.student_id');
      out.entry = api.LMSGetValue!('cmi.core.entry');
      out.unknown = api.LMSGetValue!('cmi.core.bogus') + '|' + api.LMSGetLastError!();
      out.readOnly = api.LMSSetValue!('cmi.core.student_id', 'x') + '|' + api.LMSGetLastError!();
      out.writeOnly = api.LMSGetValue!('cmi.core.exit') + '|' + api.LMSGetLastError!();
      out.badVocab = api.LMSSetValue!('cmi.core.lesson_status', 'done') + '|' + api.LMSGetLastError!();
      out.errorString = api.LMSGetErrorString!('403');
      out.children = api.LMSGetValue!('cmi.core._children');
      out.location = api.LMSSetValue!('cmi.core.lesson_location', 'page-7');
      out.score = api.LMSSetValue!('cmi.core.score.raw', '85');
      out.status = api.LMSSetValue!('cmi.core.lesson_status', 'passed');
      out.commit = api.LMSCommit!('') + '|' + api.LMSGetLastError!();
      out.finish = api.LMSFinish!('');
      out.afterFinish = api.LMSGetValue!('cmi.core.lesson_location') + '|' + api.LMSGetLastError!();
      return out;
    });
    assert.equal(calls, {
      found: 'true', getBeforeInit: '|301', init: 'true', initAgain: 'false|101', studentId: learnerId,
      entry: 'ab-initio', unknown: '|201', readOnly: 'false|403', writeOnly: '|404', badVocab: 'false|405',
      errorString: 'Element is read only', children: calls.children, location: 'true', score: 'true',
      status: 'true', commit: 'true|0', finish: 'true', afterFinish: '|101',
    });
    assert.ok(calls.children!.includes('lesson_location'));
    const data = await eventually(() => cmi(t, reg.id), (d) => JSON.stringify(d).includes('page-7') && JSON.stringify(d).includes('"passed"'));
    assert.ok(JSON.stringify(data).includes('"cmi.core.score.raw":"85"'), JSON.stringify(data).slice(0, 500));
    const view = await eventually(() => progress(t, reg.id), (p) => p.completion_status === 'completed');
    assert.is(view.success_status, 'passed');
    assert.is(view.score.raw, 85);
    await page.close();
  });

  test('SCORM 2004: the SCO discovers window.API_1484_11; the 2004 codes; Terminate saves completion, success and score', async ({ t, browser, p2004 }) => {
    const reg = await register(t, p2004);
    const page = await browser.newPage();
    await page.goto(reg.launchUrl);
    const frame = await scoFrame(page);
    const calls = await frame.evaluate(() => {
      const api = (window as unknown as ScoWindow).scormApi!;
      const out: Record<string, string> = {};
      out.found = String(api === (window.parent as unknown as { API_1484_11: unknown }).API_1484_11);
      out.version = String((api as unknown as { version: string }).version);
      out.getBeforeInit = api.GetValue!('cmi.learner_id') + '|' + api.GetLastError!();
      out.init = api.Initialize!('');
      out.learner = api.GetValue!('cmi.learner_id');
      out.readOnly = api.SetValue!('cmi.learner_id', 'x') + '|' + api.GetLastError!();
      out.writeOnly = api.GetValue!('cmi.exit') + '|' + api.GetLastError!();
      out.typeMismatch = api.SetValue!('cmi.score.scaled', 'abc') + '|' + api.GetLastError!();
      out.range = api.SetValue!('cmi.score.scaled', '2') + '|' + api.GetLastError!();
      out.notInitialized = api.GetValue!('cmi.location') + '|' + api.GetLastError!();
      out.navValid = api.GetValue!('adl.nav.request_valid.continue');
      out.set = [
        api.SetValue!('cmi.location', 'slide-3'), api.SetValue!('cmi.completion_status', 'completed'),
        api.SetValue!('cmi.success_status', 'passed'), api.SetValue!('cmi.score.scaled', '0.9'),
        api.SetValue!('cmi.score.raw', '90'), api.SetValue!('cmi.interactions.0.id', 'q1'),
        api.SetValue!('cmi.interactions.0.type', 'true-false'), api.SetValue!('cmi.interactions.0.learner_response', 'true'),
        api.SetValue!('cmi.interactions.0.result', 'correct'), api.SetValue!('cmi.objectives.0.id', 'obj-1'),
        api.SetValue!('cmi.objectives.0.success_status', 'passed'),
      ].join(',');
      out.commit = api.Commit!('');
      out.terminate = api.Terminate!('');
      out.after = api.GetValue!('cmi.location') + '|' + api.GetLastError!();
      out.terminateAgain = api.Terminate!('') + '|' + api.GetLastError!();
      return out;
    });
    assert.equal(calls, {
      found: 'true', version: '1.0', getBeforeInit: '|122', init: 'true', learner: calls.learner,
      readOnly: 'false|404', writeOnly: '|405', typeMismatch: 'false|406', range: 'false|407',
      notInitialized: '|403', navValid: calls.navValid, set: Array(11).fill('true').join(','),
      commit: 'true', terminate: 'true', after: '|123', terminateAgain: 'false|113',
    });
    assert.match(calls.learner!, /^learner-/);
    assert.ok(['true', 'false', 'unknown'].includes(calls.navValid!));
    const view = await eventually(() => progress(t, reg.id), (p) => p.success_status === 'passed');
    assert.is(view.completion_status, 'completed');
    assert.is(view.score.scaled, 0.9);
    const data = JSON.stringify(await cmi(t, reg.id));
    assert.ok(data.includes('slide-3') && data.includes('q1') && data.includes('obj-1'), data.slice(0, 600));
    // A single-SCO course that ended says so, and the page never shows a blank frame.
    await page.waitForSelector('#panel[data-kind="end"]', { timeout: 5000 });
    await page.close();
  });

  test.run();
}
