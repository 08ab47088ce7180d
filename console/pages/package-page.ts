// Package detail page: facts, the import diagnostics, and every organization's item tree with
// SCOs and assets, launch URLs (opened through a content token), 1.2/2004 item properties and
// a sequencing summary per item; a Preview button that opens the player on the page.
import type { ApiClient } from '../api-client.ts';
import type { PackageDetail } from '../../contract/packages.ts';
import type { Item, Organization } from '../../scorm/manifest/model.ts';
import { el, facts, link, table } from '../dom.ts';
import { formatBytes, formatDate, plural } from '../format.ts';
import { itemProperties, sequencingSummary } from '../item-summary.ts';
import { href } from '../router.ts';
import type { SequencingDefinition } from '../../scorm/sequencing/definition.ts';
import { versionLabel } from './packages-page.ts';
import { previewPanel } from './preview-panel.ts';
import type { UploadDeps } from './upload-page.ts';
import { versionsSection } from './versions-section.ts';

function kindOf(item: Item): 'sco' | 'asset' | 'folder' {
  return item.resource?.scorm_type ?? 'folder';
}

function itemNode(item: Item, pkg: PackageDetail, contentBase: string | null): HTMLLIElement {
  const kind = kindOf(item);
  const details: HTMLElement[] = [];
  if (item.launch_url) {
    const url = contentBase ? link(contentBase + item.launch_url, item.launch_url) : el('code', null, item.launch_url);
    if (url instanceof HTMLAnchorElement) url.target = '_blank';
    details.push(el('p', { class: 'launch' }, 'Launch URL: ', url));
  }
  if (item.resource) details.push(el('p', { class: 'muted' }, `Resource ${item.resource.identifier}${item.resource.href ? ` → ${item.resource.href}` : ''}`));
  const props = itemProperties(item, pkg.version);
  if (props.length) details.push(facts(props));
  const sequencing = sequencingSummary('sequencing' in item ? item.sequencing : undefined);
  if (sequencing.length) details.push(el('ul', { class: 'sequencing', attrs: { 'aria-label': 'Sequencing' } }, ...sequencing.map((line) => el('li', null, line))));
  const head = el(
    'summary',
    null,
    el('span', { class: `badge ${kind}` }, kind === 'sco' ? 'SCO' : kind === 'asset' ? 'Asset' : 'Folder'),
    ' ',
    el('span', { class: 'item-title' }, item.title || '(untitled)'),
    ' ',
    el('span', { class: 'muted ident' }, item.identifier),
  );
  const node = el('li', { class: 'item', data: { identifier: item.identifier, kind } }, el('details', { attrs: { open: '' } }, head, ...details));
  if (item.children.length) node.append(el('ul', { class: 'tree' }, ...item.children.map((child) => itemNode(child, pkg, contentBase))));
  return node;
}

function organizationNode(org: Organization, pkg: PackageDetail, contentBase: string | null): HTMLElement {
  const isDefault = org.identifier === pkg.default_organization;
  const sequencing = sequencingSummary('sequencing' in org ? (org.sequencing as SequencingDefinition) : undefined);
  return el(
    'section',
    { class: 'organization', data: { identifier: org.identifier } },
    el('h3', null, org.title || org.identifier, isDefault ? el('span', { class: 'badge default' }, 'default') : null),
    sequencing.length ? el('ul', { class: 'sequencing' }, ...sequencing.map((line) => el('li', null, line))) : null,
    el('ul', { class: 'tree' }, ...org.items.map((item) => itemNode(item, pkg, contentBase))),
  );
}

export async function packagePage(api: ApiClient, id: string, uploads?: UploadDeps): Promise<HTMLElement> {
  const pkg = await api.get<PackageDetail>(`/api/v1/packages/${encodeURIComponent(id)}`);
  let contentBase: string | null = null;
  try {
    contentBase = (await api.send<{ base_url: string }>('POST', `/api/v1/packages/${encodeURIComponent(id)}/content-token`)).base_url;
  } catch {
    // Without a token the launch URLs are shown as text.
  }
  const versions = await versionsSection(api, pkg, uploads);
  const warnings = pkg.diagnostics;
  const diagnostics = warnings.length
    ? table(
        ['Level', 'Code', 'Message', 'Where'],
        warnings.map((d) => [el('span', { class: `badge ${d.level}` }, d.level), el('code', null, d.code), d.message, el('code', null, d.path)]),
        { class: 'grid diagnostics' },
      )
    : el('p', { class: 'muted' }, 'The manifest imported without warnings.');
  const preview = el('div', { class: 'preview-slot' });
  const actions = el('p', { class: 'actions' }, link(href.learners(pkg.id), 'Learners'), link(href.report(pkg.id), 'Report'));
  const button = el('button', { class: 'primary preview', attrs: { type: 'button' } }, 'Preview');
  button.addEventListener('click', () => void previewPanel(api, pkg, preview, button));
  actions.prepend(button);
  return el(
    'section',
    { class: 'page package-page', data: { packageId: pkg.id } },
    el('p', { class: 'crumbs' }, link(href.packages(), 'Packages'), ' / '),
    el('h2', { class: 'package-title' }, pkg.title),
    actions,
    facts([
      ['Version', versionLabel(pkg)],
      ['Package version', `v${pkg.current_version}`],
      ['Schema version', pkg.schemaversion ?? '—'],
      ['Identifier', pkg.identifier],
      ['Content', `${plural(pkg.sco_count, 'SCO')}, ${plural(pkg.asset_count, 'asset')}, ${plural(pkg.file_count, 'file')} (${formatBytes(pkg.size_bytes)})`],
      ['Storage', pkg.storage],
      ['Imported', formatDate(pkg.created_at)],
    ]),
    preview,
    versions,
    el('h3', null, `Import diagnostics (${warnings.length})`),
    diagnostics,
    el('h3', null, 'Structure'),
    ...pkg.organizations.map((org) => organizationNode(org, pkg, contentBase)),
  );
}
