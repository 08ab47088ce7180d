// The console's Webhooks page in Chromium: create a webhook (its secret shown once), see an
// import's event delivered with its status, attempts and answer, redeliver it, delete the webhook.
import * as assert from 'uvu/assert';
import { browserAvailable } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { uploadZip } from '../helpers/uploads.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { openConsole, screenshot } from '../console/console-browser.ts';

if (browserAvailable('console webhooks')) {
  const test = browserSuite<{ receiver: WebhookReceiver }>('console webhooks (browser)', {
    app: { env: { SCORM_WEBHOOK_ALLOW_PRIVATE: 'true', SCORM_OUTBOX_POLL_MS: '50' } },
    setup: async (ctx) => {
      ctx.receiver = await startWebhookReceiver();
    },
    teardown: async (ctx) => ctx.receiver?.stop(),
  });

  test('create with the secret shown once, deliveries with status and code, redeliver, delete', async ({ t, browser, receiver }) => {
    const page = await openConsole(browser, t, '#/webhooks');
    await page.getByText('No webhook yet.').waitFor();
    await page.getByLabel('URL').fill(receiver.url);
    for (const event of ['registration.progress', 'registration.completed', 'registration.passed', 'registration.failed', 'import.failed', 'package.deleted']) {
      await page.getByLabel(event).uncheck();
    }
    await page.getByRole('button', { name: 'Create webhook' }).click();
    const secret = page.locator('.secret-once code');
    await secret.waitFor();
    const shown = (await secret.textContent()) ?? '';
    assert.match(shown, /^whsec_/);
    const row = page.locator('table.webhooks tbody tr');
    assert.is(await row.count(), 1);
    assert.is(await row.locator('td').nth(1).textContent(), 'import.completed');
    await screenshot(page, 'console-webhooks');

    await uploadZip(t, fixturePath('golf-runtime-minimum-12'));
    await receiver.until((r) => r.length === 1, 'import.completed');
    assert.ok(receiver.verified(shown, receiver.received[0]!), 'the secret shown signs the events');

    await row.locator('a').click();
    const delivery = page.locator('table.deliveries tbody tr');
    await delivery.waitFor();
    const cells = async () => (await delivery.locator('td').allTextContents()).slice(0, 5);
    assert.equal(await cells(), ['import.completed', receiver.received[0]!.body.id, 'succeeded', '1', '200']);
    await delivery.getByRole('button', { name: 'Redeliver' }).click();
    await receiver.until((r) => r.length === 2, 'the redelivery');
    assert.is(receiver.received[1]!.body.id, receiver.received[0]!.body.id);
    // The receiver has it; the delivery is marked succeeded right after its answer.
    const expected = ['import.completed', receiver.received[0]!.body.id, 'succeeded', '2', '200'];
    for (let tries = 0; JSON.stringify(await cells()) !== JSON.stringify(expected) && tries < 100; tries++) {
      await page.waitForTimeout(100);
      await page.reload();
      await delivery.waitFor();
    }
    assert.equal(await cells(), expected);

    await page.getByRole('link', { name: 'Webhooks' }).first().click();
    await page.locator('table.webhooks').waitFor();
    assert.is(await page.locator('.secret-once').count(), 0, 'the secret is not shown again');
    await page.locator('table.webhooks').getByRole('button', { name: 'Delete' }).click();
    await page.locator('dialog.confirm').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No webhook yet.').waitFor();
    assert.equal(((await (await t.admin('/api/v1/webhooks')).json()) as { items: unknown[] }).items, []);
  });

  test.run();
}
