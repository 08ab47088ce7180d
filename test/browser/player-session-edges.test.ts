// The edges of a session in Chromium: a SCORM 2004 course without sequencing starts; a SCO's calls
// after Terminate / LMSFinish (a timer, its own unload handler, a nested frame's) are answered with
// the spec's codes and never throw; every refusal's diagnostic says what happened.
import type { Frame, Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { browserAvailable } from '../helpers/browser.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { cmi, eventually, register, scoFrame, testPackage, uploadPackage } from '../helpers/player.ts';
import { browserSuite } from '../helpers/browser-suite.ts';

type Api = Record<string, (...args: unknown[]) => string>;
const call = (frame: Frame, fn: string, ...args: unknown[]) =>
  frame.evaluate(([f, a]) => (window as unknown as { scormApi: Api }).scormApi[f as string]!(...(a as unknown[])), [fn, args] as const);

/** What the SCO recorded on its player's window (it outlives the SCO's own document). */
const recorded = (page: Page, name: string) => page.evaluate((n) => (window as unknown as Record<string, unknown>)[n], name);

/**
 * Late calls a SCO makes after it terminated, each through a fresh API discovery as wrappers
 * do: from a timer, from its own unload handler, and from the unload handler of a nested frame.
 * Results go to the player's window under `key`.
 */
function lateCalls(version: '1.2' | '2004', key: string): string {
  const [get, set, commit, end, last, diag, name] = version === '1.2'
    ? ['LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSFinish', 'LMSGetLastError', 'LMSGetDiagnostic', 'API']
    : ['GetValue', 'SetValue', 'Commit', 'Terminate', 'GetLastError', 'GetDiagnostic', 'API_1484_11'];
  const loc = version === '1.2' ? 'cmi.core.lesson_location' : 'cmi.location';
  return `function late(where, win) {
  var out = [];
  try {
    var api = findApi(win, ${JSON.stringify(name)});
    out.push(api[${JSON.stringify(get)}](${JSON.stringify(loc)}), api[${JSON.stringify(last)}]());
    out.push(api[${JSON.stringify(set)}](${JSON.stringify(loc)}, 'from-' + where), api[${JSON.stringify(last)}](), api[${JSON.stringify(diag)}](''));
    out.push(api[${JSON.stringify(commit)}](''), api[${JSON.stringify(last)}]());
    out.push(api[${JSON.stringify(end)}](''), api[${JSON.stringify(last)}]());
  } catch (e) { out.push('threw: ' + e); }
  var top = win; while (top.parent && top.parent !== top && !top.parent.document.getElementById('player')) top = top.parent;
  (top.parent[${JSON.stringify(key)}] = top.parent[${JSON.stringify(key)}] || {})[where] = out;
}`;
}

if (browserAvailable('player session edges')) {
  const test = browserSuite('player: start, late calls, diagnostics');

  test('SCORM 2004 with one SCO and no sequencing (flow off): the SCO is delivered at once, never "closed"', async ({ t, browser }) => {
    const built = await uploadPackage(t, await testPackage('2004', [{ id: 'sco1', title: 'Only SCO' }], { sequencing: false }));
    const real = await uploadPackage(t, fixturePath('golf-cp-singlesco-2004-3rd'));
    for (const packageId of [built, real]) {
      const reg = await register(t, packageId);
      const page = await browser.newPage();
      await page.goto(reg.launchUrl);
      await scoFrame(page);
      assert.is(await page.isHidden('#panel'), true);
      assert.not.match((await page.textContent('body')) ?? '', /closed/i);
      await page.close();
    }
    const reg = await register(t, built);
    const page = await browser.newPage();
    await page.goto(reg.launchUrl);
    const frame = await scoFrame(page);
    assert.is(await call(frame, 'Initialize', ''), 'true');
    assert.is(await call(frame, 'SetValue', 'cmi.completion_status', 'completed'), 'true');
    assert.is(await call(frame, 'Terminate', ''), 'true');
    // Having begun and finished, the learner may open it again: a new attempt, delivered.
    await page.waitForSelector('#panel[data-kind="end"] button');
    await page.click('#panel button');
    const again = await scoFrame(page);
    assert.is(await call(again, 'Initialize', ''), 'true');
    assert.is(await call(again, 'GetValue', 'cmi.entry'), 'ab-initio');
    await page.close();
  });

  test('SCORM 2004 with two SCOs and no sequencing: the learner picks where to start from the table of contents', async ({ t, browser }) => {
    const packageId = await uploadPackage(t, await testPackage('2004', [{ id: 'sco1', title: 'First' }, { id: 'sco2', title: 'Second' }], { sequencing: false }));
    const reg = await register(t, packageId);
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    await page.goto(reg.launchUrl);
    await page.waitForSelector('#panel[data-kind="choose"]');
    assert.match((await page.textContent('#panel'))!, /Choose where to start/);
    assert.is(await page.isVisible('#toc'), true);
    assert.equal(await page.$$eval('#toc-list .toc-item', (els) => els.map((e) => (e as HTMLButtonElement).disabled)), [false, false]);
    await page.click('#toc-list [data-id="sco2"]');
    await page.waitForSelector('#toc-list [data-id="sco2"][aria-current="step"]');
    await scoFrame(page);
    await page.close();
  });

  test('2004: calls after Terminate from a timer, the SCO\'s unload handler and a nested frame\'s get 123/133/143/113, never the next SCO\'s API', async ({ t, browser }) => {
    const sco1 = `${lateCalls('2004', '__late')}
window.finish = function () {
  scormApi.Initialize('');
  scormApi.SetValue('cmi.location', 'sco1-page');
  scormApi.SetValue('adl.nav.request', 'continue');
  scormApi.Terminate('');
  setTimeout(function () { late('timer', window); }, 50);
};
addEventListener('unload', function () { late('unload', window); });`;
    const nested = `<!doctype html><script>${lateCalls('2004', '__late')}
addEventListener('unload', function () { late('nested', window); });</script><p>nested</p>`;
    const body = '<iframe id="inner" src="nested.html"></iframe>';
    const packageId = await uploadPackage(t, await testPackage('2004', [
      { id: 'sco1', title: 'First', script: sco1, body },
      { id: 'sco2', title: 'Second' },
    ], { files: { 'nested.html': nested.replace('<script>', `<script>${FIND_API}`) } }));
    const reg = await register(t, packageId);
    const page = await browser.newPage();
    await page.goto(reg.launchUrl);
    const first = await scoFrame(page);
    await first.evaluate(() => (window as unknown as { finish(): void }).finish());
    await page.waitForSelector('#toc-list [data-id="sco2"][aria-current="step"]');
    const second = await scoFrame(page);
    const late = (await eventually(() => recorded(page, '__late'), (r) => r !== undefined && Object.keys(r as object).length === 3)) as Record<string, string[]>;
    for (const where of ['timer', 'unload', 'nested']) {
      const [get, getCode, set, setCode, diagnostic, commit, commitCode, end, endCode] = late[where]!;
      assert.equal([get, getCode, set, setCode, commit, commitCode, end, endCode], ['', '123', 'false', '133', 'false', '143', 'false', '113'], where);
      assert.match(diagnostic!, new RegExp(`^SetValue cmi\\.location: received string "from-${where}"; the session has ended`), where);
    }
    // The next SCO's session is its own: nothing of the late calls landed in it.
    assert.is(await call(second, 'Initialize', ''), 'true');
    assert.is(await call(second, 'GetValue', 'cmi.location'), '');
    const data = JSON.stringify(await eventually(() => cmi(t, reg.id), (d) => JSON.stringify(d).includes('sco1-page')));
    assert.not.match(data, /from-(timer|unload|nested)/);
    await page.close();
  });

  test('1.2: calls after LMSFinish get 101 (A-1) and never throw; the SCO stays until the grace ends; refusals say what happened', async ({ t, browser }) => {
    const script = `${lateCalls('1.2', '__late')}
window.finish = function () {
  scormApi.LMSInitialize('');
  window.diagnostics = [scormApi.LMSSetValue('cmi.core.lesson_location', undefined), scormApi.LMSGetLastError(), scormApi.LMSGetDiagnostic('')];
  scormApi.LMSSetValue('cmi.core.lesson_location', 'done-page');
  scormApi.LMSFinish('');
  setTimeout(function () { late('timer', window); }, 50);
};
addEventListener('unload', function () { late('unload', window); });`;
    const packageId = await uploadPackage(t, await testPackage('1.2', [{ id: 'sco1', title: 'Only SCO', script }]));
    const reg = await register(t, packageId);
    const page = await browser.newPage();
    await page.goto(reg.launchUrl);
    const frame = await scoFrame(page);
    await frame.evaluate(() => (window as unknown as { finish(): void }).finish());
    assert.equal(await frame.evaluate(() => (window as unknown as { diagnostics: string[] }).diagnostics), [
      'false', '201',
      'LMSSetValue cmi.core.lesson_location: received undefined; the value must be a string, 1.2 RTE §3.4.5 CMIString255 (RTE §3.4.4 cmi.core.lesson_location)',
    ]);
    // The timer ran in the SCO's document, still there after LMSFinish.
    const timer = (await eventually(() => recorded(page, '__late'), (r) => r !== undefined)) as Record<string, string[]>;
    assert.equal(timer.timer!.filter((_, i) => i !== 4), ['', '101', 'false', '101', 'false', '101', 'false', '101']);
    await page.waitForSelector('#panel[data-kind="end"]');
    assert.is(await page.$('#sco-frame'), null, 'the SCO was taken away once the grace passed');
    const late = (await recorded(page, '__late')) as Record<string, string[]>;
    assert.equal(late.unload!.filter((_, i) => i !== 4), ['', '101', 'false', '101', 'false', '101', 'false', '101']);
    assert.match(late.unload![4]!, /^LMSSetValue cmi\.core\.lesson_location: received string "from-unload"; the session has ended: no data can be stored \(1\.2 RTE §3\.3\.2\.2, A-1\)$/);
    const data = JSON.stringify(await eventually(() => cmi(t, reg.id), (d) => JSON.stringify(d).includes('done-page')));
    assert.not.match(data, /from-(timer|unload)/);
    await page.close();
  });

  test.run();
}

/** The ADL discovery walk, for pages of the package that are not built by testPackage. */
const FIND_API = `function findApi(win, name) {
  var tries = 0;
  while (win[name] == null && win.parent != null && win.parent != win) {
    if (++tries > 7) return null;
    win = win.parent;
  }
  return win[name] || null;
}
`;
