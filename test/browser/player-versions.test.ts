// Package versions in the real player (Chromium): a learner suspends lesson a of v1; v2 comes;
// relaunched, a "migrate" learner gets v2's page and v1's suspend data back, a "keep" learner
// stays on v1's page with theirs (decision 0024).
import * as assert from 'uvu/assert';
import type { Browser } from 'playwright-core';
import { browserAvailable } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { cmi, eventually, register, scoFrame, testPackage, uploadPackage, type TestItem } from '../helpers/player.ts';
import type { TestApp } from '../helpers/test-app.ts';

// Shows which version's page this is and the suspend data the SCO was given; #save suspends.
const lesson = (label: string): TestItem => ({
  id: 'a',
  title: 'Lesson a',
  script: `scormApi.LMSInitialize('');
addEventListener('load', function () {
  document.getElementById('seen').textContent = scormApi.LMSGetValue('cmi.suspend_data') || '(none)';
  document.getElementById('save').onclick = function () {
    scormApi.LMSSetValue('cmi.suspend_data', 'page=7');
    scormApi.LMSSetValue('cmi.core.exit', 'suspend');
    scormApi.LMSFinish('');
  };
});`,
  body: `<p id="which">${label}</p><p id="seen"></p><button id="save" type="button">Save</button>`,
});

async function openLesson(browser: Browser, launchUrl: string) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  await page.goto(launchUrl);
  const sco = await scoFrame(page);
  await sco.waitForFunction(() => document.getElementById('seen')?.textContent !== '');
  return { page, sco, which: await sco.textContent('#which'), seen: await sco.textContent('#seen') };
}

async function suspendOnV1(t: TestApp, browser: Browser, reg: { id: string; launchUrl: string }) {
  const opened = await openLesson(browser, reg.launchUrl);
  assert.equal([opened.which, opened.seen], ['v1', '(none)']);
  await opened.sco.click('#save');
  await eventually(() => cmi(t, reg.id), (d) => JSON.stringify(d).includes('page=7'));
  await opened.page.close();
}

if (browserAvailable('player versions')) {
  const test = browserSuite('player: package versions');

  test('migrate: v2 page with v1 suspend data; keep: still v1', async ({ t, browser }) => {
    const b: TestItem = { id: 'b', title: 'Lesson b' };
    const packageId = await uploadPackage(t, await testPackage('1.2', [lesson('v1'), b]));
    const migrating = await register(t, packageId, { on_new_version: 'migrate' });
    const keeping = await register(t, packageId, { on_new_version: 'keep' });
    await suspendOnV1(t, browser, migrating);
    await suspendOnV1(t, browser, keeping);

    const v2 = await t.admin(`/api/v1/packages/${packageId}/versions?wait=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/zip' },
      body: new Uint8Array(await testPackage('1.2', [lesson('v2'), b])),
    });
    assert.is(v2.status, 201);

    const moved = await openLesson(browser, migrating.launchUrl);
    assert.equal([moved.which, moved.seen], ['v2', 'page=7']);
    await moved.page.close();
    const kept = await openLesson(browser, keeping.launchUrl);
    assert.equal([kept.which, kept.seen], ['v1', 'page=7']);
    await kept.page.close();
  });

  test.run();
}
