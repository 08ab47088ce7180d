// The registration page's launch history (decision 0023): one row per player session of a SCO,
// how it ended, what it sent, the errors the SCO was given, and for a traced launch its API
// calls as lines a support person can read, loaded on demand.
import type { ApiClient } from '../api-client.ts';
import type { ExitReason, LaunchTrace, LaunchView } from '../../contract/launches.ts';
import type { Page } from '../../contract/packages.ts';
import { clear, el, table } from '../dom.ts';
import { formatBytes, formatDate, formatDuration } from '../format.ts';

const EXIT_WORDS: Record<ExitReason, string> = {
  terminate: 'Finished (terminate)',
  suspend: 'Suspended',
  window_closed: 'Window closed',
  timed_out: 'Timed out',
  stale: 'Stale (opened again)',
};

export const exitWords = (reason: ExitReason | null): string => (reason === null ? 'Open' : EXIT_WORDS[reason]);

function errorList(l: LaunchView): HTMLElement | string {
  if (l.error_count === 0) return '—';
  const more = l.error_count - l.errors.length;
  return el(
    'ul',
    { class: 'launch-errors' },
    ...l.errors.map((e) => el('li', null, el('code', null, e.element), ` → ${e.code} ${e.name}`)),
    ...(more > 0 ? [el('li', { class: 'muted' }, `and ${more} more`)] : []),
  );
}

async function showTrace(api: ApiClient, launch: LaunchView, slot: HTMLElement): Promise<void> {
  clear(slot);
  slot.append(el('p', { class: 'muted' }, 'Loading the trace…'));
  try {
    const trace = await api.get<LaunchTrace>(`/api/v1/launches/${encodeURIComponent(launch.id)}/trace`);
    clear(slot);
    slot.append(
      el('h5', null, `API trace of ${launch.item_identifier}, attempt ${launch.attempt} (${trace.calls.length} calls, times in UTC)`),
      el('pre', { class: 'trace', data: { launchId: launch.id } }, trace.calls.map((c) => c.line).join('\n')),
      ...(trace.truncated ? [el('p', { class: 'alert' }, `The trace reached its cap: ${trace.dropped} later calls are not in it.`)] : []),
    );
  } catch (error) {
    clear(slot);
    slot.append(el('p', { class: 'alert', attrs: { role: 'alert' } }, `No trace: ${(error as Error).message}`));
  }
}

export async function launchHistory(api: ApiClient, registrationId: string): Promise<HTMLElement> {
  const page = await api.get<Page<LaunchView>>(`/api/v1/registrations/${encodeURIComponent(registrationId)}/launches?limit=100`);
  const traceSlot = el('div', { class: 'trace-slot' });
  if (page.items.length === 0) return el('section', { class: 'launches' }, el('h3', null, 'Launches'), el('p', { class: 'muted' }, 'Never launched.'));
  const rows = page.items.map((l) => {
    let trace: HTMLElement | string = l.traced ? 'no calls' : '—';
    if (l.traced && l.trace_calls > 0) {
      const button = el('button', { class: 'show-trace', attrs: { type: 'button' } }, `Trace (${l.trace_calls})`);
      button.addEventListener('click', () => void showTrace(api, l, traceSlot));
      trace = button;
    }
    return [
      formatDate(l.started_at),
      el('code', null, l.item_identifier),
      l.attempt,
      l.mode,
      el('span', { class: 'exit-reason', data: { exit: l.exit_reason ?? 'open' } }, exitWords(l.exit_reason)),
      `${l.commit_count} / ${formatBytes(l.bytes_received)}`,
      errorList(l),
      `${l.session_time_seconds === null ? '—' : formatDuration(l.session_time_seconds)} / ${formatDuration(l.wall_time_seconds)}`,
      el('span', { class: 'user-agent', attrs: { title: l.user_agent } }, l.user_agent.slice(0, 40) || '—'),
      trace,
    ];
  });
  return el(
    'section',
    { class: 'launches' },
    el('h3', null, `Launches (${page.total})`),
    table(['Started', 'SCO', 'Attempt', 'Mode', 'Ended as', 'Commits / bytes', 'Errors given to the SCO', 'Time (SCO / wall)', 'Browser', 'Trace'], rows, { class: 'grid launch-history' }),
    ...(page.total > page.items.length ? [el('p', { class: 'muted' }, `The newest ${page.items.length} of ${page.total}.`)] : []),
    traceSlot,
  );
}
