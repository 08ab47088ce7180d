// What every browser suite shares in one test run: the bundles built once, one Chromium, a
// release that closes the contexts a suite opened (suites run one after another, so at a suite's
// end every open context is its own), and the suite factory that wires them. Playwright ends the
// Chromium when the run's process exits.
import type { Browser } from 'playwright-core';
import { suite } from 'uvu';
import { buildPlayer } from '../../scripts/build-player.ts';
import { launchBrowser } from './browser.ts';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.ts';

let bundles: Promise<void> | undefined;
let chromium: Promise<Browser> | undefined;

/** The player and console bundles, built (production settings) once per run. */
export function ensureBundles(): Promise<void> {
  bundles ??= buildPlayer().catch((error: unknown) => {
    bundles = undefined;
    throw error;
  });
  return bundles;
}

/** The run's Chromium, launched on first use and again only if it went away. */
export function sharedBrowser(): Promise<Browser> {
  chromium ??= launchBrowser().then((browser) => {
    browser.on('disconnected', () => (chromium = undefined));
    return browser;
  });
  chromium.catch(() => (chromium = undefined));
  return chromium;
}

/** A suite's end: every context it opened is closed; the browser stays for the next suite. */
export async function releaseBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser?.isConnected()) return;
  await Promise.all(browser.contexts().map((context) => context.close().catch(() => undefined)));
}

export interface BrowserSuiteContext {
  t: TestApp;
  browser: Browser;
}

export interface BrowserSuiteOptions<Extra> {
  /** The database of the suite's app: the run's (MySQL when TEST_DATABASE_URL is set) by default. */
  database?: 'sqlite' | 'mysql';
  app?: TestAppOptions;
  /** More for the suite, once its app and the browser are there. */
  setup?: (ctx: BrowserSuiteContext & Extra) => Promise<void>;
  /** Undoes `setup`, before the suite's contexts are closed and its app stops. */
  teardown?: (ctx: BrowserSuiteContext & Extra) => Promise<void>;
}

/** A uvu suite with the bundles built, its own app and the shared Chromium, released after. */
export function browserSuite<Extra extends object = object>(name: string, options: BrowserSuiteOptions<Extra> = {}) {
  const test = suite<BrowserSuiteContext & Extra>(name);
  test.before(async (ctx) => {
    await ensureBundles();
    ctx.t = await startTestApp(options.database ?? (process.env.TEST_DATABASE_URL ? 'mysql' : 'sqlite'), options.app);
    ctx.browser = await sharedBrowser();
    await options.setup?.(ctx);
  });
  test.after(async (ctx) => {
    await options.teardown?.(ctx);
    await releaseBrowser(ctx.browser);
    await ctx.t?.stop();
  });
  return test;
}
