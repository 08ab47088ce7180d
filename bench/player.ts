// Bench: time from opening the launch URL to the SCO's Initialize call in headless Chromium
// (real server, SQLite), median of 20, against a baseline measured in the same run on the same
// server: a static page of the same package (served by the content route) holding an iframe whose
// page calls a stub Initialize at once, i.e. what a launch costs with no player at all.
//   cold: a fresh browser context each run, nothing cached;
//   warm: one context for every run, as a learner relaunching (the hashed bundle from cache).
// Also the size of the player bundle, minified and gzipped. Aims (issue #15): launch < 150 ms.
// Run: npm run bench -- player
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext } from 'playwright-core';
import { buildPlayer } from '../scripts/build-player.ts';
import { browserAvailable, launchBrowser } from '../test/helpers/browser.ts';
import { register, testPackage, uploadPackage } from '../test/helpers/player.ts';
import { startTestApp } from '../test/helpers/test-app.ts';

const RUNS = 20;
const WARM_UP = 2;

await buildPlayer({ only: ['player'], minify: true });
const bundle = readFileSync(resolve(import.meta.dirname, '../public/build/player.js'));
const css = readFileSync(resolve(import.meta.dirname, '../public/player.css'));
console.log(`player bundle: ${(bundle.length / 1024).toFixed(1)} KB minified, ${(gzipSync(bundle).length / 1024).toFixed(1)} KB gzipped; player.css ${(gzipSync(css).length / 1024).toFixed(1)} KB gzipped`);

// The SCO calls Initialize as soon as its script runs and notes when, on the top page's clock
// (performance.now() of the player page counts from the start of its navigation).
const SCO_SCRIPT = `window.initializedAt = (function () { var api = window.scormApi; api.Initialize(''); return parent.performance.now(); })();`;
const BASELINE_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Baseline</title>
<script>window.API_1484_11 = { Initialize: function () { return 'true'; } };</script></head>
<body><iframe id="sco-frame" src="baseline-sco.html"></iframe></body></html>`;
const BASELINE_SCO = `<!doctype html><html><head><meta charset="utf-8"><title>Baseline SCO</title></head><body>
<script>window.initializedAt = (function () { parent.API_1484_11.Initialize(''); return parent.performance.now(); })();</script></body></html>`;

async function timeTo(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(url);
  const frame = await (await page.waitForSelector('#sco-frame')).contentFrame();
  const at = await frame!.waitForFunction(() => (window as unknown as { initializedAt?: number }).initializedAt).then((h) => h.jsonValue() as Promise<number>);
  await page.close();
  return at;
}

/** Median, min and max of RUNS timings after WARM_UP untimed ones (the server's first requests compile its code paths). */
async function measure(browser: Browser, warm: boolean, nextUrl: () => Promise<string>): Promise<number[]> {
  const times: number[] = [];
  const shared = warm ? await browser.newContext() : undefined;
  for (let i = 0; i < RUNS + WARM_UP; i++) {
    const context = shared ?? (await browser.newContext());
    const at = await timeTo(context, await nextUrl());
    if (i >= WARM_UP) times.push(at);
    if (!shared) await context.close();
  }
  await shared?.close();
  return times.sort((a, b) => a - b);
}

const median = (t: number[]) => (t[Math.floor((t.length - 1) / 2)]! + t[Math.ceil((t.length - 1) / 2)]!) / 2;
const show = (t: number[]) => `median ${median(t).toFixed(0)} ms (${t[0]!.toFixed(0)}–${t.at(-1)!.toFixed(0)})`;

if (browserAvailable('bench/player')) {
  const t = await startTestApp('sqlite');
  const browser = await launchBrowser();
  try {
    const pkg = await uploadPackage(t, await testPackage('2004', [{ id: 'sco1', title: 'Bench SCO', script: SCO_SCRIPT }], {
      files: { 'baseline.html': BASELINE_PAGE, 'baseline-sco.html': BASELINE_SCO },
    }));
    const tokenAnswer = (await (await t.admin(`/api/v1/packages/${pkg}/content-token`, { method: 'POST' })).json()) as { base_url: string };
    const baselineUrl = async () => `${tokenAnswer.base_url}baseline.html`;
    const launchUrl = async () => (await register(t, pkg)).launchUrl;
    const rows: [string, number[], number[]][] = [];
    for (const warm of [false, true]) {
      // Interleaved per mode so both see the same machine.
      const baseline = await measure(browser, warm, baselineUrl);
      const player = await measure(browser, warm, launchUrl);
      rows.push([warm ? 'warm (one context)' : 'cold (fresh context)', player, baseline]);
    }
    console.log(`launch URL → SCO Initialize, ${RUNS} runs each:`);
    for (const [label, player, baseline] of rows) {
      console.log(`  ${label.padEnd(21)} player ${show(player)}; baseline static page + iframe ${show(baseline)}; player − baseline ${(median(player) - median(baseline)).toFixed(0)} ms, ratio ${(median(player) / median(baseline)).toFixed(2)}`);
    }
    console.log(`  aim: player median < 150 ms. Machine load average: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  } finally {
    await browser.close();
    await t.stop();
  }
}
