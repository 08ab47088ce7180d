// One traced launch (cold context) in headless Chromium: the renderer main thread's work between
// opening the launch URL and the SCO's Initialize, top-level tasks and what they were, on the
// trace's clock (ms since the page's navigation started), plus the network events. A tool for
// finding where bench/player.ts's time goes. Run: node --import tsx bench/launch-trace.ts [runs] (traces in /tmp/launch-trace-<n>.json)
import { writeFileSync } from 'node:fs';
import { buildPlayer } from '../scripts/build-player.ts';
import { launchBrowser } from '../test/helpers/browser.ts';
import { register, testPackage, uploadPackage } from '../test/helpers/player.ts';
import { startTestApp } from '../test/helpers/test-app.ts';

const INITIALIZED = 'bench: Initialize at ';
const SCO_SCRIPT = `(function () { var api = window.scormApi; parent.performance.mark('SCO script runs'); api.Initialize(''); console.log(${JSON.stringify(INITIALIZED)} + parent.performance.now()); })();`;
type Ev = { name: string; cat: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: any };

await buildPlayer({ only: ['player'], minify: true });
const t = await startTestApp('sqlite');
const browser = await launchBrowser();
try {
  const pkg = await uploadPackage(t, await testPackage('2004', [{ id: 'sco1', title: 'Bench SCO', script: SCO_SCRIPT }]));
  // Warm the server's code paths.
  for (let i = 0; i < 2; i++) {
    const c = await browser.newContext();
    const p = await c.newPage();
    const init = p.waitForEvent('console', { predicate: (m) => m.text().startsWith(INITIALIZED) });
    await p.goto((await register(t, pkg)).launchUrl, { waitUntil: 'commit' });
    await init;
    await c.close();
  }
  const runs = Number(process.argv[2] ?? 1);
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const url = (await register(t, pkg)).launchUrl;
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink.user_timing', 'loading', 'navigation', 'toplevel', 'blink'] });
    const init = page.waitForEvent('console', { predicate: (m) => m.text().startsWith(INITIALIZED) });
    await page.goto(url, { waitUntil: 'commit' });
    const at = Number((await init).text().slice(INITIALIZED.length));
    await page.waitForTimeout(50);
    const buf = await browser.stopTracing();
    writeFileSync(`/tmp/launch-trace-${run}.json`, buf);
    const events = (JSON.parse(buf.toString()) as { traceEvents: Ev[] }).traceEvents;
    const navStart = events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame)?.ts ?? events.find((e) => e.name === 'navigationStart')!.ts;
    const ms = (ts: number) => ((ts - navStart) / 1000).toFixed(1).padStart(7);
    const threads = new Map<string, string>();
    for (const e of events) if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
    console.log(`run ${run}: Initialize at ${at.toFixed(1)} ms`);
    const interesting = /^(ParseHTML|EvaluateScript|v8.compile|v8.compileModule|v8.evaluateModule|v8.produceModuleCache|FunctionCall|EventDispatch|TimerFire|Layout|UpdateLayoutTree|Paint|ParseAuthorStyleSheet|ResourceSendRequest|ResourceReceiveResponse|ResourceFinish|CommitLoad|v8.run|v8.parseOnBackground|MarkDOMContent|MarkLoad|XHRLoad|FireAnimationFrame|PrePaint|Commit|v8.callFunction|HandlePostMessage|RunMicrotasks|BackgroundDeserialize|v8.deserializeOnBackground|v8.compileStreaming|CompileScript|CompileModule)$/;
    const pids = new Set(events.filter((e) => /\/(player|content)\//.test(String(e.args?.data?.url ?? ''))).map((e) => e.pid));
    const rows = events
      .filter((e) => pids.has(e.pid) && !(e.name === 'Commit' && threads.get(`${e.pid}:${e.tid}`) === 'CrBrowserMain'))
      .filter((e) => (e.ph === 'X' || e.ph === 'I' || e.ph === 'i' || e.ph === 'R' || e.ph === 'b') && e.ts >= navStart && (interesting.test(e.name) || e.cat.includes('blink.user_timing')))
      .filter((e) => (e.dur ?? 0) >= 0.3 * 1000 || e.ph !== 'X' || /Resource|Mark|Commit/.test(e.name))
      .sort((a, b) => a.ts - b.ts);
    for (const e of rows) {
      const d = e.args?.data ?? e.args?.beginData ?? {};
      const what = d.url ? String(d.url).replace(/token=[^&]+/, 'token=…').replace(/\/content\/[^/]+\//, '/content/…/').slice(-60) : d.functionName ?? d.type ?? '';
      console.log(`${ms(e.ts)} ${e.dur ? (e.dur / 1000).toFixed(1).padStart(6) : '      '} ${(threads.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`).slice(0, 18).padEnd(18)} ${e.name} ${what}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await t.stop();
}
