// Launch history and API trace in real Chromium (decision 0023), the proof of issue #14 part 2:
// the golf package played to the end with its registration traced; the history lists the
// session with its exit reason, the trace shows the SCO's own calls, and a bad SetValue made
// from the test through the page's API appears in both, over the API and in the console.
import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import type { LaunchTrace, LaunchView } from '../../contract/launches.ts';
import type { Page as Paged } from '../../contract/packages.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { eventually, progress, register, scoFrame, uploadPackage } from '../helpers/player.ts';
import { openConsole, screenshot } from '../console/console-browser.ts';
import { buildPackageZip } from '../console/package-zips.ts';

if (browserAvailable('player launch history and trace')) {
  const test = browserSuite('player: launch history and API trace');

  const sco = (page: Page) => page.frameLocator('#sco-frame');

  test('golf-runtime-basic-12 played to the end: its launch, exit reason, trace, and the error the SCO was given', async ({ t, browser }) => {
    const packageId = await uploadPackage(t, fixturePath('golf-runtime-basic-12'));
    const reg = await register(t, packageId, { trace: true });
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    page.on('dialog', (d) => void d.accept());
    await page.goto(reg.launchUrl);
    const frame = await scoFrame(page);
    // A deliberate mistake through the API the SCO uses: "complete" is no 1.2 lesson_status (405).
    const answer = await frame.evaluate(() => {
      const api = (parent as unknown as { API: { LMSSetValue(e: string, v: string): string; LMSGetLastError(): string } }).API;
      return [api.LMSSetValue('cmi.core.lesson_status', 'complete'), api.LMSGetLastError()];
    });
    assert.equal(answer, ['false', '405']);
    for (let i = 0; i < 14; i++) await sco(page).locator('#butNext').click();
    await sco(page).frameLocator('#contentFrame').locator('input[value="Submit Answers"]').click();
    await sco(page).locator('#butExit').click();
    await page.waitForSelector('#panel[data-kind="end"]');
    await eventually(() => progress(t, reg.id), (p) => p.completion_status === 'completed');

    const history = await eventually(
      async () => (await (await t.admin(`/api/v1/registrations/${reg.id}/launches`)).json()) as Paged<LaunchView>,
      (h) => h.items[0]?.exit_reason != null && h.items[0].trace_calls > 0,
    );
    assert.is(history.total, 1);
    const launch = history.items[0]!;
    assert.is(launch.exit_reason, 'terminate', 'the golf SCO exits with LMSFinish and no suspend');
    assert.ok(launch.commit_count >= 1);
    assert.ok(launch.bytes_received > 0);
    assert.match(launch.user_agent, /Chrom/);
    assert.ok(launch.session_time_seconds !== null);
    assert.ok(launch.errors.some((e) => e.element === 'cmi.core.lesson_status' && e.code === 405), JSON.stringify(launch.errors));

    const trace = (await (await t.admin(`/api/v1/launches/${launch.id}/trace`)).json()) as LaunchTrace;
    const fns = trace.calls.map((c) => c.fn);
    assert.is(fns[0], 'LMSInitialize');
    assert.ok(fns.includes('LMSGetValue') && fns.includes('LMSSetValue'), fns.join(' '));
    assert.is(fns.at(-1), 'LMSFinish');
    const bad = trace.calls.find((c) => c.fn === 'LMSSetValue' && c.args[1] === 'complete')!;
    assert.equal([bad.result, bad.error], ['false', 405]);
    assert.match(bad.line, / LMSSetValue\("cmi.core.lesson_status", "complete"\) → "false"  error 405 Incorrect data type$/);
    assert.ok(trace.calls.every((c, i) => i === 0 || c.at_ms >= trace.calls[i - 1]!.at_ms), 'in the order they were made');
    await page.close();

    // The console: the registration page lists the launch and opens its trace for a support person.
    const console = await openConsole(browser, t, `#/registrations/${encodeURIComponent(reg.id)}`);
    await console.locator('.launch-history .exit-reason[data-exit="terminate"]').waitFor();
    assert.match((await console.locator('.launch-history').textContent())!, /cmi\.core\.lesson_status → 405 Incorrect data type/);
    await console.locator('.launch-history button.show-trace').click();
    const shown = (await console.locator('pre.trace').textContent())!;
    assert.match(shown, /LMSSetValue\("cmi.core.lesson_status", "complete"\) → "false"  error 405 Incorrect data type/);
    assert.match(shown, /LMSFinish\(""\) → "true"/);
    await screenshot(console, 'console-launch-history');
    await console.close();
  });

  // A SCO that never terminates by itself: only the closing beacon can end its launch.
  const QUIET_SCO = `<script>
  var w = window.parent, api = null;
  for (var i = 0; w && i < 10 && !api; i++) { api = w.API || null; if (w.parent === w) break; w = w.parent; }
  api.LMSInitialize('');
  api.LMSSetValue('cmi.core.lesson_location', 'page-1');
</script>`;

  test('a tab closed with a SCO that never terminates: window closed, with the calls made since its last commit', async ({ t, browser }) => {
    const packageId = await uploadPackage(t, await buildPackageZip({ title: 'Quiet', items: ['Only'], scoBody: QUIET_SCO }));
    const reg = await register(t, packageId, { trace: true });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(reg.launchUrl);
    const frame = await scoFrame(page);
    await frame.waitForFunction(() => (parent as unknown as { API: { LMSGetValue(e: string): string } }).API.LMSGetValue('cmi.core.lesson_location') === 'page-1');
    // Made after the last commit: only the closing beacon can bring these to the server.
    await frame.evaluate(() => (parent as unknown as { API: { LMSGetValue(e: string): string } }).API.LMSGetValue('cmi.core.nothing'));
    await page.close({ runBeforeUnload: true });
    // The closing leaves in two beacons (the autosave at beforeunload carrying the recorder's
    // report, then the window's end at pagehide, which carries that commit again) that the server
    // takes concurrently: the end can land between the first one's write and its report.
    const history = await eventually(
      async () => (await (await t.admin(`/api/v1/registrations/${reg.id}/launches`)).json()) as Paged<LaunchView>,
      (h) => h.items[0]?.exit_reason != null && h.items[0].errors.length > 0,
    );
    const launch = history.items[0]!;
    assert.is(launch.exit_reason, 'window_closed');
    assert.ok(launch.errors.some((e) => e.element === 'cmi.core.nothing' && e.code === 201), JSON.stringify(launch.errors));
    const trace = (await (await t.admin(`/api/v1/launches/${launch.id}/trace`)).json()) as LaunchTrace;
    assert.equal(trace.calls.map((c) => c.fn).slice(0, 2), ['LMSInitialize', 'LMSSetValue']);
    assert.ok(trace.calls.some((c) => c.fn === 'LMSGetValue' && c.args[0] === 'cmi.core.nothing' && c.error === 201), 'the call made just before closing');
    await context.close();
  });

  test.run();
}
