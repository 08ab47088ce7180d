// The player against the server's commit limits, in Chromium: a SCO committing after every
// SetValue runs into the per-registration rate limit (a server set to a burst of 3, one a
// second); the 429s carry Retry-After, the player keeps each commit in its journal, sends it
// again after the wait, and every value reaches the server in order. A commit past the
// interactions limit is refused with its code and the session's later commits still apply.
import type { Browser, Frame } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { browserAvailable } from '../helpers/browser.ts';
import { cmi, eventually, register, scoFrame, testPackage, uploadPackage } from '../helpers/player.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { ensureBundles, sharedBrowser, releaseBrowser } from '../helpers/browser-suite.ts';

type Api = Record<string, (...args: string[]) => string>;
const call = (frame: Frame, fn: string, ...args: string[]) =>
  frame.evaluate(([f, a]) => (window as unknown as { scormApi: Api }).scormApi[f as string]!(...(a as string[])), [fn, args] as const);

if (browserAvailable('player commit limits')) {
  const test = suite<{ t: TestApp; browser: Browser; p12: string; p2004: string }>('player: commit rate limit and commit limits');
  test.before(async (ctx) => {
    await ensureBundles();
    ctx.t = await startTestApp(process.env.TEST_DATABASE_URL ? 'mysql' : 'sqlite', { env: { SCORM_COMMIT_RATE: '1', SCORM_COMMIT_BURST: '3' } });
    ctx.browser = await sharedBrowser();
    ctx.p12 = await uploadPackage(ctx.t, await testPackage('1.2', [{ id: 'sco1', title: 'Only SCO' }]));
    ctx.p2004 = await uploadPackage(ctx.t, await testPackage('2004', [{ id: 'sco1', title: 'Only SCO' }]));
  });
  test.after(async (ctx) => {
    await releaseBrowser(ctx.browser);
    await ctx.t?.stop();
  });

  test('commits past the rate limit get 429 + Retry-After; the player keeps them and delivers all in order', async ({ t, browser, p12 }) => {
    const reg = await register(t, p12);
    const context = await browser.newContext();
    const page = await context.newPage();
    const answers: Array<{ status: number; retryAfter: string | null }> = [];
    page.on('response', (res) => {
      if (/\/runtime\/[^/]+\/commit/.test(res.url())) answers.push({ status: res.status(), retryAfter: res.headers()['retry-after'] ?? null });
    });
    await page.goto(reg.launchUrl);
    const frame = await scoFrame(page);
    assert.is(await call(frame, 'LMSInitialize', ''), 'true');
    // A SCO that commits after every SetValue, as some do: eight commits at once.
    for (let i = 1; i <= 8; i++) {
      assert.is(await call(frame, 'LMSSetValue', 'cmi.suspend_data', `step-${i}`), 'true');
      assert.is(await call(frame, 'LMSSetValue', `cmi.interactions.${i - 1}.id`, `q${i}`), 'true');
      assert.is(await call(frame, 'LMSCommit', ''), 'true');
    }
    // Held back while throttled: the journal has what the server has not taken yet.
    await eventually(async () => answers, (a) => a.some((x) => x.status === 429));
    const limited = answers.find((x) => x.status === 429)!;
    assert.ok(Number(limited.retryAfter) >= 1, `Retry-After: ${limited.retryAfter}`);
    const journaled = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('scorm-player:journal:')).map((k) => localStorage.getItem(k)!).join(''));
    assert.ok(journaled.includes('step-8'), 'the last commit waits in the journal');

    // Every commit arrives once the waits are over; the last value wins and all interactions are there.
    const data = await eventually(() => cmi(t, reg.id), (d) => JSON.stringify(d).includes('step-8'), 30_000);
    const attempt = (data.scos as Array<{ attempts: Array<{ data: { values: Record<string, string> }; interactions: unknown[]; commits: number }> }>)[0]!.attempts[0]!;
    assert.is(attempt.data.values['cmi.suspend_data'], 'step-8');
    assert.is(attempt.interactions.length, 8);
    assert.is(attempt.commits, 8, 'each commit applied once, none lost');
    await eventually(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('scorm-player:journal:')).length), (n) => n === 0, 30_000);
    await context.close();
  });

  test('the API refuses the interaction past the limit (351), so the commit that follows is saved whole', async ({ t, browser, p2004 }) => {
    const reg = await register(t, p2004);
    const context = await browser.newContext();
    const page = await context.newPage();
    const refusals: string[] = [];
    page.on('response', async (res) => {
      if (/\/runtime\/[^/]+\/commit/.test(res.url()) && res.status() === 422) refusals.push(((await res.json()) as { error: { code: string } }).error.code);
    });
    await page.goto(reg.launchUrl);
    const frame = await scoFrame(page);
    assert.is(await call(frame, 'Initialize', ''), 'true');
    // 1,001 interactions asked for: one more than COMMIT_LIMITS.interactionsPerAttempt. Before the
    // API knew the limit it accepted the last one, and the server then refused the whole commit
    // (422 TOO_MANY_INTERACTIONS), taking cmi.location with it.
    const answers = await frame.evaluate(() => {
      const api = (window as unknown as { scormApi: Api }).scormApi;
      const results: string[] = [];
      for (let i = 0; i <= 1000; i++) results.push(api.SetValue!(`cmi.interactions.${i}.id`, `q${i}`));
      return { last: results.pop(), error: api.GetLastError!(), accepted: results.filter((r) => r === 'true').length };
    });
    assert.equal(answers, { last: 'false', error: '351', accepted: 1000 });
    assert.is(await call(frame, 'SetValue', 'cmi.location', 'kept'), 'true');
    assert.is(await call(frame, 'Commit', ''), 'true');
    const data = await eventually(() => cmi(t, reg.id), (d) => JSON.stringify(d).includes('"kept"'), 30_000);
    assert.ok(JSON.stringify(data).includes('"q999"'));
    assert.not.ok(JSON.stringify(data).includes('"q1000"'));
    assert.equal(refusals, [], 'no commit refused');
    await context.close();
  });

  test.run();
}
