// The console's package versions in Chromium: the package page lists its versions with their
// differences and uploads a new one (its import followed live); the registration page shows the
// version a learner runs.
import * as assert from 'uvu/assert';
import { browserAvailable } from '../helpers/browser.ts';
import { uploadZip } from '../helpers/uploads.ts';
import { openConsole, screenshot } from '../console/console-browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { courseV1, courseV2 } from '../versions/course-zips.ts';

if (browserAvailable('console versions')) {
  const test = browserSuite<{ id: string }>('console versions (browser)', {
    async setup(ctx) {
      ctx.id = String((await uploadZip(ctx.t, courseV1())).body.id);
      const reg = await ctx.t.admin('/api/v1/registrations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'on-v1', package_id: ctx.id, learner: { id: 'ada', name: 'Ada' } }),
      });
      assert.is(reg.status, 201);
    },
  });

  test('Package page: upload a new version, then the versions table shows v2 and what changed', async ({ t, browser, id }) => {
    const page = await openConsole(browser, t, `#/packages/${id}`);
    await page.locator('.package-page').waitFor();
    assert.is(await page.locator('table.versions-table tbody tr').count(), 1);
    await page.locator('#version-file').setInputFiles({ name: 'course-v2.zip', mimeType: 'application/zip', buffer: courseV2() });
    const row = page.locator('li.upload[data-file="course-v2.zip"]');
    await row.and(page.locator('[data-state=completed]')).waitFor({ timeout: 30_000 });
    await page.reload();
    await page.locator('table.versions-table').waitFor();
    const rows = page.locator('table.versions-table tbody tr');
    assert.is(await rows.count(), 2);
    assert.match((await rows.first().textContent())!, /v2 \(current\)/);
    assert.match((await rows.first().textContent())!, /added d; removed c; launch URL changed: a/);
    assert.match((await rows.nth(1).textContent())!, /1 registration/);
    await screenshot(page, 'console-package-versions');
    await page.close();
  });

  test('Registration page: the version the learner runs', async ({ t, browser }) => {
    const page = await openConsole(browser, t, '#/registrations/on-v1');
    await page.locator('.registration-page').waitFor();
    assert.match((await page.locator('dl.facts').first().textContent())!, /Package versionv1/);
    await page.close();
  });

  test.run();
}
