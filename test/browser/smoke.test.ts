import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { browserAvailable } from '../helpers/browser.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { ensureBundles, sharedBrowser, releaseBrowser } from '../helpers/browser-suite.ts';

const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');

if (browserAvailable('browser smoke')) {
  const smoke = suite<{ t: TestApp; browser: Browser }>('browser smoke');
  smoke.before(async (ctx) => {
    await ensureBundles();
    ctx.t = await startTestApp('sqlite');
    ctx.browser = await sharedBrowser();
  });
  smoke.after(async (ctx) => {
    await releaseBrowser(ctx.browser);
    await ctx.t?.stop();
  });

  smoke('the console page renders the server status fetched by its script', async ({ t, browser }) => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/`);
    const status = page.locator('#server-status[data-state="ok"]');
    await status.waitFor({ timeout: 10_000 });
    assert.is(await status.textContent(), 'Server ready · database ok');
    assert.is(await page.title(), 'SCORM LMS console');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: resolve(ARTIFACTS, 'console-smoke.png') });
    await page.close();
  });

  smoke.run();
}
