// planVersionMove: what keep, restart and migrate write when a registration meets a newer version.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseManifest } from '../../scorm/manifest/parse-manifest.ts';
import { planVersionMove, type VersionSide } from '../../server/runtime/version-move.ts';
import { manifest12, manifest2004, org, sco } from '../scorm/manifest/build.ts';

const item = (id: string) => `<item identifier="${id}" identifierref="r-${id}"><title>T ${id}</title></item>`;
function side(contentId: string, versionNumber: number, ids: string[], scorm: '1.2' | '2004' = '1.2'): VersionSide {
  const build = scorm === '1.2' ? manifest12 : manifest2004;
  const xml = build(org(ids.map(item).join('')), ids.map((id) => sco(`r-${id}`, `${id}.html`)).join(''));
  const parsed = parseManifest({ xml, entries: ['imsmanifest.xml', ...ids.map((id) => `${id}.html`)] }).package!;
  return { contentId, versionNumber, scormVersion: scorm, organizations: parsed.organizations };
}
const AT = Date.UTC(2026, 0, 1);

test('keep moves nothing; nor does any policy on the same version', () => {
  const v1 = side('c1', 1, ['a', 'b']);
  assert.is(planVersionMove({ policy: 'keep', from: v1, to: side('c2', 2, ['a']), itemsWithData: ['a'], at: AT }), undefined);
  assert.is(planVersionMove({ policy: 'migrate', from: v1, to: v1, itemsWithData: ['a'], at: AT }), undefined);
});

test('restart: every attempt set aside, navigation cleared, a new registration attempt', () => {
  const move = planVersionMove({ policy: 'restart', from: side('c1', 1, ['a', 'b']), to: side('c2', 2, ['a', 'b']), itemsWithData: ['a'], at: AT })!;
  assert.equal([move.toContentId, move.toVersion, move.archive, move.clearSequencingState, move.newAttempt], ['c2', 2, 'all', true, true]);
  assert.equal(move.change, { from_version: 1, to_version: 2, at: new Date(AT).toISOString(), policy: 'restart', items_removed: [], items_carried: [], sequencing_state: 'cleared' });
});

test('migrate: data carried where identifiers match, the disappeared items reported and set aside', () => {
  const move = planVersionMove({ policy: 'migrate', from: side('c1', 1, ['a', 'b', 'c']), to: side('c2', 3, ['a', 'b', 'd']), itemsWithData: ['a', 'c'], at: AT })!;
  assert.equal(move.archive, ['c']);
  assert.is(move.newAttempt, false);
  assert.equal(move.change.items_carried, ['a']);
  assert.equal(move.change.items_removed, [{ identifier: 'c', title: 'T c' }]);
  assert.equal([move.change.sequencing_state, move.clearSequencingState], ['cleared', true], 'the tree changed');
});

test('migrate onto the same tree keeps the navigation state', () => {
  const move = planVersionMove({ policy: 'migrate', from: side('c1', 1, ['a', 'b']), to: side('c2', 2, ['a', 'b']), itemsWithData: ['a', 'b'], at: AT })!;
  assert.equal([move.archive, move.clearSequencingState, move.change.sequencing_state, move.change.items_carried], [[], false, 'kept', ['a', 'b']]);
});

test('migrate across SCORM versions carries nothing (one run-time cannot read the other\'s data)', () => {
  const move = planVersionMove({ policy: 'migrate', from: side('c1', 1, ['a', 'b'], '1.2'), to: side('c2', 2, ['a', 'b'], '2004'), itemsWithData: ['a'], at: AT })!;
  assert.equal([move.archive, move.change.items_carried, move.change.sequencing_state], [['a'], [], 'cleared']);
});

test.run();
