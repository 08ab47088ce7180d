// The console's other pages in Chromium: Packages (search, learners, delete with confirmation),
// Package detail (tree, launch URLs, sequencing, diagnostics), Preview (a SCO completed in the
// embedded player), Learners and Registration (interactions), Report (the learner counted, SVG
// charts) and its CSV download; markup in titles, names and responses is shown as text.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { browserAvailable } from '../helpers/browser.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { uploadZip } from '../helpers/uploads.ts';
import { openConsole, screenshot } from '../console/console-browser.ts';
import { buildPackageZip } from '../console/package-zips.ts';
import { parseCsv } from '../reports/parse-csv.ts';
import { ensureBundles, sharedBrowser, releaseBrowser } from '../helpers/browser-suite.ts';

const EVIL_TITLE = '<img src=x onerror="window.__xss=1">Evil & co';
const EVIL_ITEM = '<script>window.__xss=2</script>Lesson';
const EVIL_NAME = '<b onmouseover="window.__xss=3">Mallory</b>';
const EVIL_RESPONSE = '<i>bold</i>';

// A SCORM 1.2 SCO that, on a click, scores 90 (mastery 80), answers one question and finishes.
const SCO_BODY = `<button id="finish" type="button">Finish the lesson</button>
<script>
  function findApi(w) { for (var i = 0; w && i < 10; i++) { if (w.API) return w.API; if (w.parent === w) break; w = w.parent; } return null; }
  var api = findApi(window.parent);
  api.LMSInitialize('');
  document.getElementById('finish').onclick = function () {
    api.LMSSetValue('cmi.core.score.raw', '90');
    api.LMSSetValue('cmi.interactions.0.id', 'q-exit');
    api.LMSSetValue('cmi.interactions.0.type', 'fill-in');
    api.LMSSetValue('cmi.interactions.0.student_response', '${EVIL_RESPONSE}');
    api.LMSSetValue('cmi.interactions.0.result', 'wrong');
    api.LMSSetValue('cmi.core.lesson_status', 'passed');
    api.LMSCommit('');
    api.LMSFinish('');
  };
</script>`;

async function noScriptRan(page: Page): Promise<void> {
  assert.is(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined, 'no injected script ran');
  assert.is(await page.locator('main img, main script, main b[onmouseover]').count(), 0, 'no injected element');
}

if (browserAvailable('console pages')) {
  const test = suite<{ t: TestApp; browser: Browser; seq: string; prereq: string; evil: string }>('console pages (browser)');
  test.before(async (ctx) => {
    await ensureBundles();
    ctx.t = await startTestApp('sqlite');
    ctx.browser = await sharedBrowser();
    ctx.seq = String((await uploadZip(ctx.t, fixturePath('golf-seq-forcedsequential-2004-3rd'))).body.id);
    ctx.prereq = String((await uploadZip(ctx.t, fixturePath('emp-prerequisitestest-scorm12'))).body.id);
    const evil = await uploadZip(ctx.t, await buildPackageZip({ title: EVIL_TITLE, items: [EVIL_ITEM], scoBody: SCO_BODY }));
    assert.is(evil.status, 201, JSON.stringify(evil.body));
    ctx.evil = String(evil.body.id);
    const reg = await ctx.t.admin('/api/v1/registrations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'mallory', package_id: ctx.evil, learner: { id: 'mallory', name: EVIL_NAME } }),
    });
    assert.is(reg.status, 201);
  });
  test.after(async (ctx) => {
    await releaseBrowser(ctx.browser);
    await ctx.t?.stop();
  });

  test('Packages: list with version, SCOs, size, learners; title search; titles shown as text', async ({ t, browser, evil }) => {
    const page = await openConsole(browser, t, '#/packages');
    await page.locator('table.packages').waitFor();
    assert.is(await page.locator('table.packages tbody tr').count(), 3);
    const row = page.locator('table.packages tbody tr', { hasText: 'Evil & co' });
    assert.is(await row.locator('td').first().textContent(), EVIL_TITLE);
    assert.is(await row.locator('td').nth(1).textContent(), 'SCORM 1.2');
    assert.is(await row.locator('td').nth(5).textContent(), '1'); // Mallory
    assert.is(await row.locator('td a').first().getAttribute('href'), `#/packages/${evil}`);
    await noScriptRan(page);
    await screenshot(page, 'console-packages');
    await page.getByRole('searchbox').fill('GOLF');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=GOLF/);
    await page.locator('.summary', { hasText: 'matching' }).waitFor();
    assert.is(await page.locator('table.packages tbody tr').count(), 1);
    assert.match((await page.locator('table.packages tbody').textContent())!, /Golf Explained/);
    await page.close();
  });

  test('Package detail: the tree with SCOs, launch URLs, sequencing and diagnostics', async ({ t, browser, seq }) => {
    const page = await openConsole(browser, t, `#/packages/${seq}`);
    await page.locator('.package-page').waitFor();
    const pkg = (await (await t.admin(`/api/v1/packages/${seq}`)).json()) as { organizations: Array<{ items: unknown[] }>; sco_count: number; diagnostics: unknown[] };
    const count = (items: any[]): number => items.reduce((n, i) => n + 1 + count(i.children), 0);
    assert.is(await page.locator('li.item').count(), count(pkg.organizations[0]!.items as any[]));
    assert.ok((await page.locator('li.item[data-kind=sco]').count()) >= pkg.sco_count);
    const launch = page.locator('li.item[data-kind=sco] .launch a').first();
    // Content opens on the delivery origin, never the console's.
    assert.ok((await launch.getAttribute('href'))!.startsWith(`${t.deliveryUrl}/content/`));
    const res = await fetch((await launch.getAttribute('href'))!);
    assert.is(res.status, 200, 'the launch URL opens the SCO file');
    assert.match((await page.locator('.organization ul.sequencing').first().textContent())!, /Control modes: .*flow/);
    assert.match((await page.locator('.package-page').textContent())!, /Import diagnostics \(\d+\)/);
    assert.is(await page.locator('table.diagnostics tbody tr').count(), pkg.diagnostics.length);
    await screenshot(page, 'console-package-detail');
    await page.close();
  });

  test('Package detail of a 1.2 package shows its item properties (prerequisites)', async ({ t, browser, prereq }) => {
    const page = await openConsole(browser, t, `#/packages/${prereq}`);
    await page.locator('.package-page').waitFor();
    assert.ok((await page.locator('dl.facts dt', { hasText: 'Prerequisites' }).count()) > 0);
    await page.close();
  });

  test('Preview: complete the SCO in the embedded player; Learners and Registration show it', async ({ t, browser, evil }) => {
    const page = await openConsole(browser, t, `#/packages/${evil}`);
    await page.locator('.package-page').waitFor();
    assert.is(await page.locator('.package-title').textContent(), EVIL_TITLE);
    assert.is(await page.locator('li.item .item-title').first().textContent(), EVIL_ITEM);
    await noScriptRan(page);
    await page.getByRole('button', { name: 'Preview' }).click();
    const sco = page.frameLocator('.player-frame').frameLocator('#sco-frame');
    await sco.locator('#finish').click({ timeout: 20_000 });
    // LMSFinish ends the SCO (the player may unload its frame), so the server is asked instead.
    const registrationId = `preview-${evil}`;
    const deadline = Date.now() + 15_000;
    let reg: Record<string, any> = {};
    while (Date.now() < deadline) {
      reg = (await (await t.admin(`/api/v1/registrations/${registrationId}`)).json()) as Record<string, any>;
      if (reg.success_status === 'passed') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.is(reg.completion_status, 'completed');
    assert.is(reg.success_status, 'passed');
    await screenshot(page, 'console-preview');

    await page.goto(`${t.url}/#/packages/${evil}/learners`);
    await page.locator('table.learners').waitFor();
    assert.is(await page.locator('table.learners tbody tr').count(), 2);
    const mallory = page.locator('table.learners tbody tr', { hasText: 'Mallory' });
    assert.is(await mallory.locator('td').first().textContent(), EVIL_NAME);
    const preview = page.locator('table.learners tbody tr', { hasText: 'Preview learner' });
    assert.match((await preview.textContent())!, /completed.*passed/);
    await noScriptRan(page);
    await screenshot(page, 'console-learners');
    await preview.getByRole('link', { name: 'Preview learner' }).click();
    await page.locator('.registration-page table.interactions').waitFor();
    assert.is(await page.locator('table.interactions tbody td code').first().textContent(), EVIL_RESPONSE);
    assert.match((await page.locator('.registration-page').textContent())!, /\d+ sessions?, the latest with \d+ commits?; last saved /);
    await noScriptRan(page);
    await screenshot(page, 'console-registration');
    await page.close();
  });

  test('Report: the learner counted, SVG charts, questions; Download CSV parses', async ({ t, browser, evil }) => {
    const page = await openConsole(browser, t, `#/packages/${evil}/report`);
    await page.locator('.report-page').waitFor();
    assert.is(await page.locator('[data-kpi=learners] strong').textContent(), '2');
    assert.is(await page.locator('[data-kpi=completion] strong').textContent(), '50 %');
    assert.is(await page.locator('[data-kpi=pass] strong').textContent(), '100 %');
    assert.is(await page.locator('svg.column-chart rect.column').count(), 10);
    assert.is(await page.locator('svg.column-chart rect.column[data-label="90–100"]').getAttribute('data-value'), '1');
    const question = page.locator('table.questions tbody tr').first();
    assert.match((await question.textContent())!, /q-exit/);
    assert.is(await question.locator('ol.wrong-answers code').first().textContent(), EVIL_RESPONSE);
    assert.is(await page.locator('table.scos tbody td').first().locator('span').first().textContent(), `${EVIL_ITEM} item-1`);
    await noScriptRan(page);
    await screenshot(page, 'console-report');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const [header, ...rows] = parseCsv(readFileSync((await download.path())!, 'utf8'));
    assert.is(rows.length, 2);
    const byName = new Map(rows.map((r) => [r[header!.indexOf('learner_name')], r]));
    const previewRow = byName.get('Preview learner')!;
    assert.is(previewRow[header!.indexOf('completion_status')], 'completed');
    assert.is(previewRow[header!.indexOf('success_status')], 'passed');
    assert.ok(byName.has(EVIL_NAME));
    await page.close();
  });

  test('Packages: delete asks first; "Keep it" keeps, "Delete" removes', async ({ t, browser, prereq }) => {
    const page = await openConsole(browser, t, '#/packages');
    const row = page.locator('table.packages tbody tr', { has: page.locator(`a[href="#/packages/${prereq}"]`) });
    await row.getByRole('button', { name: /^Delete/ }).click();
    await page.locator('dialog.confirm').waitFor();
    await screenshot(page, 'console-delete-confirm');
    await page.getByRole('button', { name: 'Keep it' }).click();
    assert.is((await t.admin(`/api/v1/packages/${prereq}`)).status, 200);
    await row.getByRole('button', { name: /^Delete/ }).click();
    await page.locator('dialog.confirm').getByRole('button', { name: 'Delete' }).click();
    await page.locator('table.packages tbody tr').nth(1).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('table.packages tbody tr').length === 2);
    assert.is((await t.admin(`/api/v1/packages/${prereq}`)).status, 404);
    await page.close();
  });

  test.run();
}
