// Bench: time from opening the launch URL to the SCO's Initialize call in headless Chromium
// (real server, SQLite, a fresh browser context each run: nothing cached), median of 20; and the
// size of the player bundle, minified and gzipped. Aims: under 300 ms on localhost, under 50 KB.
// Run: node --import tsx bench/player.ts
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildPlayer } from '../scripts/build-player.ts';
import { browserAvailable, launchBrowser } from '../test/helpers/browser.ts';
import { register, testPackage, uploadPackage } from '../test/helpers/player.ts';
import { startTestApp } from '../test/helpers/test-app.ts';

const RUNS = 20;

await buildPlayer({ only: ['player'], minify: true });
const bundle = readFileSync(resolve(import.meta.dirname, '../public/build/player.js'));
const css = readFileSync(resolve(import.meta.dirname, '../public/player.css'));
console.log(`player bundle: ${(bundle.length / 1024).toFixed(1)} KB minified, ${(gzipSync(bundle).length / 1024).toFixed(1)} KB gzipped; player.css ${(gzipSync(css).length / 1024).toFixed(1)} KB gzipped`);

if (browserAvailable('bench/player')) {
  const t = await startTestApp('sqlite');
  const browser = await launchBrowser();
  try {
    // The SCO calls Initialize as soon as its script runs and notes when, on the player's clock
    // (performance.now() of the player page counts from the start of its navigation).
    const script = `window.initializedAt = (function () { var api = window.scormApi; api.Initialize(''); return parent.performance.now(); })();`;
    const pkg = await uploadPackage(t, await testPackage('2004', [{ id: 'sco1', title: 'Bench SCO', script }]));
    const times: number[] = [];
    for (let i = 0; i < RUNS + 2; i++) {
      const reg = await register(t, pkg);
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(reg.launchUrl);
      const frame = await (await page.waitForSelector('#sco-frame')).contentFrame();
      const at = await frame!.waitForFunction(() => (window as unknown as { initializedAt?: number }).initializedAt).then((h) => h.jsonValue() as Promise<number>);
      if (i >= 2) times.push(at); // two warm-up runs: the server's first requests compile its code paths
      await context.close();
    }
    times.sort((a, b) => a - b);
    const median = (times[RUNS / 2 - 1]! + times[RUNS / 2]!) / 2;
    console.log(`launch URL → SCO Initialize: median ${median.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms (${RUNS} runs, fresh context each)`);
  } finally {
    await browser.close();
    await t.stop();
  }
}
