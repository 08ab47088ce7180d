// Webhooks: the subscriptions (create with the secret shown once, delete) and, per webhook, its
// deliveries with status, attempts, last answer and time, and a button to deliver one again.
import type { ApiClient } from '../api-client.ts';
import { ApiError } from '../api-client.ts';
import { confirmDialog } from '../confirm-dialog.ts';
import type { CreatedWebhook, Webhook, WebhookDelivery } from '../../contract/webhooks.ts';
import { append, el, link, table } from '../dom.ts';
import { formatDate, plural } from '../format.ts';
import { href } from '../router.ts';
import { statusBadge } from './learners-page.ts';

/** The events a webhook can subscribe to (server/webhooks/webhook-events.ts; the API refuses others). */
const EVENTS = ['registration.progress', 'registration.completed', 'registration.passed', 'registration.failed', 'import.completed', 'import.failed', 'package.deleted'];

function createForm(api: ApiClient, onCreated: (hook: CreatedWebhook) => void): HTMLFormElement {
  const url = el('input', { id: 'webhook-url', attrs: { type: 'url', name: 'url', required: '', placeholder: 'https://lms.example.com/scorm-events' } });
  const boxes = EVENTS.map((event) => el('input', { attrs: { type: 'checkbox', name: 'events', value: event, checked: '' } }));
  const error = el('p', { class: 'alert', attrs: { role: 'alert' } });
  const form = el(
    'form',
    { class: 'webhook-form' },
    el('h3', null, 'New webhook'),
    el('label', { attrs: { for: 'webhook-url' } }, 'URL'),
    url,
    el('fieldset', null, el('legend', null, 'Events'), ...boxes.map((box, i) => el('label', { class: 'check' }, box, ' ', EVENTS[i]!))),
    el('button', { class: 'primary', attrs: { type: 'submit' } }, 'Create webhook'),
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      onCreated(await api.send<CreatedWebhook>('POST', '/api/v1/webhooks', { url: url.value.trim(), events: boxes.filter((b) => b.checked).map((b) => b.value) }));
    } catch (e) {
      error.textContent = e instanceof ApiError ? `${e.code}: ${e.message}` : String(e);
    }
  });
  return form;
}

/** Shown once, right after creation: the API never shows the secret again. */
function secretNotice(hook: CreatedWebhook): HTMLElement {
  return el(
    'div',
    { class: 'secret-once', attrs: { role: 'status' } },
    el('p', null, 'Webhook created. Its signing secret is shown only now; keep it where your receiver can read it:'),
    el('code', { class: 'secret' }, hook.secret),
  );
}

export async function webhooksPage(api: ApiClient, navigate: (hash: string) => void, created?: CreatedWebhook): Promise<HTMLElement> {
  const { items } = await api.get<{ items: Webhook[] }>('/api/v1/webhooks');
  const page = el('section', { class: 'page webhooks-page' });
  const rows = items.map((hook) => {
    const remove = el('button', { class: 'link danger', attrs: { type: 'button' } }, 'Delete');
    remove.addEventListener('click', async () => {
      if (!(await confirmDialog('Delete this webhook?', `Events will no longer be sent to ${hook.url}; its deliveries are forgotten.`, 'Delete'))) return;
      await api.send('DELETE', `/api/v1/webhooks/${encodeURIComponent(hook.id)}`);
      page.replaceWith(await webhooksPage(api, navigate));
    });
    return [link(href.webhook(hook.id), hook.url), hook.events.join(', '), hook.active ? 'active' : 'inactive', formatDate(hook.created_at), remove];
  });
  append(
    page,
    el('h2', null, 'Webhooks'),
    el('p', { class: 'muted summary' }, plural(items.length, 'webhook'), ' · events are signed with X-Scorm-Signature (see the README)'),
    created ? secretNotice(created) : null,
    items.length ? table(['URL', 'Events', 'State', 'Created', ''], rows, { class: 'grid webhooks' }) : el('p', { class: 'empty' }, 'No webhook yet.'),
    createForm(api, async (hook) => page.replaceWith(await webhooksPage(api, navigate, hook))),
  );
  return page;
}

export async function webhookDeliveriesPage(api: ApiClient, id: string): Promise<HTMLElement> {
  const path = `/api/v1/webhooks/${encodeURIComponent(id)}`;
  const [hook, list] = await Promise.all([api.get<Webhook>(path), api.get<{ items: WebhookDelivery[]; total: number }>(`${path}/deliveries?limit=100`)]);
  const page = el('section', { class: 'page webhook-page' });
  const rows = list.items.map((d) => {
    const again = el('button', { class: 'link', attrs: { type: 'button' } }, 'Redeliver');
    again.addEventListener('click', async () => {
      again.disabled = true;
      await api.send('POST', `${path}/deliveries/${encodeURIComponent(d.id)}/redeliver`);
      page.replaceWith(await webhookDeliveriesPage(api, id));
    });
    return [
      d.event,
      el('span', { class: 'muted' }, d.event_id),
      statusBadge(d.status),
      d.attempts,
      d.last_response_code ?? '—',
      formatDate(d.last_attempt_at),
      d.last_error ?? '',
      again,
    ];
  });
  append(
    page,
    el('p', { class: 'crumbs' }, link(href.webhooks(), 'Webhooks'), ' /'),
    el('h2', null, hook.url),
    el('p', { class: 'muted summary' }, plural(list.total, 'delivery', 'deliveries'), ' · ', hook.events.join(', ')),
    list.items.length
      ? table(['Event', 'Event id', 'Status', 'Attempts', 'Last code', 'Last attempt', 'Last error', ''], rows, { class: 'grid deliveries', numeric: [3, 4] })
      : el('p', { class: 'empty' }, 'Nothing was sent to this webhook yet.'),
  );
  return page;
}
