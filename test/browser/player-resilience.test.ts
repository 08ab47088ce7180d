// The learner never loses progress: closed tab without Commit, server down during a commit,
// a commit replayed twice, two tabs on one registration. Plus the integrator's iframe on another
// origin, the friendly error and retry panels, and the narrow layout (screenshots in test-artifacts).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { browserAvailable } from '../helpers/browser.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { startOutageProxy } from '../helpers/outage-proxy.ts';
import { cmi, eventually, progress, register, scoFrame, screenshot, testPackage, uploadPackage } from '../helpers/player.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { ensureBundles, sharedBrowser, releaseBrowser } from '../helpers/browser-suite.ts';

type Api = Record<string, (...args: string[]) => string>;
const call = (frame: Frame, fn: string, ...args: string[]) =>
  frame.evaluate(([f, a]) => (window as unknown as { scormApi: Api }).scormApi[f as string]!(...(a as string[])), [fn, args] as const);

if (browserAvailable('player resilience')) {
  const test = suite<{ t: TestApp; browser: Browser; p12: string; p2004: string }>('player: data loss, embedding, errors');
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

  async function open(context: BrowserContext, url: string): Promise<{ page: Page; frame: Frame }> {
    const page = await context.newPage();
    await page.goto(url);
    return { page, frame: await scoFrame(page) };
  }

  test('the page closed right after SetValue, without Commit, keeps the value', async ({ t, browser, p12 }) => {
    const reg = await register(t, p12);
    const context = await browser.newContext();
    const { page, frame } = await open(context, reg.launchUrl);
    assert.is(await call(frame, 'LMSInitialize', ''), 'true');
    assert.is(await call(frame, 'LMSSetValue', 'cmi.core.lesson_location', 'closed-at-7'), 'true');
    await page.close({ runBeforeUnload: true });
    await eventually(() => cmi(t, reg.id), (d) => JSON.stringify(d).includes('closed-at-7'));
    await context.close();
  });

  test('the server down during a commit: the browser journal keeps it and the next launch delivers it', async ({ t, browser, p12 }) => {
    const reg = await register(t, p12);
    // The server goes down for real (a proxy that cuts every connection), so the beacon the
    // closing page sends cannot get through either.
    const proxy = await startOutageProxy(reg.launchUrl);
    const context = await browser.newContext();
    try {
      const { page, frame } = await open(context, proxy.via(reg.launchUrl));
      proxy.down();
      assert.is(await call(frame, 'LMSInitialize', ''), 'true');
      assert.is(await call(frame, 'LMSSetValue', 'cmi.core.lesson_location', 'offline-3'), 'true');
      assert.is(await call(frame, 'LMSCommit', ''), 'true');
      await page.waitForSelector('#player-status[data-tone="warn"]');
      const journal = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('scorm-player:journal:')).map((k) => localStorage.getItem(k)!));
      assert.is(journal.length, 1);
      assert.ok(journal[0]!.includes('offline-3'));
      await page.close({ runBeforeUnload: true });
      // The closing page's beacon was sent, and refused: it cannot arrive once the server is up.
      await eventually(async () => proxy.refused, (lines) => lines.some((l) => l.startsWith('POST /runtime/') && l.includes('/commits ')));
      assert.not.ok(JSON.stringify(await cmi(t, reg.id)).includes('offline-3'), 'nothing got through while down');

      proxy.up();
      const again = await open(context, proxy.via(reg.launchUrl));
      await eventually(() => cmi(t, reg.id), (d) => JSON.stringify(d).includes('offline-3'));
      // Empty once the new launch's own navigation state, saved after its SCO loaded, is in too.
      await eventually(() => again.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('scorm-player:journal:')).length), (n) => n === 0);
      // The replayed value is what the SCO finds in the next session (1.2 keeps one data set per SCO).
      assert.is(await call(again.frame, 'LMSInitialize', ''), 'true');
      assert.is(await call(again.frame, 'LMSGetValue', 'cmi.core.lesson_location'), 'offline-3');
    } finally {
      await context.close();
      await proxy.stop();
    }
  });

  test('the same commit sent twice (its answer lost) counts session time once', async ({ t, browser, p2004 }) => {
    const reg = await register(t, p2004);
    const context = await browser.newContext();
    const { page, frame } = await open(context, reg.launchUrl);
    const seen: string[] = [];
    let dropped = false;
    await context.route('**/runtime/*/commit*', async (route) => {
      const body = route.request().postData() ?? '';
      seen.push(body);
      const response = await route.fetch();
      // The first terminate commit reaches the server, but its answer never reaches the page.
      if (!dropped && body.includes('"terminate"')) {
        dropped = true;
        return route.abort('connectionreset');
      }
      return route.fulfill({ response });
    });
    assert.is(await call(frame, 'Initialize', ''), 'true');
    assert.is(await call(frame, 'SetValue', 'cmi.session_time', 'PT12S'), 'true');
    assert.is(await call(frame, 'SetValue', 'cmi.completion_status', 'completed'), 'true');
    assert.is(await call(frame, 'Terminate', ''), 'true');
    await eventually(async () => seen.filter((b) => b.includes('"terminate"')).length, (n) => n >= 2, 10_000);
    await eventually(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('scorm-player:journal:')).length), (n) => n === 0);
    const view = await progress(t, reg.id);
    assert.is(view.total_time_seconds, 12);
    assert.is(view.completion_status, 'completed');
    await context.close();
  });

  test('two tabs on one registration: the older tab cannot overwrite the newer data', async ({ t, browser, p2004 }) => {
    const reg = await register(t, p2004);
    const context = await browser.newContext();
    const a = await open(context, reg.launchUrl);
    assert.is(await call(a.frame, 'Initialize', ''), 'true');
    assert.is(await call(a.frame, 'SetValue', 'cmi.location', 'tab-a-first'), 'true');
    assert.is(await call(a.frame, 'Commit', ''), 'true');
    await eventually(() => cmi(t, reg.id), (d) => JSON.stringify(d).includes('tab-a-first'));
    const b = await open(context, reg.launchUrl);
    assert.is(await call(b.frame, 'Initialize', ''), 'true');
    assert.is(await call(b.frame, 'GetValue', 'cmi.location'), 'tab-a-first');
    assert.is(await call(b.frame, 'SetValue', 'cmi.location', 'tab-b-newer'), 'true');
    assert.is(await call(b.frame, 'Commit', ''), 'true');
    await eventually(() => cmi(t, reg.id), (d) => JSON.stringify(d).includes('tab-b-newer'));
    // What each tab sent for the runtime and what it heard, so a failure says where it stopped.
    const traffic: string[] = [];
    const started = Date.now();
    for (const [tab, page] of [['a', a.page], ['b', b.page]] as const) {
      page.on('request', (r) => { if (r.url().includes('/runtime/')) traffic.push(`${Date.now() - started} ms ${tab} → ${r.method()} ${new URL(r.url()).pathname} ${(r.postData() ?? '').slice(0, 160)}`); });
      page.on('response', (r) => { if (r.url().includes('/runtime/')) traffic.push(`${Date.now() - started} ms ${tab} ← ${r.status()} ${new URL(r.url()).pathname}`); });
      page.on('requestfailed', (r) => { if (r.url().includes('/runtime/')) traffic.push(`${Date.now() - started} ms ${tab} ✗ ${new URL(r.url()).pathname} ${r.failure()?.errorText}`); });
    }
    assert.is(await call(a.frame, 'SetValue', 'cmi.location', 'tab-a-late'), 'true');
    assert.is(await call(a.frame, 'Commit', ''), 'true');
    try {
      await a.page.waitForFunction(() => /another window/.test(document.getElementById('player-status')!.textContent ?? ''));
    } catch (error) {
      const seen = await a.page.evaluate(() => ({
        status: document.getElementById('player-status')?.textContent,
        journal: Object.entries(localStorage).filter(([k]) => k.startsWith('scorm-player:journal:')).map(([k, v]) => `${k}: ${v.slice(0, 600)}`),
      }));
      throw new Error(`tab a never said "another window": ${String(error)}\nstatus: ${JSON.stringify(seen.status)}\njournal: ${seen.journal.join('\n')}\ntraffic:\n${traffic.join('\n')}`);
    }
    const data = JSON.stringify(await cmi(t, reg.id));
    assert.ok(data.includes('tab-b-newer') && !data.includes('tab-a-late'));
    await context.close();
  });

  test('a single SCO embedded in an integrator page on another origin finds the API and saves', async ({ t, browser, p12 }) => {
    const reg = await register(t, p12);
    const integrator: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><title>Integrator LMS</title><body style="margin:0;font-family:sans-serif">
<header style="padding:12px;background:#eee">My learning platform</header>
<iframe id="course" src="${reg.launchUrl}" style="width:100%;height:560px;border:0"></iframe></body>`);
    });
    await new Promise<void>((r) => integrator.listen(0, '127.0.0.1', r));
    const port = (integrator.address() as AddressInfo).port;
    const page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
    try {
      // localhost vs 127.0.0.1: another site, so the integrator's window is cross-origin to the player.
      await page.goto(`http://localhost:${port}/`);
      const deadline = Date.now() + 10_000;
      let frame: Frame | undefined;
      while (!frame && Date.now() < deadline) {
        frame = page.frames().find((f) => f.url().includes('/content/') && f.url().endsWith('sco1.html'));
        if (!frame) await page.waitForTimeout(50);
      }
      assert.ok(frame, 'the SCO frame loaded inside the player inside the integrator page');
      await frame!.waitForFunction(() => (window as unknown as { scoReady?: boolean }).scoReady === true);
      assert.is(await frame!.evaluate(() => (window as unknown as { scormApi: unknown }).scormApi !== null), true);
      assert.is(await call(frame!, 'LMSInitialize', ''), 'true');
      assert.is(await call(frame!, 'LMSSetValue', 'cmi.core.lesson_status', 'completed'), 'true');
      assert.is(await call(frame!, 'LMSFinish', ''), 'true');
      const view = await eventually(() => progress(t, reg.id), (p) => p.completion_status === 'completed');
      assert.is(view.scos[0].completion_status, 'completed');
      await screenshot(page, 'player-embedded');
    } finally {
      await page.close();
      await new Promise((r) => integrator.close(r));
    }
  });

  test('a SCO that fails to load gets a friendly panel with a retry that works; a bad link a friendly page', async ({ t, browser, p12 }) => {
    const reg = await register(t, p12);
    const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
    await page.route('**/content/**', (route) => route.fulfill({ status: 503, body: 'down' }));
    await page.goto(reg.launchUrl);
    await page.waitForSelector('#panel[data-kind="error"] button');
    assert.match((await page.textContent('#panel'))!, /could not open Only SCO/);
    assert.is(await page.$('#sco-frame'), null);
    await screenshot(page, 'player-sco-failed');
    await page.unroute('**/content/**');
    await page.click('#panel button');
    await scoFrame(page);
    assert.is(await page.isHidden('#panel'), true);

    await page.goto(`${t.deliveryUrl}/player/${encodeURIComponent(reg.id)}?token=forged.token`);
    assert.match((await page.textContent('h2'))!, /not valid/);
    await screenshot(page, 'player-error-page');
    await page.close();
  });

  test('phone width: the SCO fills the width, the table of contents is a drawer behind a labelled toggle', async ({ t, browser }) => {
    const packageId = await uploadPackage(t, fixturePath('golf-runtime-minimum-12'));
    const reg = await register(t, packageId);
    const page = await browser.newPage({ viewport: { width: 375, height: 700 } });
    await page.goto(reg.launchUrl);
    await scoFrame(page);
    assert.is(await page.isHidden('#toc'), true);
    const frameBox = (await page.locator('#sco-frame').boundingBox())!;
    assert.is(frameBox.width, 375);
    await screenshot(page, 'player-narrow');
    const toggle = page.locator('#toc-toggle');
    assert.is(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.is(await toggle.getAttribute('aria-expanded'), 'true');
    assert.is(await page.isVisible('#toc'), true);
    assert.is(((await page.locator('#sco-frame').boundingBox())!).width, 375, 'no layout jump: the drawer overlays');
    await screenshot(page, 'player-narrow-toc');
    await page.keyboard.press('Escape');
    assert.is(await page.isHidden('#toc'), true);
    await page.close();
  });

  test.run();
}
