// The manifest's size limits: items, attributes per element and nesting, each refused with its
// own diagnostic code by one linear pass, at the limit accepted, past it refused.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseManifest } from '../../../scorm/manifest/parse-manifest.ts';
import { checkManifestLimits, MANIFEST_LIMITS } from '../../../scorm/manifest/xml-limits.ts';
import { manifest12, org, sco } from './build.ts';

const t = suite('manifest limits');
const entries = ['imsmanifest.xml', 'index.html'];
const items = (n: number) => Array.from({ length: n }, (_, i) => `<item identifier="I${i}" identifierref="R1"><title>T${i}</title></item>`).join('');
const codes = (xml: string) => parseManifest({ xml, entries }).diagnostics.map((d) => `${d.level}:${d.code}`);

t('small limits: each one refused past it with its own code, accepted at it', () => {
  const limits = { items: 3, attributesPerElement: 4, depth: 5 };
  assert.ok(checkManifestLimits('<m><item/><item/><x:item></x:item></m>', limits).ok);
  assert.is((checkManifestLimits('<m><item/><item/><item/><imscp:item/></m>', limits) as { code: string }).code, 'MANIFEST_TOO_MANY_ITEMS');
  assert.ok(checkManifestLimits('<m a="1" b=\'2\' c="=" d="x=y"/>', limits).ok);
  assert.is((checkManifestLimits('<m a="1" b="2" c="3" d="4" e="5"/>', limits) as { code: string }).code, 'MANIFEST_TOO_MANY_ATTRIBUTES');
  assert.ok(checkManifestLimits('<a><b><c><d><e/></d></c></b></a>', limits).ok);
  assert.is((checkManifestLimits('<a><b><c><d><e><f/></e></d></c></b></a>', limits) as { code: string }).code, 'MANIFEST_TOO_DEEP');
});

t('comments, CDATA, processing instructions and DOCTYPE are not counted as elements', () => {
  const limits = { items: 1, attributesPerElement: 1, depth: 2 };
  const text = '<?xml version="1.0" a="1" b="2"?><!DOCTYPE m [<!ELEMENT m ANY>]><m><!-- <item/><item/> --><![CDATA[<item a="1" b="2"><x><y>]]><item/></m>';
  assert.equal(checkManifestLimits(text, limits), { ok: true, items: 1, maxDepth: 2 });
});

t('MANIFEST_TOO_MANY_ITEMS: a manifest with one item past the limit', () => {
  const at = manifest12(org(items(MANIFEST_LIMITS.items)), sco('R1', 'index.html'));
  assert.equal(checkManifestLimits(at), { ok: true, items: MANIFEST_LIMITS.items, maxDepth: 5 });
  const past = manifest12(org(items(MANIFEST_LIMITS.items + 1)), sco('R1', 'index.html'));
  assert.equal(codes(past), ['error:MANIFEST_TOO_MANY_ITEMS']);
});

t('MANIFEST_TOO_MANY_ATTRIBUTES: an item with 500,000 attributes, refused quickly', () => {
  const attrs = Array.from({ length: 500_000 }, (_, i) => `a${i}="x"`).join(' ');
  const xml = manifest12(org(`<item identifier="I1" identifierref="R1" ${attrs}><title>T</title></item>`), sco('R1', 'index.html'));
  assert.equal(codes(xml), ['error:MANIFEST_TOO_MANY_ATTRIBUTES']);
});

t('MANIFEST_TOO_DEEP: items nested past the limit', () => {
  const depth = MANIFEST_LIMITS.depth;
  const nested = '<item identifier="N">'.repeat(depth) + '<title>x</title>' + '</item>'.repeat(depth);
  const xml = manifest12(org(`<item identifier="I1" identifierref="R1"><title>T</title></item>${nested}`), sco('R1', 'index.html'));
  assert.equal(codes(xml), ['error:MANIFEST_TOO_DEEP']);
});

t.run();
