// Registration page: one learner on one package, every SCO with every attempt: status, score,
// entry/exit, suspend data size, its commits, interactions (learner responses and results) and
// objectives, from GET /api/v1/registrations/:id and /cmi.
import type { ApiClient } from '../api-client.ts';
import type { Registration, VersionChange } from '../../contract/registrations.ts';
import { el, facts, link, table } from '../dom.ts';
import { formatBytes, formatDate, formatDuration, formatScore, plural } from '../format.ts';
import { href } from '../router.ts';
import { statusBadge } from './learners-page.ts';
import { launchHistory } from './launch-history.ts';

type Cell = string | number | null | undefined;

interface CmiAttempt {
  attempt: number;
  version: '1.2' | '2004';
  completion_status: string;
  success_status: string;
  lesson_status: string | null;
  entry: string;
  exit: string;
  ended: boolean;
  archived?: boolean;
  sessions: number;
  commits: number;
  suspend_data_length: number;
  data: Record<string, unknown>;
  interactions: Array<Record<string, Cell>>;
  objectives: Array<Record<string, Cell>>;
  updated_at: string;
}

interface Cmi {
  registration_id: string;
  scos: Array<{ item_identifier: string; attempts: CmiAttempt[] }>;
}

const text = (value: Cell): string => (value === null || value === undefined || value === '' ? '—' : String(value));

function correctResponses(json: Cell): string {
  if (typeof json !== 'string' || !json) return '—';
  try {
    const list = JSON.parse(json) as unknown[];
    return list.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join(' | ') || '—';
  } catch {
    return json;
  }
}

function attemptSection(a: CmiAttempt): HTMLElement {
  const interactions = a.interactions.length
    ? table(
        ['#', 'Interaction', 'Type', 'Learner response', 'Result', 'Correct responses', 'Latency', 'When'],
        a.interactions.map((i) => [Number(i.position) + 1, text(i.interaction_id), text(i.type), el('code', null, text(i.learner_response)), text(i.result), correctResponses(i.correct_responses_json), text(i.latency), text(i.timestamp)]),
        { class: 'grid interactions' },
      )
    : el('p', { class: 'muted' }, 'No interactions recorded.');
  const objectives = a.objectives.length
    ? table(
        ['Objective', 'Success', 'Completion', 'Score (scaled)', 'Raw', 'Progress'],
        a.objectives.map((o) => [text(o.objective_id), text(o.success_status), text(o.completion_status), text(o.score_scaled), text(o.score_raw), text(o.progress_measure)]),
        { class: 'grid objectives' },
      )
    : el('p', { class: 'muted' }, 'No objectives recorded.');
  const data = Object.entries(a.data ?? {});
  return el(
    'section',
    { class: 'attempt', data: { attempt: String(a.attempt) } },
    el('h4', null, `Attempt ${a.attempt}`, a.ended ? '' : ' (open)', a.archived ? ' (set aside by a version change)' : ''),
    facts([
      ['Completion', statusBadge(a.completion_status)],
      ['Success', statusBadge(a.success_status)],
      ...(a.lesson_status ? ([['Lesson status (1.2)', a.lesson_status]] as Array<[string, string]>) : []),
      ['Entry / exit', `${a.entry || '—'} / ${a.exit || '—'}`],
      ['Suspend data', formatBytes(a.suspend_data_length)],
      // `commits` counts the latest session's only (each session's sequence starts again at 1);
      // the launch history above has every session's.
      ['Sessions', `${plural(a.sessions, 'session')}, the latest with ${plural(a.commits, 'commit')}; last saved ${formatDate(a.updated_at)}`],
    ]),
    el('h5', null, `Interactions (${a.interactions.length})`),
    interactions,
    el('h5', null, `Objectives (${a.objectives.length})`),
    objectives,
    el(
      'details',
      { class: 'data-model' },
      el('summary', null, `Full data model (${plural(data.length, 'value')})`),
      table(['Element', 'Value'], data.map(([k, v]) => [el('code', null, k), typeof v === 'string' ? v : JSON.stringify(v)]), { class: 'grid cmi' }),
    ),
  );
}

function versionChangeText(change: VersionChange): string {
  const removed = change.items_removed.length ? `; items gone: ${change.items_removed.map((i) => i.identifier).join(', ')}` : '';
  return `v${change.from_version} → v${change.to_version} (${change.policy}, ${formatDate(change.at)})${removed}; navigation state ${change.sequencing_state}`;
}

export async function registrationPage(api: ApiClient, id: string): Promise<HTMLElement> {
  const [registration, cmi, launches] = await Promise.all([
    api.get<Registration>(`/api/v1/registrations/${encodeURIComponent(id)}`),
    api.get<Cmi>(`/api/v1/registrations/${encodeURIComponent(id)}/cmi`),
    launchHistory(api, id),
  ]);
  const attemptsOf = new Map(cmi.scos.map((s) => [s.item_identifier, s.attempts]));
  const scos = registration.scos.map((sco) =>
    el(
      'section',
      { class: 'sco', data: { item: sco.item_identifier } },
      el('h3', null, sco.title || sco.item_identifier, ' ', el('span', { class: 'muted ident' }, sco.item_identifier)),
      el('p', null, statusBadge(sco.completion_status), ' ', statusBadge(sco.success_status), ` · score ${formatScore(sco.score)} · ${formatDuration(sco.total_time_seconds)} · ${plural(sco.attempts, 'attempt')}`),
      ...(attemptsOf.get(sco.item_identifier) ?? []).map(attemptSection),
    ),
  );
  return el(
    'section',
    { class: 'page registration-page' },
    el('p', { class: 'crumbs' }, link(href.packages(), 'Packages'), ' / ', link(href.package(registration.package_id), 'Package'), ' / ', link(href.learners(registration.package_id), 'Learners'), ' /'),
    el('h2', { class: 'learner-name' }, registration.learner.name || registration.learner.id),
    facts([
      ['Learner id', registration.learner.id],
      ['Registration', registration.id],
      ['Completion', statusBadge(registration.completion_status)],
      ['Success', statusBadge(registration.success_status)],
      ['Score', formatScore(registration.score)],
      ['Time', formatDuration(registration.total_time_seconds)],
      ['Created', formatDate(registration.created_at)],
      ['Last access', formatDate(registration.last_accessed_at)],
      ['Package version', `v${registration.package_version}`],
      ['On a new version', `${registration.effective_on_new_version}${registration.on_new_version ? ' (its own)' : " (the package's)"}`],
      ...(registration.version_change ? ([['Last version change', versionChangeText(registration.version_change)]] as Array<[string, string]>) : []),
      ['API trace', registration.trace ? 'recorded for every launch' : 'off'],
    ]),
    launches,
    ...scos,
  );
}
