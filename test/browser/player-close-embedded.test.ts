// Closing the tab of an integrator's page (another site) that frames the player, 20 times in one
// browser profile: what the SCO sets while it unloads reaches the server every time, before any
// relaunch; and a 1.2 SCO that finishes from its unload handlers never leads to the next SCO.
import type { Browser, BrowserContext } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { browserAvailable } from '../helpers/browser.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { scoFrameOf, startIntegrator, type Integrator } from '../helpers/integrator.ts';
import { cmi, eventually, progress, register, uploadPackage } from '../helpers/player.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { ensureBundles, sharedBrowser, releaseBrowser } from '../helpers/browser-suite.ts';

const CLOSES = 20;
// What a closed page sent must arrive before any relaunch, not within a set time: on a machine at
// a load average of 36, two closes in twenty had not landed 10 s after the close.
const ARRIVAL_MS = 30_000;

/** The registration's runtime requests as the server logged them: whether a lost close's commit arrived and how it was answered. */
function runtimeRequests(t: TestApp, registrationId: string): string {
  const prefix = `/runtime/${registrationId}`;
  const lines = t.logger.lines.filter((l) => l.message === 'request' && String(l.path).startsWith(prefix));
  const refused = t.logger.lines.filter((l) => l.message === 'batch commit refused' && l.registration === registrationId);
  return (
    (lines.map((l) => `${String(l.method)} ${String(l.path).slice(prefix.length) || '/'} ${String(l.status)} (${String(l.ms)} ms)`).join(', ') || 'nothing') +
    refused.map((l) => `; refused in a batch: sequence ${String(l.sequence)} ${String(l.code)}`).join('')
  );
}

if (browserAvailable('player closed while embedded')) {
  const test = suite<{ t: TestApp; browser: Browser; profile: BrowserContext; integrator: Integrator }>('player: closing an embedded player');
  test.before(async (ctx) => {
    await ensureBundles();
    ctx.t = await startTestApp(process.env.TEST_DATABASE_URL ? 'mysql' : 'sqlite');
    ctx.browser = await sharedBrowser();
    // One profile for every launch: storage and connections carry over, as on a learner's machine.
    ctx.profile = await ctx.browser.newContext({ viewport: { width: 1000, height: 640 } });
    ctx.integrator = await startIntegrator();
  });
  test.after(async (ctx) => {
    await ctx.profile?.close();
    await releaseBrowser(ctx.browser);
    await ctx.integrator?.stop();
    await ctx.t?.stop();
  });

  test(`golf-runtime-basic-2004-3rd (terminates and commits only on unload), closed ${CLOSES} times: nothing lost`, async ({ t, profile, integrator }) => {
    const packageId = await uploadPackage(t, fixturePath('golf-runtime-basic-2004-3rd'));
    const lost: string[] = [];
    for (let i = 0; i < CLOSES; i++) {
      const reg = await register(t, packageId);
      const page = await profile.newPage();
      page.on('dialog', (d) => void d.accept());
      await page.goto(integrator.pageFor(reg.launchUrl));
      const sco = await scoFrameOf(page, 'launchpage.html');
      const pages = 1 + (i % 3);
      for (let k = 0; k < pages; k++) await sco.click('#butNext');
      // The learner closes the tab: half the time the browser asks beforeunload first (a click
      // on the tab's close button), half the time it does not (the window closed from outside).
      await page.close({ runBeforeUnload: i % 2 === 0 });
      try {
        // All of it is set in the SCO's unload handler (session time; exit = suspend from its
        // onbeforeunload only, where it passes false) or only ever sent then.
        await eventually(() => cmi(t, reg.id), (d) => {
          const text = JSON.stringify(d);
          const exit = i % 2 === 1 || text.includes('"cmi.exit":"suspend"');
          return exit && text.includes(`"cmi.location":"${pages}"`) && /"cmi\.session_time":"PT/.test(text);
        }, ARRIVAL_MS);
        const view = await progress(t, reg.id);
        if (view.completion_status !== 'incomplete' || !(view.total_time_seconds > 0)) lost.push(`close ${i}: ${JSON.stringify(view).slice(0, 300)}`);
      } catch (error) {
        lost.push(`close ${i}: ${(error as Error).message.slice(0, 300)}; the server got ${runtimeRequests(t, reg.id)}`);
      }
    }
    assert.equal(lost, [], `${lost.length} of ${CLOSES} closes lost data`);
  });

  test(`golf-runtime-minimum-12 (LMSFinish from beforeunload and unload), closed ${CLOSES} times: SCO 1 saved, SCO 2 never opened`, async ({ t, profile, integrator }) => {
    const packageId = await uploadPackage(t, fixturePath('golf-runtime-minimum-12'));
    const wrong: string[] = [];
    for (let i = 0; i < CLOSES; i++) {
      const reg = await register(t, packageId);
      const page = await profile.newPage();
      await page.goto(integrator.pageFor(reg.launchUrl));
      await scoFrameOf(page);
      await page.close({ runBeforeUnload: i % 2 === 0 });
      try {
        const view = await eventually(() => progress(t, reg.id), (p) => p.scos[0].attempts === 1 && p.scos[0].completion_status === 'completed', ARRIVAL_MS);
        // page.close() has returned: the page runs nothing more. Its requests are all answered
        // once the server logged the finishing commit, which the unload sent last.
        const opened = view.scos.filter((s: any) => s.attempts > 0).map((s: any) => s.item_identifier);
        const attemptRequests = t.logger.lines.filter((l) => l.path === `/runtime/${reg.id}/attempts`).length;
        if (opened.length !== 1 || attemptRequests !== 1) wrong.push(`close ${i}: attempts opened on ${opened.join(', ')} (${attemptRequests} requests)`);
      } catch (error) {
        wrong.push(`close ${i}: ${(error as Error).message.slice(0, 300)}; the server got ${runtimeRequests(t, reg.id)}`);
      }
    }
    assert.equal(wrong, []);
  });

  test.run();
}
