// The golf example packages taken like a learner: real Chromium, real server, real database.
// Each test clicks through the player and the SCO, then reads the registration back from the API.
import type { Browser, Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { browserAvailable } from '../helpers/browser.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { cmi, eventually, progress, register, scoFrame, screenshot, uploadPackage } from '../helpers/player.ts';
import { browserSuite } from '../helpers/browser-suite.ts';

if (browserAvailable('player golf packages')) {
  const test = browserSuite('player: golf packages end to end');

  async function learnerPage(browser: Browser, viewport = { width: 1200, height: 800 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    // The golf SCOs ask "resume where you left off?" and "save your progress?"; the learner says yes.
    page.on('dialog', (d) => void d.accept());
    return page;
  }

  // The activities under the root (the root itself is listed when choosing it would work).
  const tocEntries = (page: Page) =>
    page.$$eval('#toc-list .toc-item:not([data-root])', (els) => els.map((e) => ({
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
    assert.is(await frame.evaluate(() => (parent as unknown as { API: { LMSGetValue(e: string): string } }).API.LMSGetValue('cmi.core.entry')), 'resume');
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

  /** Clicks the golf SCO's own Next button until it is disabled (the last page). */
  async function toLastPage(page: Page): Promise<void> {
    const next = sco(page).locator('#butNext');
    for (let i = 0; i < 30 && !(await next.isDisabled()); i++) await next.click();
  }

  test('golf-runtime-minimum-2004-3rd: no flow, so the learner picks from the table of contents; statuses shown', async ({ t, browser }) => {
    const packageId = await uploadPackage(t, fixturePath('golf-runtime-minimum-2004-3rd'));
    const reg = await register(t, packageId);
    const page = await learnerPage(browser);
    await page.goto(reg.launchUrl);
    // SN default control modes: choice on, flow off; start cannot pick an activity by itself.
    await page.waitForSelector('#panel[data-kind="choose"]');
    assert.is(await page.isVisible('#nav-continue'), false);
    const launchable = (await tocEntries(page)).filter((e) => e.launchable);
    assert.is(launchable.length, 18);
    for (const e of launchable.slice(0, 3)) {
      await page.click(`#toc-list [data-id="${e.id}"]`);
      await page.waitForSelector(`#toc-list [data-id="${e.id}"][aria-current="step"]`);
      await scoFrame(page);
    }
    const toc = (await tocEntries(page)).filter((e) => e.launchable);
    // Initialize / Terminate only, with completionSetByContent and objectiveSetByContent false: the
    // LMS counts an ended attempt completed and satisfied (SN 3.13 delivery controls), so "passed".
    assert.equal(toc.slice(0, 4).map((e) => [e.status, e.current]), [['passed', false], ['passed', false], ['incomplete', true], ['not attempted', false]]);
    const view = await eventually(() => progress(t, reg.id), (p) => p.scos.filter((s: any) => s.attempts > 0).length === 3);
    assert.equal(view.scos.filter((s: any) => s.attempts > 0).map((s: any) => s.item_identifier), launchable.slice(0, 3).map((e) => e.id));
    // The server keeps what the SCOs reported: nothing.
    assert.ok(view.scos.every((s: any) => s.success_status === 'unknown'));
    await page.close();
  });

  test('golf-runtime-basic-2004-3rd: completion, success and score reach the database', async ({ t, browser }) => {
    const packageId = await uploadPackage(t, fixturePath('golf-runtime-basic-2004-3rd'));
    const reg = await register(t, packageId);
    const page = await learnerPage(browser);
    await page.goto(reg.launchUrl);
    await scoFrame(page);
    await toLastPage(page);
    const quiz = sco(page).frameLocator('#contentFrame');
    await quiz.locator('input[value="Submit Answers"]').click();
    const shown = Number(/Score: (\d+)/.exec((await quiz.locator('h3').first().textContent()) ?? '')![1]);
    await sco(page).locator('#butExit').click();
    await page.waitForSelector('#panel[data-kind="end"]');
    const view = await eventually(() => progress(t, reg.id), (p) => p.success_status !== 'unknown' && p.completion_status === 'completed');
    assert.is(view.score.raw, shown);
    assert.is(view.score.scaled, shown / 100);
    assert.is(view.success_status, shown >= 70 ? 'passed' : 'failed');
    assert.ok(view.total_time_seconds > 0);
    await page.close();
  });

  test('golf-runtime-advanced-2004-3rd: interactions, objectives and progress reach the database', async ({ t, browser }) => {
    const packageId = await uploadPackage(t, fixturePath('golf-runtime-advanced-2004-3rd'));
    const reg = await register(t, packageId);
    const page = await learnerPage(browser);
    await page.goto(reg.launchUrl);
    await scoFrame(page);
    await toLastPage(page);
    const quiz = sco(page).frameLocator('#contentFrame');
    await quiz.locator('input[value="Submit Answers"]').click();
    await sco(page).locator('#butExit').click();
    await page.waitForSelector('#panel[data-kind="end"]');
    const view = await eventually(() => progress(t, reg.id), (p) => p.completion_status === 'completed' && p.success_status !== 'unknown');
    assert.is(typeof view.score.scaled, 'number');
    const data = await eventually(() => cmi(t, reg.id), (d) => JSON.stringify(d).includes('cmi.interactions.0.result'));
    const text = JSON.stringify(data);
    assert.match(text, /"cmi\.interactions\.\d+\.result":"(correct|incorrect)"/);
    assert.match(text, /"cmi\.interactions\.\d+\.correct_responses\.0\.pattern"/);
    assert.match(text, /"cmi\.objectives\.\d+\.score\.scaled"/);
    assert.match(text, /"cmi\.progress_measure":"1"/);
    // Interactions and objectives are also rows, for reports.
    const [{ n }] = (await t.database.db('scorm_interactions').count({ n: '*' })) as [{ n: number }];
    const [{ m }] = (await t.database.db('scorm_objectives').count({ m: '*' })) as [{ m: number }];
    assert.ok(Number(n) >= 10 && Number(m) >= 4, `${n} interactions, ${m} objectives`);
    await page.close();
  });

  test('golf-seq-forcedsequential-2004-3rd: later SCOs disabled until earlier ones are done; suspend all and resume all', async ({ t, browser }) => {
    const packageId = await uploadPackage(t, fixturePath('golf-seq-forcedsequential-2004-3rd'));
    const reg = await register(t, packageId);
    let page = await learnerPage(browser);
    await page.goto(reg.launchUrl);
    await scoFrame(page);
    let toc = await tocEntries(page);
    assert.equal(toc.map((e) => [e.id, e.disabled]), [
      ['playing_item', false], ['etuqiette_item', true], ['handicapping_item', true], ['havingfun_item', true], ['assessment_item', true],
    ]);
    // Choosing the course itself would start it over from its first SCO (SN 4.4.2 choice of the root).
    assert.is(await page.$eval('#toc-list [data-root]', (b) => (b as HTMLButtonElement).disabled), false);
    await toLastPage(page);
    // The SCO committed completed + passed: the next one opens up before it even terminates.
    await page.waitForSelector('#toc-list [data-id="etuqiette_item"]:not([disabled])');
    await page.click('#nav-continue');
    await page.waitForSelector('#toc-list [data-id="etuqiette_item"][aria-current="step"]');
    await scoFrame(page);
    toc = await tocEntries(page);
    assert.equal(toc.map((e) => [e.status, e.disabled]), [['passed', false], ['incomplete', false], ['not attempted', true], ['not attempted', true], ['not attempted', true]]);
    await screenshot(page, 'player-toc-2004-forced');
    const view = await eventually(() => progress(t, reg.id), (p) => p.scos.find((s: any) => s.item_identifier === 'playing_item')?.success_status === 'passed');
    assert.is(view.scos.find((s: any) => s.item_identifier === 'playing_item').completion_status, 'completed');

    await page.click('#nav-suspend');
    await page.waitForSelector('#panel[data-kind="end"]');
    await page.close();
    page = await learnerPage(browser);
    await page.goto(reg.launchUrl);
    await scoFrame(page);
    await page.waitForSelector('#toc-list [data-id="etuqiette_item"][aria-current="step"]');
    assert.is(await page.frameLocator('#sco-frame').locator('body').count(), 1);
    const entry = await (await scoFrame(page)).evaluate(() => (parent as unknown as { API_1484_11: { GetValue(e: string): string } }).API_1484_11.GetValue('cmi.entry'));
    assert.is(entry, 'resume');
    await page.close();
  });

  test.run();
}
