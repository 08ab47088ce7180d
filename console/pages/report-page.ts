// Report page: completion and pass rates, the score histogram, average time, a per-SCO table and
// per-question statistics (answered, percent correct, most common wrong answers), charts in SVG;
// "Download CSV" fetches /report.csv with the admin token and saves it.
import type { ApiClient } from '../api-client.ts';
import type { PackageDetail } from '../../contract/packages.ts';
import { columnChart, rateBar } from '../charts.ts';
import { el, facts, link, table } from '../dom.ts';
import { formatDuration, formatRate, plural } from '../format.ts';
import { href } from '../router.ts';
import type { PackageReport } from '../../contract/reports.ts';

/** GET /api/v1/packages/:id/report: the store's report plus when it was made. */
type Report = PackageReport;

function rateCell(rate: number | null, what: string): HTMLElement {
  return el('span', { class: 'rate' }, rateBar(rate, `${what}: ${formatRate(rate)}`, 90), ' ', formatRate(rate));
}

async function downloadCsv(api: ApiClient, pkg: PackageDetail, button: HTMLButtonElement, note: HTMLElement): Promise<void> {
  button.disabled = true;
  note.textContent = 'Preparing the CSV…';
  try {
    const response = await api.fetch(`/api/v1/packages/${encodeURIComponent(pkg.id)}/report.csv`);
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const a = el('a', { attrs: { href: url, download: `report-${pkg.id}.csv` } });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    note.textContent = '';
  } catch (error) {
    note.textContent = `The CSV could not be downloaded: ${(error as Error).message}`;
  } finally {
    button.disabled = false;
  }
}

export async function reportPage(api: ApiClient, packageId: string): Promise<HTMLElement> {
  const id = encodeURIComponent(packageId);
  const [pkg, report] = await Promise.all([api.get<PackageDetail>(`/api/v1/packages/${id}`), api.get<Report>(`/api/v1/packages/${id}/report`)]);
  const titles = new Map(report.scos.map((s) => [s.item_identifier, s.title]));
  const csvButton = el('button', { class: 'primary', attrs: { type: 'button' } }, 'Download CSV');
  const csvNote = el('span', { class: 'muted', attrs: { role: 'status' } });
  csvButton.addEventListener('click', () => void downloadCsv(api, pkg, csvButton, csvNote));

  const histogram = columnChart(
    report.score.histogram.map((b) => ({ label: `${Math.round(b.from * 100)}–${Math.round(b.to * 100)}`, value: b.count })),
    { title: `Score distribution of ${plural(report.score.count, 'scored registration')} (scaled score, %)` },
  );
  const scoTable = table(
    ['SCO', 'Learners', 'Attempts', 'Completed', 'Passed / failed', 'Pass rate', 'Average score', 'Average time'],
    report.scos.map((s) => [
      el('span', null, s.title || s.item_identifier, ' ', el('span', { class: 'muted ident' }, s.item_identifier)),
      s.learners,
      s.attempts,
      rateCell(s.completion_rate, 'Completion'),
      `${s.passed} / ${s.failed}`,
      formatRate(s.pass_rate),
      formatRate(s.average_score),
      formatDuration(s.average_time_seconds),
    ]),
    { class: 'grid scos', numeric: [1, 2] },
  );
  const questions = report.interactions.length
    ? table(
        ['Question', 'SCO', 'Type', 'Answered', 'Correct', 'Most common wrong answers'],
        report.interactions.map((q) => [
          el('span', null, el('code', null, q.interaction_id), q.description ? el('span', { class: 'muted' }, ` ${q.description}`) : null),
          titles.get(q.item_identifier) ?? q.item_identifier,
          q.type ?? '—',
          q.answered,
          rateCell(q.correct_rate, 'Correct'),
          q.common_wrong_responses.length
            ? el('ol', { class: 'wrong-answers' }, ...q.common_wrong_responses.map((w) => el('li', null, el('code', null, w.response), ` × ${w.count}`)))
            : '—',
        ]),
        { class: 'grid questions', numeric: [3] },
      )
    : el('p', { class: 'muted' }, 'No interactions recorded yet.');

  return el(
    'section',
    { class: 'page report-page', data: { packageId: pkg.id } },
    el('p', { class: 'crumbs' }, link(href.packages(), 'Packages'), ' / ', link(href.package(pkg.id), pkg.title), ' /'),
    el('h2', null, 'Report'),
    el('p', { class: 'actions' }, csvButton, ' ', link(href.learners(pkg.id), 'Learners'), ' ', csvNote),
    el(
      'div',
      { class: 'kpis' },
      el('div', { class: 'kpi', data: { kpi: 'learners' } }, el('strong', null, String(report.learners)), el('span', null, 'learners')),
      el('div', { class: 'kpi', data: { kpi: 'completion' } }, el('strong', null, formatRate(report.completion_rate)), el('span', null, 'completed'), rateBar(report.completion_rate, 'Completion rate')),
      el('div', { class: 'kpi', data: { kpi: 'pass' } }, el('strong', null, formatRate(report.pass_rate)), el('span', null, 'passed'), rateBar(report.pass_rate, 'Pass rate')),
      el('div', { class: 'kpi', data: { kpi: 'score' } }, el('strong', null, formatRate(report.score.average)), el('span', null, 'average score')),
      el('div', { class: 'kpi', data: { kpi: 'time' } }, el('strong', null, formatDuration(report.average_time_seconds)), el('span', null, 'average time on task')),
    ),
    facts([
      ['Registrations', `${report.registrations} (${report.started} started, ${report.completed} completed)`],
      ['Passed / failed', `${report.passed} / ${report.failed}`],
      ['Attempts', String(report.attempts)],
    ]),
    el('h3', null, 'Scores'),
    histogram,
    el('h3', null, 'Per SCO'),
    scoTable,
    el('h3', null, `Per question (${report.interactions.length})`),
    questions,
    el('p', { class: 'muted' }, 'Completion counts every registration; the pass rate counts those with a pass or fail. A SCO counts by its latest attempt.'),
  );
}
