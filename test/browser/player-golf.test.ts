// The golf example packages taken like a learner: real Chromium, real server, real database.
// Each test clicks through the player and the SCO, then reads the registration back from the API.
import type { Browser, Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildPlayer } from '../../scripts/build-player.ts';
import { browserAvailable, launchBrowser } from '../helpers/browser.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { cmi, eventually, progress, register, scoFrame, screenshot, uploadPackage } from '../helpers/player.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

if (browserAvailable('player golf packages')) {
  const test = suite<{ t: TestApp; browser: Browser }>('player: golf packages end to end');
  test.before(async (ctx) => {
    await buildPlayer({ only: ['player'] });
    ctx.t = await startTestApp(process.env.TEST_DATABASE_URL ? 'mysql' : 'sqlite');
    ctx.browser = await launchBrowser();
  });
  test.after(async (ctx) => {
    await ctx.browser?.close();
    await ctx.t?.stop();
  });

  async function learnerPage(browser: Browser, viewport = { width: 1200, height: 800 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    // The golf SCOs ask "resume where you left off?" and "save your progress?"; the learner says yes.
    page.on('dialog', (d) => void d.accept());
    return page;
  }

  const tocEntries = (page: Page) =>
    page.$$eval('#toc-list .toc-item', (els) => els.map((e) => ({
      id: (e as HTMLElement).dataset.id!, status: (e as HTMLElement).dataset.status!,
      disabled: (e as HTMLButtonElement).disabled, current: e.getAttribute('aria-current') === 'step',
      launchable: !e.classList.contains('group'),
    })));

  const sco = (page: Page) => page.frameLocator('#sco-frame');

  test('golf-runtime-basic-12: bookmark, suspend and resume across a relaunch, then score and status at the end', async ({ t, browser }) => {
    const packageId = await uploadPackage(t, fixturePath('golf-runtime-basic-12'));
    const reg = await register(t, packageId);
    let page = await learnerPage(browser);
    await page.goto(reg.launchUrl);
    await scoFrame(page);
    assert.is(await page.isHidden('#toc'), true, 'a single SCO has no table of contents');
    for (let i = 0; i < 3; i++) await sco(page).locator('#butNext').click();
    await page.click('#nav-suspend');
    await page.waitForSelector('#panel[data-kind="end"]');
    const suspended = await eventually(() => cmi(t, reg.id), (d) => JSON.stringify(d).includes('"cmi.core.lesson_location":"3"') && JSON.stringify(d).includes('"cmi.core.exit":"suspend"'));
    assert.ok(JSON.stringify(suspended).includes('"cmi.core.lesson_status":"incomplete"'));
    await page.close();

    // Relaunch: the SCO sees entry = resume and its bookmark, and opens page 3 again.
    page = await learnerPage(browser);
    await page.goto(reg.launchUrl);
    const frame = await scoFrame(page);
    assert.is(await frame.evaluate(() => (window as unknown as { API: { LMSGetValue(e: string): string } }).API?.LMSGetValue('cmi.core.entry') ?? parent.window.API!.LMSGetValue('cmi.core.entry')), 'resume');
    await eventually(async () => frame.evaluate(() => (document.getElementById('contentFrame') as HTMLIFrameElement).src), (src) => src.includes('Playing/OtherScoring.html'));
    for (let i = 0; i < 11; i++) await sco(page).locator('#butNext').click();
    const test2 = sco(page).frameLocator('#contentFrame');
    await test2.locator('input[value="Submit Answers"]').click();
    const shown = await test2.locator('h3').first().textContent();
    await sco(page).locator('#butExit').click();
    await page.waitForSelector('#panel[data-kind="end"]');
    const view = await eventually(() => progress(t, reg.id), (p) => p.score.raw !== null && p.success_status !== 'unknown');
    // The SCO scored the unanswered test itself; the server has its figure and its verdict (70 passes).
    assert.is(view.score.raw, Number(/Score: (\d+)/.exec(shown ?? '')![1]));
    assert.is(view.success_status, view.score.raw >= 70 ? 'passed' : 'failed');
    assert.is(view.completion_status, 'completed');
    assert.is(view.score.max, 100);
    assert.ok(view.total_time_seconds > 0);
    assert.is(view.scos[0].attempts >= 1, true);
    await page.close();
  });

  test('golf-runtime-minimum-12: 18 SCOs, table of contents, continue through several, statuses shown', async ({ t, browser }) => {
    const packageId = await uploadPackage(t, fixturePath('golf-runtime-minimum-12'));
    const reg = await register(t, packageId);
    const page = await learnerPage(browser);
    await page.goto(reg.launchUrl);
    await scoFrame(page);
    let toc = await tocEntries(page);
    assert.is(toc.filter((e) => e.launchable).length, 18);
    assert.is(toc.find((e) => e.current)?.id, toc.find((e) => e.launchable)!.id);
    assert.is(await page.isVisible('#nav-previous'), false);
    for (let i = 0; i < 3; i++) {
      await page.click('#nav-continue');
      await page.waitForFunction((n) => document.querySelectorAll('#toc-list .toc-status[data-status="completed"]').length === n, i + 1);
      await scoFrame(page);
    }
    toc = await tocEntries(page);
    const launchable = toc.filter((e) => e.launchable);
    assert.equal(launchable.slice(0, 4).map((e) => [e.status, e.current]), [['completed', false], ['completed', false], ['completed', false], ['incomplete', true]]);
    assert.is(await page.isVisible('#nav-previous'), true);
    await screenshot(page, 'player-toc-12');
    // Choice from the table of contents, then the statuses the server keeps match the TOC.
    await page.click(`#toc-list [data-id="${launchable[10]!.id}"]`);
    await page.waitForSelector(`#toc-list [data-id="${launchable[10]!.id}"][aria-current="step"]`);
    const view = await eventually(() => progress(t, reg.id), (p) => p.scos.filter((s: any) => s.completion_status === 'completed').length === 4);
    const byId = new Map(view.scos.map((s: any) => [s.item_identifier, s]));
    for (const e of launchable.slice(0, 3)) assert.is((byId.get(e.id) as any).completion_status, 'completed', e.id);
    assert.is((byId.get(launchable[3]!.id) as any).completion_status, 'completed');
    assert.is(view.completion_status === 'completed', false);
    await page.close();
  });

  test.run();
}
