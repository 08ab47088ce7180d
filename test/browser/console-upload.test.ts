// The console's Upload page in Chromium: sign-in, a fixture uploaded with its bar reaching 100 %
// from WebSocket messages, explained failures (LAUNCH_FILE_MISSING names the file, UNSAFE_PATH
// the entry), parallel uploads, drag and drop, SSE and polling fallbacks, cancel.
import type { Browser } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { browserAvailable } from '../helpers/browser.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../helpers/test-app.ts';
import { importProgress, openConsole, recordImportProgress, screenshot } from '../console/console-browser.ts';
import { buildPackageZip } from '../console/package-zips.ts';
import { ensureBundles, sharedBrowser, releaseBrowser } from '../helpers/browser-suite.ts';

const zipFile = (name: string, buffer: Buffer) => ({ name, mimeType: 'application/zip', buffer });

if (browserAvailable('console upload')) {
  const test = suite<{ t: TestApp; idle: TestApp; browser: Browser }>('console upload (browser)');
  test.before(async (ctx) => {
    await ensureBundles();
    ctx.t = await startTestApp('sqlite');
    ctx.idle = await startTestApp('sqlite', { worker: false }); // jobs stay queued: room to cancel
    ctx.browser = await sharedBrowser();
  });
  test.after(async (ctx) => {
    await releaseBrowser(ctx.browser);
    await ctx.t?.stop();
    await ctx.idle?.stop();
  });

  test('asks for the token once, refuses a wrong one, keeps it in session storage', async ({ t, browser }) => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/`);
    await page.locator('#admin-token').fill('not-the-token-at-all');
    await page.getByRole('button', { name: 'Open the console' }).click();
    await page.getByText('That token was refused.').waitFor();
    await page.locator('#admin-token').fill(TEST_ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Open the console' }).click();
    await page.locator('.dropzone').waitFor();
    assert.is(await page.evaluate(() => sessionStorage.getItem('scorm-console.admin-token')), TEST_ADMIN_TOKEN);
    await page.reload();
    await page.locator('.dropzone').waitFor(); // no second prompt
    await page.close();
  });

  test('a fixture: upload bar, then the import bar reaches 100 % from WebSocket messages', async ({ t, browser }) => {
    const page = await openConsole(browser, t);
    await recordImportProgress(page);
    await page.locator('#package-file').setInputFiles(fixturePath('golf-runtime-basic-12'));
    const row = page.locator('li.upload[data-file="golf-runtime-basic-12.zip"]');
    await row.locator('[data-state=completed]').or(row.and(page.locator('[data-state=completed]'))).waitFor({ timeout: 30_000 });
    assert.is(await row.locator('.upload-bar').getAttribute('aria-valuenow'), '100');
    assert.is(await row.locator('.import-bar').getAttribute('aria-valuenow'), '100');
    assert.is(await row.getAttribute('data-transport'), 'websocket');
    const seen = await importProgress(page, 'golf-runtime-basic-12.zip');
    assert.ok(seen.length > 0, 'progress was shown');
    // The first 0 is drawn by the page itself when the upload is accepted; all else came over the socket.
    assert.ok(seen.filter((s) => s.value > 0).every((s) => s.transport === 'websocket'), JSON.stringify(seen));
    assert.ok(seen.filter((s) => s.transport === 'websocket').length >= 2, 'several socket messages');
    assert.is(seen.at(-1)!.value, 100);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.value >= seen[i - 1]!.value, 'never goes down');
    assert.match(await row.locator('.import-bar').locator('..').textContent() ?? '', /Imported · 100 %/);
    await screenshot(page, 'console-upload');
    await row.getByRole('link', { name: 'Open the package' }).click();
    await page.locator('.package-page').waitFor();
    assert.is(await page.locator('.package-title').textContent(), 'Golf Explained - Run-time Basic Calls');
    await page.close();
  });

  test('broken packages: the code, a plain explanation, and the file or entry at fault', async ({ t, browser }) => {
    const page = await openConsole(browser, t);
    const missing = await buildPackageZip({ title: 'Missing launch', items: ['One', 'Two'], omitLaunchOf: 1 });
    const unsafe = await buildPackageZip({ title: 'Unsafe', rename: { from: 'xx/evil.txt', to: '../evil.txt' } });
    await page.locator('#package-file').setInputFiles([zipFile('missing.zip', missing), zipFile('unsafe.zip', unsafe), zipFile('not-a-zip.zip', Buffer.from('hello, not a zip'))]);
    const box = (file: string) => page.locator(`li.upload[data-file="${file}"] .error-box`);
    await box('missing.zip').waitFor({ timeout: 30_000 });
    assert.is(await box('missing.zip').getAttribute('data-code'), 'LAUNCH_FILE_MISSING');
    assert.is(await box('missing.zip').locator('.error-subject code').textContent(), 'sco-2.html');
    assert.match((await box('missing.zip').textContent())!, /A page the course starts from is not in the zip/);
    await box('unsafe.zip').waitFor({ timeout: 30_000 });
    assert.is(await box('unsafe.zip').getAttribute('data-code'), 'UNSAFE_PATH');
    assert.is(await box('unsafe.zip').locator('.error-subject code').textContent(), '../evil.txt');
    await box('not-a-zip.zip').waitFor({ timeout: 30_000 });
    assert.is(await box('not-a-zip.zip').getAttribute('data-code'), 'NOT_A_ZIP');
    for (const file of ['missing.zip', 'unsafe.zip', 'not-a-zip.zip']) assert.is(await page.locator(`li.upload[data-file="${file}"]`).getAttribute('data-state'), 'failed');
    await screenshot(page, 'console-upload-errors');
    await page.close();
  });

  test('several uploads at once, each with its own bar; and drag and drop', async ({ t, browser }) => {
    const page = await openConsole(browser, t);
    const names = ['golf-cp-singlesco-12', 'golf-cp-singlesco-2004-3rd', 'emp-prerequisitestest-scorm12'];
    await page.locator('#package-file').setInputFiles(names.map(fixturePath));
    for (const name of names) await page.locator(`li.upload[data-file="${name}.zip"][data-state=completed]`).waitFor({ timeout: 60_000 });
    assert.is(await page.locator('li.upload .import-bar[aria-valuenow="100"]').count(), 3);
    const bytes = [...(await buildPackageZip({ title: 'Dropped here' }))];
    await page.evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'dropped.zip', { type: 'application/zip' }));
      document.querySelector('.dropzone')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    await page.locator('li.upload[data-file="dropped.zip"][data-state=completed]').waitFor({ timeout: 30_000 });
    await page.close();
  });

  test('no WebSocket: Server-Sent Events carry the progress; neither: polling does', async ({ t, browser }) => {
    const page = await openConsole(browser, t);
    await page.routeWebSocket(/\/ws\/jobs\//, (ws) => ws.close({ code: 1011, reason: 'proxy says no' }));
    await page.locator('#package-file').setInputFiles(zipFile('via-sse.zip', await buildPackageZip({ title: 'Via SSE' })));
    const sse = page.locator('li.upload[data-file="via-sse.zip"]');
    await page.locator('li.upload[data-file="via-sse.zip"][data-state=completed]').waitFor({ timeout: 30_000 });
    assert.is(await sse.getAttribute('data-transport'), 'sse');
    await page.route(/\/api\/v1\/jobs\/[^/]+\/events$/, (route) => route.abort());
    await page.locator('#package-file').setInputFiles(zipFile('via-polling.zip', await buildPackageZip({ title: 'Via polling' })));
    await page.locator('li.upload[data-file="via-polling.zip"][data-state=completed]').waitFor({ timeout: 30_000 });
    assert.is(await page.locator('li.upload[data-file="via-polling.zip"]').getAttribute('data-transport'), 'polling');
    assert.is(await page.locator('li.upload[data-file="via-polling.zip"] .import-bar').getAttribute('aria-valuenow'), '100');
    await page.close();
  });

  test('cancel: a queued import ends cancelled, and nothing of it is kept', async ({ idle, browser }) => {
    const page = await openConsole(browser, idle);
    await page.locator('#package-file').setInputFiles(zipFile('to-cancel.zip', await buildPackageZip({ title: 'To cancel' })));
    const row = page.locator('li.upload[data-file="to-cancel.zip"]');
    await page.locator('li.upload[data-file="to-cancel.zip"][data-state=processing]').waitFor({ timeout: 30_000 });
    await row.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('li.upload[data-file="to-cancel.zip"][data-state=cancelled]').waitFor({ timeout: 10_000 });
    const jobId = await row.getAttribute('data-job-id');
    const job = (await (await idle.admin(`/api/v1/jobs/${jobId}`)).json()) as { status: string };
    assert.is(job.status, 'cancelled');
    assert.match((await row.locator('.error-box').textContent())!, /cancelled/i);
    assert.is(((await (await idle.admin('/api/v1/packages')).json()) as { total: number }).total, 0);
    await page.close();
  });

  test.run();
}
