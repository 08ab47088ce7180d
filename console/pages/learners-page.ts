// Learners page: the registrations of a package with completion, success, score, time, attempts
// and last access; each opens the registration's full per-SCO data.
import type { ApiClient } from '../api-client.ts';
import type { PackageDetail, Page } from '../../contract/packages.ts';
import type { Registration } from '../../contract/registrations.ts';
import { el, link, table } from '../dom.ts';
import { formatDate, formatDuration, formatScore, plural } from '../format.ts';
import { href } from '../router.ts';

const PAGE_SIZE = 50;

export function statusBadge(status: string): HTMLElement {
  return el('span', { class: `status ${status.replace(/\s+/g, '-')}` }, status);
}

export async function learnersPage(api: ApiClient, packageId: string, offset: number): Promise<HTMLElement> {
  const [pkg, list] = await Promise.all([
    api.get<PackageDetail>(`/api/v1/packages/${encodeURIComponent(packageId)}`),
    api.get<Page<Registration>>(`/api/v1/registrations?package_id=${encodeURIComponent(packageId)}&limit=${PAGE_SIZE}&offset=${offset}`),
  ]);
  const rows = list.items.map((r) => [
    link(href.registration(r.id), r.learner.name || r.learner.id),
    el('span', { class: 'muted' }, r.learner.id),
    statusBadge(r.completion_status),
    statusBadge(r.success_status),
    formatScore(r.score),
    formatDuration(r.total_time_seconds),
    r.scos.reduce((sum, s) => sum + s.attempts, 0),
    formatDate(r.last_accessed_at),
  ]);
  const pager = el('nav', { class: 'pager', attrs: { 'aria-label': 'Pages' } });
  if (offset > 0) pager.append(link(href.learners(packageId, Math.max(0, offset - PAGE_SIZE)), '← Newer'));
  if (offset + PAGE_SIZE < list.total) pager.append(link(href.learners(packageId, offset + PAGE_SIZE), 'Older →'));
  return el(
    'section',
    { class: 'page learners-page' },
    el('p', { class: 'crumbs' }, link(href.packages(), 'Packages'), ' / ', link(href.package(pkg.id), pkg.title), ' /'),
    el('h2', null, 'Learners'),
    el('p', { class: 'muted summary' }, plural(list.total, 'registration'), ' · ', link(href.report(pkg.id), 'Report')),
    list.items.length
      ? table(['Learner', 'Learner id', 'Completion', 'Success', 'Score', 'Time', 'Attempts', 'Last access'], rows, { class: 'grid learners', numeric: [4, 5, 6] })
      : el('p', { class: 'empty' }, 'Nobody is registered on this package yet.'),
    pager,
  );
}
