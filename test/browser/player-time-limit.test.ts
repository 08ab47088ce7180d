// maxtimeallowed / timelimitaction in a real launch (1.2 RTE 3.4.4 cmi.student_data): with
// "exit,message" the player tells the learner and takes the SCO away when the time is up, and
// what the SCO set is kept; with "continue,message" it only tells.
import * as assert from 'uvu/assert';
import { browserAvailable } from '../helpers/browser.ts';
import { cmi, eventually, register, scoFrame, testPackage, uploadPackage } from '../helpers/player.ts';
import { browserSuite } from '../helpers/browser-suite.ts';

const INIT = `window.scormApi.LMSInitialize(''); window.scormApi.LMSSetValue('cmi.core.lesson_location', 'page-2');`;
// The SCO keeps what it read of its time limit, so the test reads it from the server: with two
// seconds allowed, the SCO may already be taken away when a busy machine lets the test look at it.
const INIT_READING_LIMIT = `${INIT} window.scormApi.LMSSetValue('cmi.suspend_data', window.scormApi.LMSGetValue('cmi.student_data.max_time_allowed')); window.scormApi.LMSCommit('');`;

if (browserAvailable('player time limits')) {
  const test = browserSuite('player time limits in the browser');

  test('exit,message: the learner is told, the SCO is taken away, its data is kept', async ({ t, browser }) => {
    const pkg = await uploadPackage(t, await testPackage('1.2', [{ id: 'sco1', title: 'Timed SCO', script: INIT_READING_LIMIT, maxtimeallowed: '0000:00:02.00', timelimitaction: 'exit,message' }]));
    const reg = await register(t, pkg);
    const page = await browser.newPage();
    await page.goto(reg.launchUrl);
    await page.waitForFunction(() => document.getElementById('player-status')?.textContent === 'The time allowed for this part is over.', undefined, { timeout: 15_000 });
    await page.waitForFunction(() => document.getElementById('sco-frame') === null, undefined, { timeout: 8000 });
    const data = await eventually(() => cmi(t, reg.id), (c) => c.scos[0]?.attempts[0]?.data.values['cmi.core.lesson_location'] === 'page-2');
    assert.is(data.scos[0].attempts[0].data.values['cmi.core.lesson_location'], 'page-2');
    assert.is(data.scos[0].attempts[0].data.values['cmi.suspend_data'], '0000:00:02.00', 'the SCO read its limit');
    await page.close();
  });

  test('continue,message: the learner is told and the SCO stays', async ({ t, browser }) => {
    const pkg = await uploadPackage(t, await testPackage('1.2', [{ id: 'sco1', title: 'Timed SCO', script: INIT, maxtimeallowed: '0000:00:01.00', timelimitaction: 'continue,message' }]));
    const reg = await register(t, pkg);
    const page = await browser.newPage();
    await page.goto(reg.launchUrl);
    await scoFrame(page);
    // One second allowed, but the wait is long: at a load average of 32 it had not shown after 8 s.
    await page.waitForFunction(() => document.getElementById('player-status')?.textContent === 'The time allowed for this part is over; you may go on.', undefined, { timeout: 15_000 });
    assert.ok(await page.$('#sco-frame'), 'the SCO is still there');
    await page.close();
  });

  test.run();
}
