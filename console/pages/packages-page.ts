// Packages page: the list with title, version, SCO count, size, created and learners; a title
// search (kept in the URL); delete with confirmation (forced when learners are registered).
import type { ApiClient } from '../api-client.ts';
import type { PackageListItem, Page } from '../../contract/packages.ts';
import { confirmDialog } from '../confirm-dialog.ts';
import { el, link, table } from '../dom.ts';
import { formatBytes, formatDate, plural } from '../format.ts';
import { href } from '../router.ts';

const PAGE_SIZE = 25;

export function versionLabel(pkg: Pick<PackageListItem, 'version' | 'edition'>): string {
  return pkg.version === '1.2' ? 'SCORM 1.2' : `SCORM 2004${pkg.edition ? ` ${pkg.edition} Edition` : ''}`;
}

export async function packagesPage(api: ApiClient, q: string, offset: number, navigate: (hash: string) => void): Promise<HTMLElement> {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
  if (q) query.set('q', q);
  const list = await api.get<Page<PackageListItem>>(`/api/v1/packages?${query}`);

  const search = el('input', { attrs: { type: 'search', name: 'q', placeholder: 'Search by title', 'aria-label': 'Search packages by title', value: q } });
  const form = el('form', { class: 'search', attrs: { role: 'search' } }, search, el('button', { attrs: { type: 'submit' } }, 'Search'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(href.packages(search.value.trim()));
  });

  const rows = list.items.map((pkg) => {
    const remove = el('button', { class: 'danger small', attrs: { type: 'button', 'aria-label': `Delete ${pkg.title}` } }, 'Delete');
    remove.addEventListener('click', async () => {
      const extra = pkg.learners > 0 ? ` It has ${plural(pkg.learners, 'learner')}; their registrations and progress are deleted too.` : '';
      if (!(await confirmDialog('Delete this package?', `"${pkg.title}" and its content will be removed for good.${extra}`, 'Delete'))) return;
      remove.disabled = true;
      try {
        await api.send('DELETE', `/api/v1/packages/${encodeURIComponent(pkg.id)}${pkg.learners > 0 ? '?force=true' : ''}`);
        navigate(href.packages(q, offset));
      } catch (error) {
        remove.disabled = false;
        alertRow.textContent = `Could not delete "${pkg.title}": ${(error as Error).message}`;
      }
    });
    return [
      link(href.package(pkg.id), pkg.title),
      versionLabel(pkg),
      pkg.sco_count,
      formatBytes(pkg.size_bytes),
      formatDate(pkg.created_at),
      pkg.learners > 0 ? link(href.learners(pkg.id), String(pkg.learners)) : '0',
      el('span', { class: 'row-actions' }, link(href.report(pkg.id), 'Report'), remove),
    ];
  });
  const alertRow = el('p', { class: 'alert', attrs: { role: 'alert' } });
  const summary = q ? `${plural(list.total, 'package')} matching "${q}"` : plural(list.total, 'package');
  const pager = el('nav', { class: 'pager', attrs: { 'aria-label': 'Pages' } });
  if (offset > 0) pager.append(link(href.packages(q, Math.max(0, offset - PAGE_SIZE)), '← Newer'));
  if (offset + PAGE_SIZE < list.total) pager.append(link(href.packages(q, offset + PAGE_SIZE), 'Older →'));
  return el(
    'section',
    { class: 'page packages-page' },
    el('h2', null, 'Packages'),
    form,
    el('p', { class: 'muted summary' }, summary),
    alertRow,
    list.items.length
      ? table(['Title', 'Version', 'SCOs', 'Size', 'Created', 'Learners', ''], rows, { class: 'grid packages', numeric: [2, 3, 5] })
      : el('p', { class: 'empty' }, q ? 'No package title contains that text.' : 'No packages yet. ', q ? null : link(href.upload(), 'Upload one.')),
    pager,
  );
}
