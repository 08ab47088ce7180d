// xAPI: whether statements are forwarded and to which LRS, how many deliveries are pending,
// succeeded or failed, the deliveries themselves (filtered by state), and sending failed ones
// again, one or all: what an admin needs after the LRS was down longer than the retry window.
import type { ApiClient } from '../api-client.ts';
import { ApiError } from '../api-client.ts';
import type { DeliveryStatus } from '../../contract/deliveries.ts';
import type { XapiDelivery, XapiForwarding } from '../../contract/xapi.ts';
import { append, el, link, table } from '../dom.ts';
import { formatDate, plural } from '../format.ts';
import { href } from '../router.ts';
import { statusBadge } from './learners-page.ts';

const PAGE_SIZE = 100;
const STATES: DeliveryStatus[] = ['failed', 'pending', 'succeeded'];

function stateLine(state: XapiForwarding): HTMLElement {
  if (!state.enabled) {
    return el('p', { class: 'muted summary' }, 'xAPI forwarding is off: set SCORM_XAPI_ENDPOINT (see the README, "xAPI forwarding") to send statements to an LRS.');
  }
  return el('p', { class: 'muted summary' }, 'Statements go to ', el('code', null, state.endpoint ?? ''), ' · ', STATES.map((s) => `${state.deliveries[s]} ${s}`).join(' · '));
}

export async function xapiPage(api: ApiClient, status: DeliveryStatus | undefined, offset: number): Promise<HTMLElement> {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
  if (status) query.set('status', status);
  const [state, list] = await Promise.all([api.get<XapiForwarding>('/api/v1/xapi'), api.get<{ items: XapiDelivery[]; total: number }>(`/api/v1/xapi/deliveries?${query}`)]);
  const page = el('section', { class: 'page xapi-page' });
  const error = el('p', { class: 'alert', attrs: { role: 'alert' } });
  const reload = async () => page.replaceWith(await xapiPage(api, status, offset));
  const act = async (button: HTMLButtonElement, path: string) => {
    button.disabled = true;
    error.textContent = '';
    try {
      await api.send('POST', path);
      await reload();
    } catch (e) {
      button.disabled = false;
      error.textContent = e instanceof ApiError ? `${e.code}: ${e.message}` : String(e);
    }
  };

  const rows = list.items.map((d) => {
    const again = el('button', { class: 'link', attrs: { type: 'button' } }, 'Redeliver');
    again.disabled = !state.enabled || d.status === 'pending';
    again.addEventListener('click', () => act(again, `/api/v1/xapi/deliveries/${encodeURIComponent(d.id)}/redeliver`));
    return [link(href.registration(d.registration_id), d.registration_id), statusBadge(d.status), d.attempts, d.last_response_code ?? '—', formatDate(d.last_attempt_at), d.last_error ?? '', formatDate(d.created_at), again];
  });
  const all = el('button', { class: 'primary', attrs: { type: 'button' } }, `Redeliver ${plural(state.deliveries.failed, 'failed delivery', 'failed deliveries')}`);
  all.addEventListener('click', () => act(all, '/api/v1/xapi/deliveries/redeliver'));
  const filters = el(
    'p',
    { class: 'filters' },
    'Show: ',
    ...[undefined, ...STATES].flatMap((s, i) => {
      const label = s ?? 'all';
      const current = s === status;
      return [i ? ' · ' : '', current ? el('strong', null, label) : link(href.xapi(s), label)];
    }),
  );
  const more = offset + list.items.length < list.total ? link(href.xapi(status, offset + PAGE_SIZE), 'Older deliveries') : null;
  append(
    page,
    el('h2', null, 'xAPI forwarding'),
    stateLine(state),
    state.enabled && state.deliveries.failed > 0 ? all : null,
    error,
    filters,
    list.items.length
      ? table(['Registration', 'Status', 'Attempts', 'Last code', 'Last attempt', 'Last error', 'Enqueued', ''], rows, { class: 'grid xapi-deliveries', numeric: [2, 3] })
      : el('p', { class: 'empty' }, status ? `No ${status} delivery.` : 'No statement was enqueued yet.'),
    more,
  );
  return page;
}
