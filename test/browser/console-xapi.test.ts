// The console's xAPI page in Chromium: an LRS down past the retry window leaves failed
// deliveries, shown with the LRS's answer; once the LRS is back, "Redeliver … failed" sends them
// and the page shows them succeeded. A server without SCORM_XAPI_ENDPOINT says forwarding is off.
import * as assert from 'uvu/assert';
import type { XapiForwarding } from '../../contract/xapi.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { startLrsReceiver } from '../helpers/lrs-receiver.ts';
import { startTestApp } from '../helpers/test-app.ts';
import { uploadZip } from '../helpers/uploads.ts';
import { learnerRun } from '../helpers/xapi-learner.ts';
import { openConsole, screenshot } from '../console/console-browser.ts';

if (browserAvailable('console xapi')) {
  const auth = { key: 'console', secret: 'console-secret' };
  const lrs = await startLrsReceiver(auth);
  const test = browserSuite('console xapi (browser)', {
    app: {
      env: {
        ...lrs.env,
        SCORM_OUTBOX_POLL_MS: '20',
        // Every refusal is final: the outage outlasts the retry window at once.
        SCORM_OUTBOX_RETRY_FOR_MS: '0',
      },
    },
    teardown: () => lrs.stop(),
  });

  test('failed deliveries with the LRS answer, redelivered all at once, then succeeded', async ({ t, browser }) => {
    const packageId = ((await uploadZip(t, fixturePath('golf-runtime-basic-2004-3rd'))).body as { id: string }).id;
    lrs.down();
    const session = await (await learnerRun(t, packageId, 'console-xapi')).session();
    await session.commit([['cmi.exit', 'normal']], 'terminate');
    const state = async () => ((await (await t.admin('/api/v1/xapi')).json()) as XapiForwarding).deliveries;
    for (let i = 0; i < 500 && (await state()).failed < 2; i++) await new Promise((r) => setTimeout(r, 20));

    const page = await openConsole(browser, t, '#/xapi?status=failed');
    const rows = page.locator('table.xapi-deliveries tbody tr');
    await rows.first().waitFor();
    assert.is(await rows.count(), 2);
    assert.equal((await rows.first().locator('td').allTextContents()).slice(0, 4), ['console-xapi', 'failed', '1', '503']);
    assert.match((await page.locator('.summary').textContent()) ?? '', /2 failed · 0 pending · 0 succeeded/);
    await screenshot(page, 'console-xapi');

    lrs.up();
    await page.getByRole('button', { name: 'Redeliver 2 failed deliveries' }).click();
    await lrs.waitFor(3);
    for (let i = 0; i < 500 && (await state()).succeeded < 2; i++) await new Promise((r) => setTimeout(r, 20));
    await page.getByRole('link', { name: 'succeeded', exact: true }).click();
    await page.locator('table.xapi-deliveries').waitFor();
    assert.equal(await page.locator('table.xapi-deliveries tbody tr td:nth-child(2)').allTextContents(), ['succeeded', 'succeeded']);
    assert.match((await page.locator('.summary').textContent()) ?? '', /0 failed · 0 pending · 2 succeeded/);
    assert.is(await page.getByRole('button', { name: /Redeliver \d+ failed/ }).count(), 0, 'nothing left to redeliver');
    await page.close();
  });

  test('a server without SCORM_XAPI_ENDPOINT says forwarding is off', async ({ t, browser }) => {
    const plain = await startTestApp(t.database.name, { database: t.database, worker: false });
    try {
      const page = await openConsole(browser, plain, '#/xapi');
      await page.getByText('xAPI forwarding is off').waitFor();
      await page.close();
    } finally {
      await plain.stop();
    }
  });

  test.run();
}
