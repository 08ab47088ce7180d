// A hostile course in Chromium: its SCO (and an SVG and an XHTML page of the same package) hunts
// for tokens in every window and storage it can reach and calls the admin API on both origins in
// every spelling it knows, with every token-looking string it found. Previewed from a signed-in
// console and launched by a learner, it finds no admin token and no admin call succeeds (in the
// browser and in the server's request log). The golf packages still play and commit on the
// delivery origin, inside an integrator's iframe on a third origin, and on per-package origins,
// where the hostile package cannot read another package's storage.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Frame, Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import yazl from 'yazl';
import { openConsole } from '../console/console-browser.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { eventually, progress, register, screenshot, uploadPackage } from '../helpers/player.ts';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../helpers/test-app.ts';
import { ensureBundles, sharedBrowser, releaseBrowser } from '../helpers/browser-suite.ts';

interface Findings {
  access: string[];
  loot: string[];
  candidates: string[];
  calls: { origin: string; path: string; how: string; status: number | string }[];
  sockets: { url: string; messages: number; code: number | string }[];
}

/**
 * The attack, run in each hostile page. `adminOrigin` is what a targeted attacker would know (the
 * LMS's public address); it also tries every ancestor origin the browser reveals.
 */
function hostileScript(adminOrigin: string): string {
  return `
(function () {
  var ADMIN = ${JSON.stringify(adminOrigin)};
  var found = { access: [], loot: [], candidates: [], calls: [], sockets: [] };
  var seen = [];
  function scan(win, label) {
    try {
      var parts = [];
      var ls = win.localStorage;
      for (var i = 0; i < ls.length; i++) parts.push('localStorage ' + ls.key(i) + '=' + ls.getItem(ls.key(i)));
      var ss = win.sessionStorage;
      for (var j = 0; j < ss.length; j++) parts.push('sessionStorage ' + ss.key(j) + '=' + ss.getItem(ss.key(j)));
      parts.push('cookie ' + win.document.cookie);
      parts.push('url ' + win.location.href);
      parts.push('html ' + win.document.documentElement.outerHTML);
      for (var name in win) {
        try { var v = win[name]; if (typeof v === 'string' && v.length > 15) parts.push('global ' + name + '=' + v); } catch (e) {}
      }
      found.access.push(label + ' ' + win.location.origin + ': readable');
      for (var p = 0; p < parts.length; p++) found.loot.push(label + ' ' + parts[p]);
    } catch (e) {
      found.access.push(label + ': blocked (' + e.name + ')');
    }
  }
  function walk(win, label, depth) {
    if (!win || seen.indexOf(win) >= 0 || depth > 6) return;
    seen.push(win);
    scan(win, label);
    var n = 0;
    try { n = win.frames.length; } catch (e) {}
    for (var i = 0; i < n; i++) walk(win.frames[i], label + '.frames[' + i + ']', depth + 1);
  }
  walk(window, 'self', 0);
  var w = window;
  for (var up = 1; up < 8 && w.parent && w.parent !== w; up++) { w = w.parent; walk(w, 'parent^' + up, 0); }
  try { window.top.sessionStorage.getItem('scorm-console.admin-token'); found.access.push('top ' + window.top.location.origin + ': readable'); }
  catch (e) { found.access.push('top: blocked (' + e.name + ')'); }
  walk(window.top, 'top', 0);
  if (window.opener) walk(window.opener, 'opener', 0);

  var text = found.loot.join('\\n');
  var tokens = text.match(/[A-Za-z0-9_.~+\\/=-]{16,}/g) || [];
  found.candidates = tokens.filter(function (t, i) { return tokens.indexOf(t) === i; }).slice(0, 12);
  var origins = [location.origin, ADMIN];
  var ancestors = location.ancestorOrigins || [];
  for (var a = 0; a < ancestors.length; a++) if (origins.indexOf(ancestors[a]) < 0) origins.push(ancestors[a]);
  var paths = ['/api/v1/packages', '/api/v1/registrations', '/API/v1/registrations', '/Api/v1/packages', '/api/V1/packages', '//api/v1/packages', '/api/v1/../v1/packages', '/api/v1/%70ackages'];
  function record(origin, path, how, promise) {
    return promise.then(function (res) { found.calls.push({ origin: origin, path: path, how: how, status: res.type === 'opaque' ? 'opaque' : res.status }); },
      function (e) { found.calls.push({ origin: origin, path: path, how: how, status: 'blocked ' + e.name }); });
  }
  var work = [];
  origins.forEach(function (origin) {
    paths.forEach(function (path) {
      work.push(record(origin, path, 'plain', fetch(origin + path)));
      work.push(record(origin, path, 'no-cors', fetch(origin + path, { mode: 'no-cors' })));
      work.push(record(origin, path, 'credentials', fetch(origin + path, { credentials: 'include' })));
    });
    work.push(record(origin, '/api/v1/registrations', 'no-cors POST', fetch(origin + '/api/v1/registrations', {
      method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ package_id: 'x', learner: { id: 'pwned', name: 'pwned' } }) })));
    found.candidates.forEach(function (token) {
      ['/api/v1/packages', '/API/v1/registrations'].forEach(function (path) {
        work.push(record(origin, path, 'bearer ' + token.slice(0, 12), fetch(origin + path, { headers: { authorization: 'Bearer ' + token } })));
      });
      work.push(record(origin, '/api/v1/packages?token=' + token.slice(0, 8), 'query token', fetch(origin + '/api/v1/packages?token=' + encodeURIComponent(token))));
    });
    found.candidates.slice(0, 2).forEach(function (token) {
      var url = origin.replace(/^http/, 'ws') + '/ws/jobs/x?token=' + encodeURIComponent(token);
      work.push(new Promise(function (resolve) {
        var messages = 0, socket, done = false;
        function end(code) { if (done) return; done = true; found.sockets.push({ url: url, messages: messages, code: code }); resolve(); }
        try { socket = new WebSocket(url); } catch (e) { return end('throws'); }
        socket.onmessage = function () { messages++; };
        socket.onclose = function (event) { end(event.code); };
        // Chromium opens one socket per host at a time: the queue of this hunt can take a while.
        setTimeout(function () { try { socket.close(); } catch (e) {} end('timeout'); }, 15000);
      }));
    });
  });
  Promise.all(work).then(function () {
    window.__hostile = found;
    window.__hostileDone = true;
  });
})();`;
}

function scoPage(adminOrigin: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Hostile SCO</title></head><body>
<h1 id="hostile">A perfectly normal lesson</h1>
<script>
function findApi(w) { for (var i = 0; w && i < 10; i++) { if (w.API) return w.API; if (w.parent === w) break; w = w.parent; } return null; }
var api = findApi(window);
if (api) { api.LMSInitialize(''); api.LMSSetValue('cmi.core.lesson_status', 'completed'); api.LMSCommit(''); }
window.scoReady = true;
${hostileScript(adminOrigin)}
</script>
<iframe id="svg" src="evil.svg" width="10" height="10"></iframe>
<iframe id="xhtml" src="evil.xhtml" width="10" height="10"></iframe>
</body></html>`;
}

/** SVG and XHTML run script too; they report to the same hunt. */
function svgFile(adminOrigin: string): string {
  return `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script><![CDATA[${hostileScript(adminOrigin)}]]></script></svg>`;
}

function xhtmlFile(adminOrigin: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body><script><![CDATA[${hostileScript(adminOrigin)}]]></script></body></html>`;
}

function hostileZip(adminOrigin: string): Promise<Buffer> {
  const manifest = `<?xml version="1.0"?>
<manifest identifier="hostile" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
<organizations default="org"><organization identifier="org"><title>Hostile course</title>
<item identifier="sco1" identifierref="res1"><title>Lesson</title></item></organization></organizations>
<resources><resource identifier="res1" type="webcontent" adlcp:scormtype="sco" href="sco1.html">
<file href="sco1.html"/><file href="evil.svg"/><file href="evil.xhtml"/></resource></resources></manifest>`;
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(manifest), 'imsmanifest.xml');
  zip.addBuffer(Buffer.from(scoPage(adminOrigin)), 'sco1.html');
  zip.addBuffer(Buffer.from(svgFile(adminOrigin)), 'evil.svg');
  zip.addBuffer(Buffer.from(xhtmlFile(adminOrigin)), 'evil.xhtml');
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** Waits for every hostile page under `page` (SCO, SVG, XHTML) to finish its hunt. */
async function huntResults(page: Page, expected = 3, timeoutMs = 30_000): Promise<{ frame: string; findings: Findings }[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const done: { frame: string; findings: Findings }[] = [];
    for (const frame of page.frames()) {
      const findings = await frame.evaluate(() => (window as unknown as { __hostileDone?: boolean; __hostile?: unknown }).__hostileDone ? (window as unknown as { __hostile: unknown }).__hostile : null).catch(() => null);
      if (findings) done.push({ frame: frame.url(), findings: findings as Findings });
    }
    if (done.length >= expected) return done;
    if (Date.now() > deadline) throw new Error(`only ${done.length} of ${expected} hostile pages finished: ${page.frames().map((f) => f.url()).join(', ')}`);
    await page.waitForTimeout(200);
  }
}

function assertNothingGained(results: { frame: string; findings: Findings }[], t: TestApp, context: string): void {
  const adminOrigin = new URL(t.url).origin;
  for (const { frame, findings } of results) {
    const where = `${context}, ${frame.split('?')[0]}`;
    assert.ok(findings.loot.length > 0, `${where}: the hunt read its own window`);
    const leaked = findings.loot.filter((l) => l.includes(TEST_ADMIN_TOKEN)).map((l) => l.slice(0, 300));
    assert.equal(leaked, [], `${where}: no admin token anywhere it could reach`);
    assert.not.ok(JSON.stringify(findings).includes(TEST_ADMIN_TOKEN), `${where}: no admin token anywhere it could reach`);
    // The console's window (admin origin) is never readable from course content.
    assert.not.ok(findings.access.some((a) => a.includes(`${adminOrigin}: readable`)), `${where}: ${findings.access.join(' | ')}`);
    assert.ok(findings.calls.length > 50, `${where}: it really tried (${findings.calls.length} calls)`);
    assert.ok(findings.calls.some((c) => c.origin === adminOrigin), `${where}: it tried the admin origin`);
    for (const call of findings.calls) {
      const ok = typeof call.status === 'number' && call.status >= 200 && call.status < 300;
      assert.not.ok(ok, `${where}: ${call.how} ${call.origin}${call.path} answered ${call.status}`);
    }
    // The job socket answers nothing: refused before its handshake or closed at once, no message.
    assert.ok(findings.sockets.length > 0, `${where}: it tried the job socket`);
    for (const socket of findings.sockets) {
      assert.is(socket.messages, 0, `${where}: ${socket.url} sent nothing`);
      assert.ok(socket.code === 1006 || socket.code === 4401 || socket.code === 4403, `${where}: ${socket.url} closed with ${socket.code}`);
    }
  }
}

/** Every admin-looking request the servers logged since `from`: none answered 2xx. */
function assertServerRefusedAll(t: TestApp, from: number, context: string): number {
  const calls = t.logger.lines.slice(from).filter((l) => l.message === 'request' && /^\/+(api|ws)/i.test(String(l.path)));
  for (const line of calls) assert.ok(Number(line.status) >= 400, `${context}: ${line.method} ${line.path} → ${line.status}`);
  return calls.length;
}

if (browserAvailable('hostile package')) {
  const test = suite<{ t: TestApp; browser: Browser; hostile: string }>('hostile package (browser)');
  test.before(async (ctx) => {
    await ensureBundles();
    ctx.t = await startTestApp(process.env.TEST_DATABASE_URL ? 'mysql' : 'sqlite');
    ctx.browser = await sharedBrowser();
    ctx.hostile = await uploadPackage(ctx.t, await hostileZip(new URL(ctx.t.url).origin));
  });
  test.after(async (ctx) => {
    await releaseBrowser(ctx.browser);
    await ctx.t?.stop();
  });

  test('previewed from a signed-in console: no admin token found, no admin endpoint reached', async ({ t, browser, hostile }) => {
    const page = await openConsole(browser, t, `#/packages/${hostile}`);
    try {
      await page.locator('.package-page').waitFor();
      await page.getByRole('button', { name: 'Preview' }).click();
      const results = await huntResults(page);
      assertNothingGained(results, t, 'console preview');
      // The SCO's own API still worked inside the preview: the player is on the delivery origin
      // with its content.
      const reg = await eventually(() => progress(t, `preview-${hostile}`), (p) => p.completion_status === 'completed');
      assert.is(reg.completion_status, 'completed');
      const sco = results.find((r) => r.frame.endsWith('sco1.html'))!;
      assert.ok(sco.findings.access.some((a) => a.startsWith('top: blocked')), `the console (top) is out of reach: ${sco.findings.access.join(' | ')}`);
      await screenshot(page, 'hostile-preview');
    } finally {
      await page.close();
    }
  });

  test('launched by a learner (with an admin console open in the same browser): nothing gained, the server refused every call', async ({ t, browser, hostile }) => {
    const context = await browser.newContext();
    const consolePage = await context.newPage();
    await consolePage.addInitScript(
      ({ token, origin }) => {
        if (location.origin === origin) sessionStorage.setItem('scorm-console.admin-token', token);
      },
      { token: TEST_ADMIN_TOKEN, origin: new URL(t.url).origin },
    );
    await consolePage.goto(`${t.url}/#/packages`);
    await consolePage.locator('#nav a').first().waitFor();
    const reg = await register(t, hostile);
    const from = t.logger.lines.length;
    const page = await context.newPage();
    try {
      await page.goto(reg.launchUrl);
      const results = await huntResults(page);
      assertNothingGained(results, t, 'learner launch');
      const sco = results.find((r) => r.frame.endsWith('sco1.html'))!;
      // Same origin as its player (it must find the API there), so it can read the launch token
      // in the player's URL; that token opens nothing of the admin API.
      assert.ok(sco.findings.candidates.length > 0);
      const seenByServer = assertServerRefusedAll(t, from, 'learner launch');
      assert.ok(seenByServer > 20, `the hostile requests reached the servers and were refused (${seenByServer})`);
      await eventually(() => progress(t, reg.id), (p) => p.completion_status === 'completed');
    } finally {
      await context.close();
    }
  });

  test('golf still plays and commits on the delivery origin inside an integrator iframe on a third origin', async ({ t, browser }) => {
    const packageId = await uploadPackage(t, fixturePath('golf-runtime-basic-2004-3rd'));
    const reg = await register(t, packageId);
    assert.ok(reg.launchUrl.startsWith(`${t.deliveryUrl}/player/`));
    const integrator: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><title>Integrator</title><iframe id="course" src="${reg.launchUrl}" style="width:1100px;height:700px;border:0"></iframe>`);
    });
    await new Promise<void>((r) => integrator.listen(0, '127.0.0.1', r));
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    page.on('dialog', (d) => void d.accept());
    try {
      // localhost: a third site besides the admin and delivery origins on 127.0.0.1.
      await page.goto(`http://localhost:${(integrator.address() as AddressInfo).port}/`);
      const sco = page.frameLocator('#course').frameLocator('#sco-frame');
      const next = sco.locator('#butNext');
      await next.waitFor({ timeout: 20_000 });
      for (let i = 0; i < 30 && !(await next.isDisabled()); i++) await next.click();
      const quiz = sco.frameLocator('#contentFrame');
      await quiz.locator('input[value="Submit Answers"]').click();
      const shown = Number(/Score: (\d+)/.exec((await quiz.locator('h3').first().textContent()) ?? '')![1]);
      await sco.locator('#butExit').click();
      const view = await eventually(() => progress(t, reg.id), (p) => p.completion_status === 'completed' && p.score.raw !== null);
      assert.is(view.score.raw, shown);
      const playerFrame = page.frames().find((f: Frame) => f.url().includes('/player/'))!;
      assert.is(new URL(playerFrame.url()).origin, new URL(t.deliveryUrl).origin);
    } finally {
      await page.close();
      await new Promise((r) => integrator.close(r));
    }
  });

  test.run();

  const perPackage = suite<{ t: TestApp; browser: Browser }>('per-package origins (browser)');
  perPackage.before(async (ctx) => {
    // Chromium resolves every *.localhost name to the loopback address: no DNS needed.
    ctx.t = await startTestApp(process.env.TEST_DATABASE_URL ? 'mysql' : 'sqlite', { deliveryUrl: (port) => `http://{package}.localhost:${port}` });
    ctx.browser = await sharedBrowser();
  });
  perPackage.after(async (ctx) => {
    await releaseBrowser(ctx.browser);
    await ctx.t?.stop();
  });

  perPackage("golf plays on its own origin; the hostile package cannot read another package's storage", async ({ t, browser }) => {
    const golf = await uploadPackage(t, fixturePath('golf-runtime-basic-12'));
    const hostile = await uploadPackage(t, await hostileZip(new URL(t.url).origin));
    const context = await browser.newContext();
    try {
      const golfReg = await register(t, golf);
      assert.is(new URL(golfReg.launchUrl).hostname, `${golf}.localhost`);
      const golfPage = await context.newPage();
      golfPage.on('dialog', (d) => void d.accept());
      await golfPage.goto(golfReg.launchUrl);
      const sco = golfPage.frameLocator('#sco-frame');
      await sco.locator('#butNext').click({ timeout: 20_000 });
      await sco.locator('#butNext').click();
      // Something of the golf package's in its origin's storage, for the hostile one to look for.
      await golfPage.evaluate(() => localStorage.setItem('golf-private', 'golf-secret-value-0123456789'));
      await golfPage.click('#nav-suspend');
      await eventually(() => progress(t, golfReg.id), (p) => p.scos[0].attempts >= 1 && p.completion_status !== 'not attempted');

      const hostileReg = await register(t, hostile);
      const page = await context.newPage();
      await page.goto(hostileReg.launchUrl);
      const results = await huntResults(page);
      assertNothingGained(results, t, 'per-package launch');
      for (const { findings } of results) assert.not.ok(JSON.stringify(findings).includes('golf-secret-value'), 'another package\'s storage is out of reach');
    } finally {
      await context.close();
    }
  });

  perPackage.run();
}
