// What every browser suite shares in one test run: the bundles built once, one Chromium, and a
// release that closes the contexts a suite opened (suites run one after another, so at a suite's
// end every open context is its own). Playwright ends the Chromium when the run's process exits.
import type { Browser } from 'playwright-core';
import { buildPlayer } from '../../scripts/build-player.ts';
import { launchBrowser } from './browser.ts';

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
