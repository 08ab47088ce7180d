// Opening the console in Chromium for the browser tests: a page already signed in (the token in
// session storage, as the sign-in form leaves it), screenshots into test-artifacts/, and a
// recorder of the values a progress bar shows.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TEST_ADMIN_TOKEN, type TestApp } from '../helpers/test-app.ts';

export const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');

export async function openConsole(browser: Browser, t: TestApp, hash = '#/upload'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  // Only on the admin origin, as the sign-in form would: an init script runs in every frame,
  // and the delivery origin's frames (preview) must not be handed the token by the test itself.
  await page.addInitScript(
    ({ token, origin }) => {
      if (location.origin === origin) sessionStorage.setItem('scorm-console.admin-token', token);
    },
    { token: TEST_ADMIN_TOKEN, origin: new URL(t.url).origin },
  );
  page.on('pageerror', (error) => console.error('  [console page error]', error.message));
  await page.goto(`${t.url}/${hash}`);
  await page.locator('#nav a').first().waitFor();
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: resolve(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Records every aria-valuenow of the import bars, with the transport that brought it. */
export async function recordImportProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const log: Array<{ file: string; value: number; transport: string }> = [];
    (window as unknown as { __progress: typeof log }).__progress = log;
    new MutationObserver((records) => {
      for (const r of records) {
        const bar = r.target as HTMLElement;
        if (!bar.classList?.contains('import-bar')) continue;
        const row = bar.closest('li.upload') as HTMLElement;
        log.push({ file: row.dataset.file ?? '', value: Number(bar.getAttribute('aria-valuenow')), transport: row.dataset.transport ?? '' });
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  });
}

export async function importProgress(page: Page, file: string): Promise<Array<{ value: number; transport: string }>> {
  const log = await page.evaluate(() => (window as unknown as { __progress: Array<{ file: string; value: number; transport: string }> }).__progress);
  return log.filter((entry) => entry.file === file);
}
