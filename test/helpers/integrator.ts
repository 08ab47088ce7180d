// An integrator's page on another site than the player, framing a launch URL as a learning
// platform does (the product's main use), and the frames a test reaches through it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'playwright-core';

export interface Integrator {
  /** The integrator's page framing `launchUrl`, on a host of another site than the launch's. */
  pageFor(launchUrl: string): string;
  stop(): Promise<void>;
}

export async function startIntegrator(): Promise<Integrator> {
  const server: Server = createServer((req, res) => {
    const src = new URL(req.url ?? '/', 'http://x').searchParams.get('src') ?? '';
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><title>Integrator LMS</title><body style="margin:0;font-family:sans-serif">
<header style="padding:12px;background:#eee">My learning platform</header>
<iframe id="course" src="${src.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" style="width:100%;height:560px;border:0"></iframe>
<script>window.exits = []; addEventListener('message', (e) => { if (e.data && e.data.type) window.exits.push(e.data); });</script></body>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    pageFor(launchUrl) {
      // localhost and 127.0.0.1 are different sites: the player runs in a cross-site frame.
      const host = new URL(launchUrl).hostname === 'localhost' ? '127.0.0.1' : 'localhost';
      return `http://${host}:${port}/?src=${encodeURIComponent(launchUrl)}`;
    },
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function waitFor<T>(page: Page, find: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await page.waitForTimeout(25);
  }
}

/** The player's frame inside the integrator's page. */
export function playerFrameOf(page: Page): Promise<Frame> {
  return waitFor(page, () => page.frames().find((f) => /\/player\/[^/]+\?token=/.test(f.url())), 'player frame');
}

/** The SCO's frame inside the player (framed or not) once its page has loaded and run its onload. */
export async function scoFrameOf(page: Page, path: string | RegExp = /\/content\//): Promise<Frame> {
  const matches = (url: string) => (typeof path === 'string' ? url.includes('/content/') && url.includes(path) : path.test(url));
  const frame = await waitFor(page, () => page.frames().find((f) => matches(f.url()) && f.parentFrame()?.url().includes('/player/')), 'SCO frame');
  await frame.waitForFunction(() => document.readyState === 'complete', undefined, { timeout: 15_000 });
  return frame;
}
