// The package page's versions: each version with its number, date, registrations and what
// changed from the one before (items added, removed, launch URLs and sequencing changed), and a
// button to upload a new version, its import followed live like any upload.
import type { ApiClient } from '../api-client.ts';
import type { OnNewVersion, Page, PackageDetail, PackageVersion, VersionDiff } from '../../contract/packages.ts';
import { el, table } from '../dom.ts';
import { formatBytes, formatDate, plural } from '../format.ts';
import { uploadRow, type UploadDeps } from './upload-page.ts';

const POLICY_WORDS: Record<OnNewVersion, string> = {
  keep: 'keep their version',
  restart: 'restart on the newest version',
  migrate: 'move to the newest version with their SCO data',
};

function diffText(diff: VersionDiff | null): HTMLElement {
  if (!diff) return el('span', { class: 'muted' }, 'first version');
  const ids = (items: Array<{ identifier: string }>) => items.map((i) => i.identifier).join(', ');
  const parts: string[] = [];
  if (diff.items_added.length) parts.push(`added ${ids(diff.items_added)}`);
  if (diff.items_removed.length) parts.push(`removed ${ids(diff.items_removed)}`);
  if (diff.launch_url_changed.length) parts.push(`launch URL changed: ${ids(diff.launch_url_changed)}`);
  if (diff.sequencing_changed.length) parts.push(`sequencing changed: ${ids(diff.sequencing_changed)}`);
  if (!parts.length) parts.push(diff.structure_changed ? 'items reordered' : 'same items');
  return el('span', { class: 'version-diff' }, `from v${diff.from_version}: ${parts.join('; ')}`);
}

export async function versionsSection(api: ApiClient, pkg: PackageDetail, uploads: UploadDeps | undefined): Promise<HTMLElement> {
  const versions = await api.get<Page<PackageVersion>>(`/api/v1/packages/${encodeURIComponent(pkg.id)}/versions`);
  const rows = versions.items.map((v) => [
    `v${v.version_number}${v.current ? ' (current)' : ''}`,
    formatDate(v.created_at),
    `${plural(v.sco_count, 'SCO')}, ${formatBytes(v.size_bytes)}`,
    v.content_removed ? 'content removed' : plural(v.registrations, 'registration'),
    diffText(v.diff),
  ]);
  const list = el('ul', { class: 'uploads', attrs: { 'aria-label': 'Version uploads' } });
  const section = el(
    'section',
    { class: 'versions' },
    el('h3', null, `Versions (${versions.total})`),
    el('p', { class: 'muted' }, `When a new version comes, learners already registered ${POLICY_WORDS[pkg.on_new_version]} at their next launch (the package's on_new_version; a registration may have its own).`),
    table(['Version', 'Uploaded', 'Content', 'Used by', 'Changes'], rows, { class: 'grid versions-table' }),
  );
  if (uploads) {
    const input = el('input', { attrs: { type: 'file', accept: '.zip,application/zip' }, class: 'file-input', id: 'version-file' });
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (file) list.prepend(uploadRow(file, uploads, `/api/v1/packages/${encodeURIComponent(pkg.id)}/versions`));
      input.value = '';
    });
    section.append(el('p', { class: 'actions' }, el('label', { attrs: { for: 'version-file' }, class: 'button upload-version' }, 'Upload a new version'), input), list);
  }
  return section;
}
