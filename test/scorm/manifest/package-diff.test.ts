// diffPackages: the import report of a new version, from two parsed manifests.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diffPackages } from '../../../scorm/manifest/package-diff.ts';
import { parseManifest } from '../../../scorm/manifest/parse-manifest.ts';
import { manifest12, manifest2004, org, sco } from './build.ts';

function orgs2004(items: string, resources: string) {
  const entries = ['imsmanifest.xml', 'a.html', 'a2.html', 'b.html', 'c.html', 'd.html'];
  return parseManifest({ xml: manifest2004(org(items), resources), entries }).package!.organizations;
}
function orgs12(items: string, resources: string) {
  return parseManifest({ xml: manifest12(org(items), resources), entries: ['imsmanifest.xml', 'a.html', 'b.html'] }).package!.organizations;
}
const item = (id: string, inner = '') => `<item identifier="${id}" identifierref="r-${id}"><title>T ${id}</title>${inner}</item>`;

test('the same manifest: no difference', () => {
  const a = orgs2004(item('a') + item('b'), sco('r-a', 'a.html') + sco('r-b', 'b.html'));
  assert.equal(diffPackages(a, a), { items_added: [], items_removed: [], launch_url_changed: [], sequencing_changed: [], structure_changed: false });
});

test('added, removed, launch URL changed; the tree changed', () => {
  const before = orgs2004(item('a') + item('b') + item('c'), sco('r-a', 'a.html') + sco('r-b', 'b.html') + sco('r-c', 'c.html'));
  const after = orgs2004(item('a') + item('b') + item('d'), sco('r-a', 'a2.html') + sco('r-b', 'b.html') + sco('r-d', 'd.html'));
  const diff = diffPackages(before, after);
  assert.equal(diff.items_added, [{ identifier: 'd', title: 'T d' }]);
  assert.equal(diff.items_removed, [{ identifier: 'c', title: 'T c' }]);
  assert.equal(diff.launch_url_changed, [{ identifier: 'a', title: 'T a', from: 'a.html', to: 'a2.html' }]);
  assert.equal(diff.sequencing_changed, []);
  assert.is(diff.structure_changed, true);
});

test('2004: a changed sequencing definition is reported, the tree unchanged', () => {
  const before = orgs2004(item('a') + item('b'), sco('r-a', 'a.html') + sco('r-b', 'b.html'));
  const limited = '<imsss:sequencing><imsss:limitConditions attemptLimit="2"/></imsss:sequencing>';
  const after = orgs2004(item('a', limited) + item('b'), sco('r-a', 'a.html') + sco('r-b', 'b.html'));
  const diff = diffPackages(before, after);
  assert.equal(diff.sequencing_changed, [{ identifier: 'a', title: 'T a' }]);
  assert.is(diff.structure_changed, false);
});

test('reordered items change the structure only', () => {
  const resources = sco('r-a', 'a.html') + sco('r-b', 'b.html');
  const diff = diffPackages(orgs2004(item('a') + item('b'), resources), orgs2004(item('b') + item('a'), resources));
  assert.equal([diff.items_added, diff.items_removed, diff.launch_url_changed, diff.structure_changed], [[], [], [], true]);
});

test('1.2: prerequisites and masteryscore are its sequencing', () => {
  const resources = sco('r-a', 'a.html') + sco('r-b', 'b.html');
  const before = orgs12(item('a') + item('b'), resources);
  const after = orgs12(item('a') + item('b', '<adlcp:prerequisites type="aicc_script">a</adlcp:prerequisites><adlcp:masteryscore>80</adlcp:masteryscore>'), resources);
  assert.equal(diffPackages(before, after).sequencing_changed, [{ identifier: 'b', title: 'T b' }]);
});

test('a first version (nothing before) adds every item', () => {
  const after = orgs2004(item('a'), sco('r-a', 'a.html'));
  const diff = diffPackages([], after);
  assert.equal(diff.items_added, [{ identifier: 'a', title: 'T a' }]);
  assert.is(diff.structure_changed, true);
});

test.run();
