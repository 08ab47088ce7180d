// ADL CTS scripts walked through the real player in Chromium: the learner's instructions are
// clicks on the player's own controls and table of contents, the test SCO's API calls go to
// window.API_1484_11 from inside the delivered SCO frame, and each expected delivery is the
// frame the player loads (its act= launch parameter). The same reading and judging as the pure
// runner (test/scorm/sequencing/cts/README.md).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { browserAvailable } from '../helpers/browser.ts';
import { CTS_SCRIPTS_DIR, fixturePath } from '../helpers/fixtures.ts';
import { register, screenshot, uploadPackage } from '../helpers/player.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { readCtsScript } from '../scorm/sequencing/cts/cts-script.ts';
import { decodeStep } from '../scorm/sequencing/cts/script-steps.ts';
import { runStep, type ScoApi } from '../scorm/sequencing/cts/step-runner.ts';
import { browserSuite } from '../helpers/browser-suite.ts';

/** The delivered SCO frame for `act`, once the player has replaced the previous one. */
async function frameFor(page: Page, act: string): Promise<Frame> {
  const handle = await page.waitForSelector('#sco-frame:not([data-cts-done])', { timeout: 15_000 });
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('no SCO frame');
  await frame.waitForLoadState('load');
  const got = new URL(frame.url()).searchParams.get('act');
  if (got !== act) throw new Error(`expected activity ${act}, the player delivered act=${got}`);
  return frame;
}

/** API_1484_11 as the SCO in `frame` finds it (its parent, the player). */
function frameApi(frame: Frame): ScoApi {
  return {
    call: (fn, ...args) =>
      frame.evaluate(([f, a]) => String((parent as unknown as Record<string, Record<string, (...x: string[]) => unknown>>).API_1484_11![f]!(...a)), [fn, args] as const),
  };
}

/** The CTS UI inspection question, answered from the player's DOM. */
async function uiAnswer(page: Page, question: string): Promise<boolean> {
  const [key, arg = ''] = question.split('@') as [string, string?];
  const control = (id: string) => page.$eval(id, (b) => !(b as HTMLButtonElement).hidden && !(b as HTMLButtonElement).disabled);
  const entry = async (title: string) => {
    const root = /^the activity that corresponds to the root of "(.*)"$/.exec(title);
    const items = await page.$$eval('#toc-list .toc-item', (els) =>
      els.map((e) => ({ title: e.querySelector('.toc-title')!.textContent!.trim(), disabled: (e as HTMLButtonElement).disabled, root: (e as HTMLElement).dataset.root === 'true' })));
    const tocOpen = await page.$eval('#toc', (t) => !(t as HTMLElement).hidden);
    const found = root ? items.find((i) => i.root) : items.find((i) => i.title === title.trim());
    return { found, tocOpen };
  };
  switch (key) {
    case 'previous.enabled': return control('#nav-previous');
    case 'previous.disabled': return !(await control('#nav-previous'));
    case 'continue.enabled': return control('#nav-continue');
    case 'continue.disabled': return !(await control('#nav-continue'));
    case 'toc.enabled.selectable': {
      const { found, tocOpen } = await entry(arg);
      return tocOpen && found !== undefined && !found.disabled;
    }
    case 'toc.visible': return (await entry(arg)).found !== undefined;
    case 'click.button': return true;
    default: throw new Error(`unknown UI question ${question}`);
  }
}

async function clickEntry(page: Page, title: string): Promise<void> {
  await page.locator('#toc-list .toc-item', { has: page.locator('.toc-title', { hasText: new RegExp(`^\\s*${title}\\s*$`) }) }).first().click();
}

let learners = 0;

async function walk(t: TestApp, browser: Browser, file: string): Promise<string[]> {
  const script = readCtsScript(readFileSync(resolve(CTS_SCRIPTS_DIR, file), 'utf8'));
  // One learner, one registration per package (DDM: DDMa and DDMb of the same learner).
  const learner = { id: `cts-learner-${++learners}`, name: 'Learner, CTS' };
  const names = script.title === 'DDM' ? ['DDMa', 'DDMb'] : [script.title];
  const launchUrls = new Map<string, string>();
  for (const name of names) {
    const packageId = await uploadPackage(t, fixturePath(`adl-cts4-${name.toLowerCase()}`));
    launchUrls.set(name, (await register(t, packageId, { learner })).launchUrl);
  }
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('dialog', (d) => void d.accept());
  const failures: string[] = [];
  let at = 'launch';
  const ended = () => page.waitForSelector('#panel[data-kind="end"]', { timeout: 10_000 });
  try {
    await page.goto(launchUrls.get(names[0]!)!);
    if (script.start !== '.') {
      // "Start by choosing <title> from the TOC", when the course does not start on its own.
      const started = await page.waitForSelector('#sco-frame:not([data-cts-done]), #panel[data-kind="choose"]', { timeout: 15_000 });
      if ((await started.getAttribute('id')) === 'panel') await clickEntry(page, script.start);
    }
    for (const block of script.blocks) {
      at = block.name;
      const frame = await frameFor(page, block.act);
      for (const q of block.questions) {
        const seen = await uiAnswer(page, q.question);
        if (seen !== q.answer) failures.push(`${block.name}: UI "${q.question}" is ${seen ? 'Y' : 'N'}, expected ${q.answer ? 'Y' : 'N'}`);
      }
      const api = frameApi(frame);
      for (const line of block.commands) {
        const step = decodeStep(line, { id: 'unused', name: 'unused' });
        if (!step || /learner_(id|name)/.test(step.param)) continue;
        const wrong = await runStep(api, step);
        if (wrong) failures.push(`${block.name}: ${wrong}`);
      }
      await page.$eval('#sco-frame', (f) => f.setAttribute('data-cts-done', ''));
      await api.call('Terminate', '');
      const [verb, arg = ''] = (block.instruction ?? '').split('~') as [string, string?];
      if (verb === 'Continue') await page.click('#nav-continue');
      else if (verb === 'Previous') await page.click('#nav-previous');
      else if (verb === 'Choice') await clickEntry(page, arg);
      else if (verb === 'TRIGExitAll' || verb === 'Exit') {
        if (await page.isVisible('#nav-exit')) await page.click('#nav-exit');
        if (verb === 'TRIGExitAll') await ended();
      } else if (verb === 'exitlaunch' || verb === 'autoendrelaunch' || /^ReLaunchDDM[ab]$/.test(verb)) {
        // Leave (exit all) or see the attempt end, then open the named package again.
        if (verb === 'exitlaunch' && (await page.isVisible('#nav-exit'))) await page.click('#nav-exit');
        await ended();
        await page.goto(launchUrls.get(verb.startsWith('ReLaunch') ? verb.slice(8) : arg)!);
      }
    }
  } catch (error) {
    failures.push(`${at}: ${String((error as Error).message).split('\n')[0]!}`);
    await screenshot(page, `cts-${script.title}`);
  } finally {
    await page.close();
  }
  return failures;
}

if (browserAvailable('ADL CTS scripts in the player')) {
  const test = browserSuite('ADL CTS scripts through the player in Chromium');

  // DDM: DDMa and DDMb of one learner, the learner's shared buckets across both, DDMb's own
  // emptied by a new attempt on its tree, relaunches between them.
  for (const file of ['CO-01.properties', 'SX-09.properties', 'CM-07b.properties', 'CM-07e.properties', 'DDM.properties']) {
    test(`${file.replace('.properties', '')}: deliveries, API answers and the UI as scripted`, async ({ t, browser }) => {
      assert.equal(await walk(t, browser, file), []);
    });
  }

  test.run();
}
