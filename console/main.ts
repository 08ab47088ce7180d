// The admin console's entry point (bundled to public/build/console.js): asks for the admin token
// once (kept in session storage), then shows the page of the current hash route. It uses only
// the public API, so it doubles as the reference client for integrators.
import { ApiError, createApiClient, type ApiClient } from './api-client.ts';
import { clear, el, link } from './dom.ts';
import type { SocketLike } from './job-watch.ts';
import { learnersPage } from './pages/learners-page.ts';
import { packagePage } from './pages/package-page.ts';
import { packagesPage } from './pages/packages-page.ts';
import { registrationPage } from './pages/registration-page.ts';
import { reportPage } from './pages/report-page.ts';
import { createUploadPage, type UploadDeps } from './pages/upload-page.ts';
import { webhookDeliveriesPage, webhooksPage } from './pages/webhooks-page.ts';
import { xapiPage } from './pages/xapi-page.ts';
import { href, parseRoute, type Route } from './router.ts';
import { forgetToken, readToken, saveToken } from './session-token.ts';

const root = document.getElementById('console')!;
const nav = document.getElementById('nav')!;

async function showServerStatus(): Promise<void> {
  const status = document.getElementById('server-status');
  if (!status) return;
  try {
    const response = await fetch('/healthz', { cache: 'no-store' });
    const health = (await response.json()) as { status: string; db: string };
    status.textContent = health.status === 'ok' ? 'Server ready · database ok' : `Server degraded · database ${health.db}`;
    status.dataset.state = health.status;
  } catch {
    status.textContent = 'The server cannot be reached.';
    status.dataset.state = 'down';
  }
}

function socketFor(token: string) {
  return (jobId: string): SocketLike => {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return new WebSocket(`${scheme}//${location.host}/ws/jobs/${encodeURIComponent(jobId)}?token=${encodeURIComponent(token)}`) as unknown as SocketLike;
  };
}

function signIn(message = ''): void {
  clear(nav);
  const input = el('input', { id: 'admin-token', attrs: { type: 'password', name: 'token', autocomplete: 'current-password', required: '', 'aria-describedby': 'token-help' } });
  const error = el('p', { class: 'alert', attrs: { role: 'alert' } }, message);
  const form = el(
    'form',
    { class: 'sign-in' },
    el('h2', null, 'Admin token'),
    el('p', { id: 'token-help', class: 'muted' }, 'The token the server printed at start-up (SCORM_ADMIN_TOKEN, or data/admin-token). It is kept in this tab only.'),
    el('label', { attrs: { for: 'admin-token' } }, 'Token'),
    input,
    el('button', { class: 'primary', attrs: { type: 'submit' } }, 'Open the console'),
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    const probe = createApiClient(token, () => undefined);
    try {
      await probe.get('/api/v1/packages?limit=1');
    } catch (e) {
      error.textContent = e instanceof ApiError && e.status === 401 ? 'That token was refused.' : `The server could not check the token: ${(e as Error).message}`;
      return;
    }
    saveToken(token);
    start(token);
  });
  clear(root);
  root.append(form);
  input.focus();
}

const TITLES: Record<Route['name'], string> = {
  upload: 'Upload',
  packages: 'Packages',
  package: 'Package',
  learners: 'Learners',
  report: 'Report',
  registration: 'Registration',
  webhooks: 'Webhooks',
  webhook: 'Webhook deliveries',
  xapi: 'xAPI',
  'not-found': 'Not found',
};

function start(token: string): void {
  const api: ApiClient = createApiClient(token, () => {
    forgetToken();
    signIn('The admin token is no longer accepted; enter the current one.');
  });
  const uploads = { api, openSocket: socketFor(token) };
  const upload = createUploadPage(uploads);
  const signOut = el('button', { class: 'link', attrs: { type: 'button' } }, 'Sign out');
  signOut.addEventListener('click', () => {
    forgetToken();
    window.removeEventListener('hashchange', render);
    signIn();
  });
  clear(nav);
  nav.append(link(href.upload(), 'Upload'), link(href.packages(), 'Packages'), link(href.webhooks(), 'Webhooks'), link(href.xapi(), 'xAPI'), signOut);
  const navigate = (hash: string) => {
    if (location.hash === hash) void render();
    else location.hash = hash;
  };

  let generation = 0;
  async function render(): Promise<void> {
    const route = parseRoute(location.hash);
    const mine = ++generation;
    document.title = `${TITLES[route.name]} · SCORM LMS console`;
    for (const a of nav.querySelectorAll('a')) a.classList.toggle('current', a.getAttribute('href') === `#/${route.name}`);
    if (route.name === 'upload') {
      clear(root);
      root.append(upload);
      return;
    }
    clear(root);
    root.append(el('p', { class: 'muted loading' }, 'Loading…'));
    let page: HTMLElement;
    try {
      page = await pageFor(api, route, navigate, uploads);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return;
      page = el(
        'section',
        { class: 'page' },
        el('h2', null, error instanceof ApiError && error.status === 404 ? 'Not found' : 'Something went wrong'),
        el('p', { class: 'alert', attrs: { role: 'alert' } }, (error as Error).message),
      );
    }
    if (mine !== generation) return;
    clear(root);
    root.append(page);
  }
  window.addEventListener('hashchange', render);
  void render();
}

function pageFor(api: ApiClient, route: Route, navigate: (hash: string) => void, uploads: UploadDeps): Promise<HTMLElement> {
  switch (route.name) {
    case 'packages':
      return packagesPage(api, route.q, route.offset, navigate);
    case 'package':
      return packagePage(api, route.id, uploads);
    case 'learners':
      return learnersPage(api, route.id, route.offset);
    case 'report':
      return reportPage(api, route.id);
    case 'registration':
      return registrationPage(api, route.id);
    case 'webhooks':
      return webhooksPage(api, navigate);
    case 'webhook':
      return webhookDeliveriesPage(api, route.id);
    case 'xapi':
      return xapiPage(api, route.status, route.offset);
    default:
      return Promise.resolve(el('section', { class: 'page' }, el('h2', null, 'Not found'), el('p', null, 'There is no such page. ', link(href.packages(), 'See the packages.'))));
  }
}

void showServerStatus();
const saved = readToken();
if (saved) start(saved);
else signIn();
