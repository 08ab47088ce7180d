// The one contract every PackageStore passes (SQL on each database, and the in-memory fake).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseManifest } from '../../scorm/manifest/parse-manifest.ts';
import type { NewPackage, PackageStore } from '../../server/db/package-store.ts';
import { manifest2004, org, sco } from '../scorm/manifest/build.ts';

export interface PackageStoreTarget {
  store: PackageStore;
  /** Stores a package as an import would. */
  add(pkg: NewPackage): Promise<void>;
  addRegistration(packageId: string, learnerId: string): Promise<void>;
}

export interface PackageStoreBackend {
  /** A target over empty data, its clock set by `clock`. */
  target(clock: () => number): Promise<PackageStoreTarget>;
  close(): Promise<void>;
}

const asset = (id: string, href: string) => `<resource identifier="${id}" type="webcontent" adlcp:scormType="asset" href="${href}"><file href="${href}"/></resource>`;
const ITEMS =
  '<item identifier="chapter"><title>Chapter</title>' +
  '<item identifier="s1" identifierref="r1"><title>First</title></item>' +
  '<item identifier="a1" identifierref="r3"><title>Handout</title></item>' +
  '</item>' +
  '<item identifier="s2" identifierref="r2"><title>Second</title></item>';

export function newPackage(id: string, title = 'Course'): NewPackage {
  const xml = manifest2004(org(ITEMS), sco('r1', 'a.html') + sco('r2', 'b.html') + asset('r3', 'h.pdf')).replace('<title>Course</title>', `<title>${title}</title>`);
  const parsed = parseManifest({ xml, entries: ['imsmanifest.xml', 'a.html', 'b.html', 'h.pdf'] }).package!;
  return {
    id,
    importJobId: `job-${id}`,
    parsed,
    diagnostics: [],
    files: [
      { path: 'a.html', size: 10 },
      { path: 'b.html', size: 20 },
      { path: 'h.pdf', size: 300 },
    ],
    storage: 'local',
  };
}

export function packageStoreContract(name: string, open: () => Promise<PackageStoreBackend>): void {
  const test = suite<{ backend: PackageStoreBackend; target: PackageStoreTarget; time: { now: number } }>(`package store contract (${name})`);
  test.before(async (ctx) => {
    ctx.backend = await open();
  });
  test.after(async (ctx) => ctx.backend?.close());
  test.before.each(async (ctx) => {
    ctx.time = { now: 1_700_000_000_000 };
    ctx.target = await ctx.backend.target(() => ctx.time.now);
  });

  test('a stored package reads back: summary, manifest tree, files, SCOs in tree order', async ({ target }) => {
    const pkg = newPackage('p1', 'Safety basics');
    await target.add(pkg);
    const detail = (await target.store.get('p1'))!;
    assert.equal(
      { ...detail, organizations: undefined, resources: undefined, metadata: undefined },
      {
        id: 'p1', title: 'Safety basics', version: '2004', edition: pkg.parsed.edition, schemaversion: pkg.parsed.schemaversion,
        identifier: 'M', default_organization: 'ORG', sco_count: 2, asset_count: 1, file_count: 3, size_bytes: 330,
        storage: 'local', created_at: new Date(1_700_000_000_000).toISOString(), diagnostics: [], current_version: 1, on_new_version: 'keep',
        organizations: undefined, resources: undefined, metadata: undefined,
      },
    );
    assert.equal(detail.organizations, JSON.parse(JSON.stringify(pkg.parsed.organizations)));
    assert.is(await target.store.exists('p1'), true);
    assert.is(await target.store.exists('p2'), false);
    assert.is(await target.store.get('p2'), undefined);
    assert.equal(await target.store.scoItems('p1'), [{ identifier: 's1', title: 'First' }, { identifier: 's2', title: 'Second' }]);
    assert.equal((await target.store.files('p1')).sort((a, b) => (a.path < b.path ? -1 : 1)), pkg.files);
    assert.is(await target.store.hasFile('p1', 'h.pdf'), true);
    assert.is(await target.store.hasFile('p1', 'H.pdf'), false, 'paths compare exactly');
    assert.is(await target.store.hasFile('p2', 'h.pdf'), false);
  });

  test('list: newest first then by id, a title search, paging, total and learners', async ({ target, time }) => {
    await target.add(newPackage('b', 'Fire Safety'));
    await target.add(newPackage('a', 'First aid'));
    time.now += 1000;
    await target.add(newPackage('c', 'Safety 100%_done'));
    await target.addRegistration('a', 'u1');
    await target.addRegistration('a', 'u1');
    await target.addRegistration('a', 'u2');
    const all = await target.store.list(10, 0);
    assert.equal([all.items.map((p) => p.id), all.total], [['c', 'a', 'b'], 3]);
    assert.equal(all.items.map((p) => p.learners), [0, 2, 0], 'distinct learners');
    assert.equal((await target.store.list(10, 0, { q: 'SAFETY' })).items.map((p) => p.id), ['c', 'b']);
    assert.equal((await target.store.list(10, 0, { q: '100%_' })).items.map((p) => p.id), ['c'], '% and _ are literal');
    assert.equal((await target.store.list(10, 0, { q: '1%0' })).items, []);
    const page = await target.store.list(1, 1);
    assert.equal([page.items.map((p) => p.id), page.total], [['a'], 3]);
    assert.ok(!('organizations' in all.items[0]!), 'list items are summaries');
  });

  test('delete: gone from every read, once', async ({ target }) => {
    await target.add(newPackage('d1'));
    await target.add(newPackage('d2'));
    assert.is(await target.store.delete('d1'), true);
    assert.is(await target.store.delete('d1'), false);
    assert.is(await target.store.get('d1'), undefined);
    assert.equal(await target.store.files('d1'), []);
    assert.equal(await target.store.scoItems('d1'), []);
    assert.equal((await target.store.list(10, 0)).items.map((p) => p.id), ['d2']);
  });

  test.run();
}
