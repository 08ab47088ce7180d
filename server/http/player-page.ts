// The HTML of the player: the shell page the player bundle fills in, and the friendly page shown
// instead when a launch cannot start (expired or invalid link, deleted course).
import type { LaunchData } from '../../contract/runtime.ts';
import { inlineJson } from './launch-data.ts';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const META = `<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">`;
const LINKED_STYLES = '<link rel="stylesheet" href="/player.css">';
const HEAD = `${META}
${LINKED_STYLES}`;

/**
 * The player's first act is to read its journal from localStorage (runtime-protocol §1: a
 * journal left unsent is replayed before anything else), and the first touch of an origin's
 * localStorage in a page loads it with a synchronous call to the browser process. Touched here,
 * that load happens while the bundle is still on its way instead of in its task, before the
 * attempt request can leave (decision 0041). Nothing is read or written.
 */
const STORAGE_WARM_UP = '<script>try { localStorage.length; } catch (e) {}</script>';

export interface ShellInput {
  title: string;
  packageId: string;
  /** GET /runtime/:id's answer, inline: the player starts without asking for it. */
  launchData: LaunchData;
  /** URL of the player bundle (content-hashed). */
  playerScript: string;
  /** Seals the player's localStorage journal of this registration (player/transport/commit-journal.ts). */
  journalKey: string;
  /**
   * public/player.css's text, put in the page: the first rendering needs no request of its own
   * and can be done while the bundle downloads, which a linked sheet would hold up until it
   * arrived. Null links /player.css instead.
   */
  styles?: string | null;
}

/**
 * The page layout is in the HTML, so nothing moves when the bundle or the SCO arrives: header,
 * table of contents (hidden until the package needs one), the SCO stage, the controls.
 */
export function shellPage(input: ShellInput): string {
  const title = escapeHtml(input.title);
  const script = escapeHtml(input.playerScript);
  return `<!doctype html>
<html lang="en">
<head>
${META}
${input.styles ? `<style>${input.styles}</style>` : LINKED_STYLES}
<title>${title}</title>
<link rel="modulepreload" href="${script}">
<script type="application/json" id="launch-data">${inlineJson(input.launchData)}</script>
</head>
<body>
<div class="player" id="player" data-state="loading" data-package-id="${escapeHtml(input.packageId)}" data-journal-key="${escapeHtml(input.journalKey)}">
  <header class="player-bar">
    <button type="button" class="toc-toggle" id="toc-toggle" aria-controls="toc" aria-expanded="false" hidden>
      <span class="toc-toggle-icon" aria-hidden="true">☰</span><span class="toc-toggle-label">Contents</span>
    </button>
    <h1 class="player-title" id="player-title">${title}</h1>
    <p class="player-status" id="player-status" role="status" aria-live="polite"></p>
  </header>
  <div class="player-body">
    <nav class="toc" id="toc" aria-label="Table of contents" hidden><ol class="toc-list" id="toc-list"></ol></nav>
    <main class="stage" id="stage" aria-label="Course content">
      <div class="panel" id="panel" role="alert" hidden></div>
      <p class="loading" id="loading">Loading the course…</p>
    </main>
  </div>
  <footer class="controls" id="controls" aria-label="Course navigation">
    <button type="button" class="nav-button" id="nav-previous" hidden>‹ Previous</button>
    <button type="button" class="nav-button" id="nav-continue" hidden>Continue ›</button>
    <span class="controls-spacer"></span>
    <button type="button" class="nav-button secondary" id="nav-exit-activity" hidden>Leave this part</button>
    <button type="button" class="nav-button secondary" id="nav-suspend" hidden>Save and exit</button>
    <button type="button" class="nav-button secondary" id="nav-exit" hidden>Exit</button>
    <button type="button" class="nav-button secondary" id="nav-abandon-all" hidden>Quit without finishing</button>
  </footer>
</div>
${STORAGE_WARM_UP}
<script type="module" src="${script}"></script>
</body>
</html>
`;
}

export interface ErrorPageInput {
  heading: string;
  message: string;
}

/** A launch that cannot start: a plain page that says why and what to do, never JSON or a trace. */
export function errorPage(input: ErrorPageInput): string {
  return `<!doctype html>
<html lang="en">
<head>
${HEAD}
<title>${escapeHtml(input.heading)}</title>
</head>
<body>
<div class="player" data-state="error">
  <main class="stage">
    <div class="panel" role="alert">
      <h2 class="panel-heading">${escapeHtml(input.heading)}</h2>
      <p>${escapeHtml(input.message)}</p>
    </div>
  </main>
</div>
</body>
</html>
`;
}
