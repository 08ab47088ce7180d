// How authoring tools' content behaves, as the fixture packages show it, in Chromium: a SCO that
// terminates from its unload handler, one that sends its data only when it unloads, API calls
// from a frame nested inside the SCO, and a SCO that calls the API before its own load event.
import * as assert from 'uvu/assert';
import { browserAvailable } from '../helpers/browser.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { cmi, eventually, progress, register, scoFrame, testPackage, uploadPackage } from '../helpers/player.ts';
import { browserSuite } from '../helpers/browser-suite.ts';

if (browserAvailable('authoring-tool behaviours')) {
  const test = browserSuite('player: authoring-tool behaviours');

  test('terminates on unload (golf-runtime-minimum-12, LMSFinish in onunload): the learner moves on, the SCO\'s own finish is what counts', async ({ t, browser }) => {
    // The golf SCOs finish from onbeforeunload / onunload; this one also leaves a mark there,
    // which only its own handler can have set, to tell its LMSFinish from the player's.
    const script = `scormApi.LMSInitialize('');
addEventListener('unload', function () { scormApi.LMSSetValue('cmi.core.lesson_location', 'set-in-unload'); scormApi.LMSSetValue('cmi.core.lesson_status', 'completed'); scormApi.LMSFinish(''); });`;
    const packageId = await uploadPackage(t, await testPackage('1.2', [{ id: 'a', title: 'A', script }, { id: 'b', title: 'B' }]));
    const reg = await register(t, packageId);
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    await page.goto(reg.launchUrl);
    await scoFrame(page);
    await page.click('#nav-continue');
    await page.waitForSelector('#toc-list [data-id="b"][aria-current="step"]');
    const data = JSON.stringify(await eventually(() => cmi(t, reg.id), (d) => JSON.stringify(d).includes('set-in-unload')));
    assert.match(data, /"cmi\.core\.lesson_status":"completed"/);

    const golf = await register(t, await uploadPackage(t, fixturePath('golf-runtime-minimum-12')));
    await page.goto(golf.launchUrl);
    await scoFrame(page);
    await page.click('#nav-continue');
    const view = await eventually(() => progress(t, golf.id), (p) => p.scos[0].completion_status === 'completed' && p.scos[1].attempts === 1);
    assert.is(view.scos[0].attempts, 1);
    await page.close();
  });

  test('commits only on unload (golf-runtime-basic-2004-3rd, no Commit call): "Save and exit" keeps everything it set', async ({ t, browser }) => {
    const reg = await register(t, await uploadPackage(t, fixturePath('golf-runtime-basic-2004-3rd')));
    const page = await browser.newPage();
    page.on('dialog', (d) => void d.accept());
    await page.goto(reg.launchUrl);
    const sco = await scoFrame(page);
    for (let i = 0; i < 4; i++) await sco.click('#butNext');
    await page.click('#nav-suspend');
    await page.waitForSelector('#panel[data-kind="end"]');
    const data = JSON.stringify(await eventually(() => cmi(t, reg.id), (d) => /"cmi\.session_time":"PT/.test(JSON.stringify(d))));
    assert.match(data, /"cmi\.location":"4"/);
    // Suspend all keeps the attempt open even though golf's unload leaves cmi.exit unset (RTE 4.2.8).
    assert.match(data, /"ended":false/);
    assert.match(data, /"adl\.nav\.request":"suspendAll"/);
    const view = await progress(t, reg.id);
    assert.is(view.completion_status, 'incomplete');
    assert.ok(view.total_time_seconds > 0);
    await page.close();
  });

  test('nested frames inside the SCO (as golf\'s content pages): a page two frames down finds the API, its data is saved, its late call is answered', async ({ t, browser }) => {
    const nested = `<!doctype html><script>
function findApi(win) { var n = 0; while (win.API_1484_11 == null && win.parent != null && win.parent != win && n++ < 7) win = win.parent; return win.API_1484_11 || null; }
var api = findApi(window);
window.found = api !== null;
api.SetValue('cmi.location', 'nested-page-2');
api.SetValue('cmi.progress_measure', '0.5');
api.Commit('');
addEventListener('unload', function () {
  var a = findApi(window);
  top.__nested = [a.GetValue('cmi.location'), a.Terminate(''), a.GetValue('cmi.location'), a.GetLastError(), a.Terminate(''), a.GetLastError()];
});
</script><p>page two</p>`;
    const packageId = await uploadPackage(t, await testPackage('2004', [{ id: 'sco1', title: 'Framed', script: "scormApi.Initialize('');", body: '<iframe id="content" src="pages/two.html"></iframe>' }], {
      files: { 'pages/two.html': nested },
    }));
    const reg = await register(t, packageId);
    const page = await browser.newPage();
    await page.goto(reg.launchUrl);
    const sco = await scoFrame(page);
    const inner = await (await sco.waitForSelector('#content')).contentFrame();
    await inner!.waitForFunction(() => (window as unknown as { found?: boolean }).found === true);
    await eventually(() => cmi(t, reg.id), (d) => JSON.stringify(d).includes('nested-page-2'));
    await page.click('#nav-exit');
    await page.waitForSelector('#panel[data-kind="end"]');
    // Removing the SCO unloads the nested page too, before the player would end the session
    // itself: the nested page's own Terminate counts, and its next calls are late ones.
    assert.equal(await page.evaluate(() => (window as unknown as { __nested?: string[] }).__nested), ['nested-page-2', 'true', '', '123', 'false', '113']);
    const data = JSON.stringify(await eventually(() => cmi(t, reg.id), (d) => /"ended":true/.test(JSON.stringify(d))));
    assert.match(data, /"cmi\.progress_measure":"0\.5"/);
    await page.close();
  });

  test('the API called before the SCO\'s own load event (a wrapper in <head>, as Rise and SCORM Driver do): found, and what it sets is saved', async ({ t, browser }) => {
    const script = `window.early = [document.readyState, scormApi.Initialize(''), scormApi.SetValue('cmi.location', 'from-head'), scormApi.Commit(''), scormApi.GetLastError()];
addEventListener('load', function () { window.atLoad = scormApi.GetValue('cmi.location'); });`;
    const packageId = await uploadPackage(t, await testPackage('2004', [{ id: 'sco1', title: 'Early', script }]));
    const reg = await register(t, packageId);
    const page = await browser.newPage();
    await page.goto(reg.launchUrl);
    const sco = await scoFrame(page);
    assert.equal(await sco.evaluate(() => (window as unknown as { early: string[] }).early), ['loading', 'true', 'true', 'true', '0']);
    assert.is(await sco.evaluate(() => (window as unknown as { atLoad: string }).atLoad), 'from-head');
    await eventually(() => cmi(t, reg.id), (d) => JSON.stringify(d).includes('from-head'));
    await page.close();
  });

  test.run();
}
