// Bench: time from opening the launch URL to the SCO's Initialize call in headless Chromium
// (real server, SQLite), median of 20, beside the FLOOR measured in the same run on the same
// server and browser: a static page of the same package on the same (delivery) origin, served by
// the content route, that holds a stub window.API_1484_11 and an iframe of the very SCO page the
// player launches, timed at the same point (the SCO's console message after Initialize), i.e.
// what a launch costs in this browser on this machine with no player at all.
//   cold: a fresh browser context each run, nothing cached;
//   warm: one context for every run, as a learner relaunching (the hashed bundle from cache).
// The SCO frame is same-origin with the player (content is served on the player's origin, which
// SCORM's API discovery needs; decision 0018), so the floor has no cross-origin frame either.
// Also the size of the player bundle, minified and gzipped, and where the time goes: the median of
// each phase of the player's and the floor's launches (the page's and the SCO frame's resource and
// navigation timings, on one clock) and the server's own time for each request. Aims (issue #15):
// launch < 150 ms. Run: npm run bench -- player (BENCH_RUNS=n for fewer runs)
import { subscribe } from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext } from 'playwright-core';
import { buildPlayer } from '../scripts/build-player.ts';
import { browserAvailable, launchBrowser } from '../test/helpers/browser.ts';
import { register, testPackage, uploadPackage } from '../test/helpers/player.ts';
import { startTestApp } from '../test/helpers/test-app.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WARM_UP = 2;

await buildPlayer({ only: ['player'], minify: true });
const bundle = readFileSync(resolve(import.meta.dirname, '../public/build/player.js'));
const css = readFileSync(resolve(import.meta.dirname, '../public/player.css'));
console.log(`player bundle: ${(bundle.length / 1024).toFixed(1)} KB minified, ${(gzipSync(bundle).length / 1024).toFixed(1)} KB gzipped; player.css ${(gzipSync(css).length / 1024).toFixed(1)} KB gzipped`);

// The SCO calls Initialize as soon as its script runs and tells when, on the top page's clock
// (performance.now() of the top page counts from the start of its navigation), in a console
// message: the bench waits for that message instead of polling the page, so none of the
// driver's own work (the script it injects into each frame it queries) runs in the page
// meanwhile. The floor's page loads this same SCO page, which finds the floor's stub API.
const INITIALIZED = 'bench: Initialize at ';
const SCO_SCRIPT = `(function () { var api = window.scormApi; parent.performance.mark('SCO script runs'); api.Initialize(''); console.log(${JSON.stringify(INITIALIZED)} + parent.performance.now()); })();`;
const FLOOR_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Floor</title>
<script>window.API_1484_11 = { Initialize: function () { performance.mark('floor: Initialize'); return 'true'; } };</script></head>
<body><iframe id="sco-frame" src="sco1.html"></iframe></body></html>`;

/** Where a launch's time went, on the top page's clock (ms since its navigation started). */
type Phases = Record<string, number>;
const phaseLog: Phases[] = [];

/** The server's own time for each request of a launch (from its request to its response's end), by kind. */
const serverLog = new Map<string, number[]>();
const started = new WeakMap<IncomingMessage, number>();
const requestKind = (url: string): string | null => {
  const path = url.split('?')[0]!;
  if (path.startsWith('/player/')) return 'player page';
  if (path.startsWith('/content/')) return path.endsWith('/floor.html') ? 'floor page (content route)' : 'SCO document (content route)';
  if (path.endsWith('/attempts')) return 'attempt POST';
  if (path.endsWith('/sequencing-state')) return 'state PUT';
  return null;
};
subscribe('http.server.request.start', (message) => started.set((message as { request: IncomingMessage }).request, performance.now()));
subscribe('http.server.response.finish', (message) => {
  const request = (message as { request: IncomingMessage }).request;
  const kind = requestKind(request.url ?? '');
  const at = started.get(request);
  if (kind && at !== undefined) serverLog.set(kind, [...(serverLog.get(kind) ?? []), performance.now() - at]);
});

/** Reads the page's and the frame's performance timelines once the SCO has called Initialize. */
function readPhases(): Phases {
  const out: Phases = {};
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
  out['page request sent'] = nav.requestStart;
  out['page first byte'] = nav.responseStart;
  out['page last byte'] = nav.responseEnd;
  out['DOMContentLoaded (bundle ran)'] = nav.domContentLoadedEventStart;
  for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
    const path = new URL(e.name).pathname;
    const what = path.startsWith('/build/') ? 'bundle' : path.endsWith('/attempts') ? 'attempt POST' : path.endsWith('/sequencing-state') ? 'state PUT' : path.endsWith('.css') ? 'css' : null;
    if (!what || out[`${what} start`] !== undefined) continue;
    out[`${what} start`] = e.startTime;
    if (e.responseStart > 0) out[`${what} first byte`] = e.responseStart;
    out[`${what} end`] = e.responseEnd;
  }
  for (const m of performance.getEntriesByType('mark')) out[`mark ${m.name}`] = m.startTime;
  const fw = (document.getElementById('sco-frame') as HTMLIFrameElement | null)?.contentWindow;
  const fnav = fw?.performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (fw && fnav) {
    const shift = fw.performance.timeOrigin - performance.timeOrigin;
    out['SCO navigation starts'] = shift;
    out['SCO fetch starts'] = shift + fnav.fetchStart;
    if (fnav.connectEnd > fnav.connectStart) out['SCO connection opened (a new one)'] = shift + fnav.connectEnd;
    out['SCO request sent'] = shift + fnav.requestStart;
    out['SCO first byte'] = shift + fnav.responseStart;
    out['SCO last byte'] = shift + fnav.responseEnd;
  }
  return out;
}

async function timeTo(context: BrowserContext, url: string, phases: boolean): Promise<number> {
  const page = await context.newPage();
  const initialized = page.waitForEvent('console', { predicate: (m) => m.text().startsWith(INITIALIZED), timeout: 30_000 });
  await page.goto(url, { waitUntil: 'commit' });
  const at = Number((await initialized).text().slice(INITIALIZED.length));
  if (phases) phaseLog.push({ ...(await page.evaluate(readPhases)), 'SCO Initialize': at });
  await page.close();
  return at;
}

/** RUNS timings, sorted, after WARM_UP untimed ones (the server's first requests compile its code paths). */
async function measure(browser: Browser, warm: boolean, nextUrl: () => Promise<string>): Promise<number[]> {
  const times: number[] = [];
  const shared = warm ? await browser.newContext() : undefined;
  for (let i = 0; i < RUNS + WARM_UP; i++) {
    if (i === WARM_UP) serverLog.clear();
    const context = shared ?? (await browser.newContext());
    const at = await timeTo(context, await nextUrl(), i >= WARM_UP);
    if (i >= WARM_UP) times.push(at);
    if (!shared) await context.close();
  }
  await shared?.close();
  return times.sort((a, b) => a - b);
}

const median = (t: number[]) => (t[Math.floor((t.length - 1) / 2)]! + t[Math.ceil((t.length - 1) / 2)]!) / 2;
const show = (t: number[]) => `median ${median(t).toFixed(0)} ms (${t[0]!.toFixed(0)}–${t.at(-1)!.toFixed(0)})`;

/** The median of each phase over the runs just measured, in time order, and the server's time per request. */
function printPhases(label: string): void {
  const names = [...new Set(phaseLog.flatMap((p) => Object.keys(p)))];
  const rows = names.map((name) => [name, median(phaseLog.map((p) => p[name]).filter((v): v is number => v !== undefined).sort((a, b) => a - b))] as const);
  console.log(`  where the time goes (${label}, median of each phase, ms since the URL was opened):`);
  for (const [name, at] of rows.sort((a, b) => a[1] - b[1])) console.log(`    ${at.toFixed(1).padStart(7)}  ${name}`);
  phaseLog.length = 0;
  console.log(`  the server's time for each request (${label}, median, ms):`);
  for (const [kind, times] of serverLog) console.log(`    ${median(times.sort((a, b) => a - b)).toFixed(1).padStart(7)}  ${kind}`);
  serverLog.clear();
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

if (browserAvailable('bench/player')) {
  const t = await startTestApp('sqlite');
  const browser = await launchBrowser();
  try {
    const pkg = await uploadPackage(t, await testPackage('2004', [{ id: 'sco1', title: 'Bench SCO', script: SCO_SCRIPT }], {
      files: { 'floor.html': FLOOR_PAGE },
    }));
    // A content token of its own for each floor run, as each launch has: the floor's page and SCO
    // are new URLs every time, never served from the HTTP cache, like the player's.
    const floorUrl = async () => {
      const answer = (await (await t.admin(`/api/v1/packages/${pkg}/content-token`, { method: 'POST' })).json()) as { base_url: string };
      return `${answer.base_url}floor.html`;
    };
    const launchUrl = async () => (await register(t, pkg)).launchUrl;
    const rows: [string, number[], number[]][] = [];
    for (const warm of [false, true]) {
      const mode = warm ? 'warm' : 'cold';
      // Interleaved per mode so both see the same machine.
      const floor = await measure(browser, warm, floorUrl);
      printPhases(`floor, ${mode}`);
      const player = await measure(browser, warm, launchUrl);
      printPhases(`player, ${mode}`);
      rows.push([warm ? 'warm (one context)' : 'cold (fresh context)', player, floor]);
    }
    console.log(`launch URL → SCO Initialize, ${RUNS} runs each (load average at the end ${loadAverage()}):`);
    for (const [label, player, floor] of rows) {
      console.log(`  ${label.padEnd(21)} player ${show(player)}; floor (static page + iframe of the same SCO) ${show(floor)}; player − floor ${(median(player) - median(floor)).toFixed(0)} ms`);
    }
    console.log(`  aim: player median < 150 ms.`);
  } finally {
    await browser.close();
    await t.stop();
  }
}
