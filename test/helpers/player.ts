// Shared set-up of the player's browser tests: a test SCO package written here (it finds the API
// the way real content does and leaves it on window.scormApi for the test to drive), uploading
// packages, registrations with launch URLs, and the learner's view of the player page.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import yazl from 'yazl';
import type { TestApp } from './test-app.ts';
import { uploadZip } from './uploads.ts';

export const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');

/** The ADL / pipwerks discovery: up window.parent (at most 7 levels), then the opener's chain. */
const DISCOVERY = `
function findApi(win, name) {
  var tries = 0;
  while (win[name] == null && win.parent != null && win.parent != win) {
    if (++tries > 7) return null;
    win = win.parent;
  }
  return win[name] || null;
}
function discover(name) {
  var api = findApi(window, name);
  if (api == null && window.opener != null) api = findApi(window.opener, name);
  return api;
}`;

function scoHtml(version: '1.2' | '2004', script: string, body = ''): string {
  const name = version === '1.2' ? 'API' : 'API_1484_11';
  return `<!doctype html><html><head><meta charset="utf-8"><title>Test SCO</title>
<script>${DISCOVERY}
window.scormApi = discover(${JSON.stringify(name)});
window.scoReady = true;
${script}
</script></head><body><h1 id="sco-heading">Test SCO</h1><p id="sco-query"></p>
<script>document.getElementById('sco-query').textContent = location.search;</script>${body}</body></html>`;
}

export interface TestItem {
  id: string;
  title: string;
  /** Script run in the SCO page after discovery (window.scormApi is set). */
  script?: string;
  /** 1.2 adlcp:prerequisites. */
  prerequisites?: string;
  masteryscore?: number;
  maxtimeallowed?: string;
  timelimitaction?: string;
  /** HTML put at the end of the SCO page's body. */
  body?: string;
}

export interface TestPackageOptions {
  /** 2004: the organization's imsss:sequencing (flow and choice on); false leaves the SN defaults (flow off). */
  sequencing?: boolean;
  /** More files in the package, by path. */
  files?: Record<string, string>;
}

function manifest(version: '1.2' | '2004', items: TestItem[], sequencing: boolean): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const itemXml = items.map((it) => {
    const extra12 = version === '1.2'
      ? [it.prerequisites ? `<adlcp:prerequisites type="aicc_script">${esc(it.prerequisites)}</adlcp:prerequisites>` : '',
         it.masteryscore !== undefined ? `<adlcp:masteryscore>${it.masteryscore}</adlcp:masteryscore>` : '',
         it.maxtimeallowed ? `<adlcp:maxtimeallowed>${it.maxtimeallowed}</adlcp:maxtimeallowed>` : '',
         it.timelimitaction ? `<adlcp:timelimitaction>${it.timelimitaction}</adlcp:timelimitaction>` : ''].join('')
      : '';
    return `<item identifier="${esc(it.id)}" identifierref="res_${esc(it.id)}"><title>${esc(it.title)}</title>${extra12}</item>`;
  }).join('\n');
  const scormType = version === '1.2' ? 'adlcp:scormtype' : 'adlcp:scormType';
  const resources = items.map((it) => `<resource identifier="res_${esc(it.id)}" type="webcontent" ${scormType}="sco" href="${esc(it.id)}.html"><file href="${esc(it.id)}.html"/></resource>`).join('\n');
  if (version === '1.2') {
    return `<?xml version="1.0"?>
<manifest identifier="test.player.12" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
<organizations default="org"><organization identifier="org"><title>Player test course 1.2</title>
${itemXml}
</organization></organizations>
<resources>${resources}</resources></manifest>`;
  }
  return `<?xml version="1.0"?>
<manifest identifier="test.player.2004" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss" xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3">
<metadata><schema>ADL SCORM</schema><schemaversion>2004 3rd Edition</schemaversion></metadata>
<organizations default="org"><organization identifier="org"><title>Player test course 2004</title>
${itemXml}
${sequencing ? '<imsss:sequencing><imsss:controlMode choice="true" flow="true"/></imsss:sequencing>' : ''}
</organization></organizations>
<resources>${resources}</resources></manifest>`;
}

export function testPackage(version: '1.2' | '2004', items: TestItem[], options: TestPackageOptions = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(manifest(version, items, options.sequencing ?? true)), 'imsmanifest.xml');
  for (const it of items) zip.addBuffer(Buffer.from(scoHtml(version, it.script ?? '', it.body)), `${it.id}.html`);
  for (const [path, text] of Object.entries(options.files ?? {})) zip.addBuffer(Buffer.from(text), path);
  zip.end();
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolvePromise(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

export async function uploadPackage(t: TestApp, zip: Buffer | string): Promise<string> {
  const answer = await uploadZip(t, zip);
  if (answer.status !== 201) throw new Error(`upload failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return String(answer.body.id);
}

let learners = 0;

export async function register(t: TestApp, packageId: string, init: Record<string, unknown> = {}): Promise<{ id: string; launchUrl: string }> {
  learners += 1;
  const res = await t.admin('/api/v1/registrations', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ package_id: packageId, learner: { id: `learner-${learners}`, name: `Learner ${learners}` }, ...init }),
  });
  const body = (await res.json()) as { id: string; launch_url: string };
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(body)}`);
  return { id: body.id, launchUrl: body.launch_url };
}

export async function progress(t: TestApp, registrationId: string): Promise<Record<string, any>> {
  return (await (await t.admin(`/api/v1/registrations/${encodeURIComponent(registrationId)}`)).json()) as Record<string, any>;
}

export async function cmi(t: TestApp, registrationId: string): Promise<Record<string, any>> {
  return (await (await t.admin(`/api/v1/registrations/${encodeURIComponent(registrationId)}/cmi`)).json()) as Record<string, any>;
}

/** The frame of the SCO now in the player, once its script has run. */
export async function scoFrame(page: Page, timeout = 10_000): Promise<Frame> {
  const handle = await page.waitForSelector('#sco-frame', { timeout });
  const deadline = Date.now() + timeout;
  for (;;) {
    const frame = await handle.contentFrame();
    if (frame) {
      try {
        await frame.waitForFunction(() => document.readyState === 'complete', undefined, { timeout: Math.max(100, deadline - Date.now()) });
        return frame;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
    }
    if (Date.now() > deadline) throw new Error('no SCO frame');
    await page.waitForTimeout(50);
  }
}

/** Waits until the server's view satisfies `check` (commits travel asynchronously). */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: resolve(ARTIFACTS, `${name}.png`) });
}
