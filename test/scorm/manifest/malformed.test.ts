// Malformed and hostile manifests: one test per diagnostic code, with the level and the path.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isImportable, type Diagnostic } from '../../../scorm/manifest/diagnostics.ts';
import { locateManifest } from '../../../scorm/manifest/locate-manifest.ts';
import { parseManifest } from '../../../scorm/manifest/parse-manifest.ts';
import { manifest12, manifest2004, org, sco } from './build.ts';

const t = suite('manifest malformed input');
const parse = (xml: string | Uint8Array, entries: string[] = ['imsmanifest.xml', 'index.html', 'a.html', 'b.html']) => parseManifest({ xml, entries });
function only(diagnostics: Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  assert.is(found.length, 1, `${code} in ${JSON.stringify(diagnostics.map((d) => d.code))}`);
  return found[0]!;
}
const ITEM = '<item identifier="I1" identifierref="R1"><title>One</title></item>';

t('a valid minimal manifest has no diagnostics', () => {
  const r = parse(manifest2004(org(ITEM), sco('R1', 'index.html')));
  assert.equal(r.diagnostics, []);
  assert.ok(isImportable(r.diagnostics));
});

t('MANIFEST_MISSING: none, or only in a deeper folder; a single top-level folder is the root', () => {
  const none = locateManifest(['index.html', 'a/b.html']);
  assert.ok(!none.ok && none.diagnostic.code === 'MANIFEST_MISSING' && none.diagnostic.level === 'error');
  const deep = locateManifest(['course/inner/imsmanifest.xml', 'course/inner/index.html']);
  assert.ok(!deep.ok && /course\/inner\/imsmanifest\.xml/.test(deep.diagnostic.message));
  const twoTops = locateManifest(['a/imsmanifest.xml', 'b/x.html']);
  assert.ok(!twoTops.ok);
  assert.equal(locateManifest(['course/', 'course/imsmanifest.xml', 'course/index.html', '__MACOSX/course/._x']), { ok: true, path: 'course/imsmanifest.xml', root: 'course/' });
  assert.equal(locateManifest(['imsmanifest.xml', 'x/imsmanifest.xml']), { ok: true, path: 'imsmanifest.xml', root: '' });
  assert.equal(locateManifest(['IMSManifest.XML']), { ok: true, path: 'IMSManifest.XML', root: '' });
  assert.ok(!locateManifest(['../imsmanifest.xml']).ok);
});

t('a manifest in a single top-level folder checks files relative to that folder', () => {
  const r = parseManifest({ xml: manifest2004(org(ITEM), sco('R1', 'index.html')), entries: ['course/imsmanifest.xml', 'course/index.html'] });
  assert.equal(r.diagnostics, []);
});

t('MANIFEST_INVALID: not well-formed, wrong root, entities, too big', () => {
  const cases = [
    '<manifest><organizations></manifest>',
    'not xml at all',
    '',
    '<manifest a=1></manifest>',
    `<?xml version="1.0"?><package ${'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"'}/>`,
    '<manifest xmlns="urn:other"/>',
    '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><manifest>&b;</manifest>',
    '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><manifest>&x;</manifest>',
    '<a/><b/>',
  ];
  for (const xml of cases) {
    const r = parse(xml);
    assert.is(r.package, null, xml);
    const d = only(r.diagnostics, 'MANIFEST_INVALID');
    assert.is(d.level, 'error');
  }
  const big = parse(new Uint8Array(16 * 1024 * 1024 + 1));
  assert.match(only(big.diagnostics, 'MANIFEST_INVALID').message, /larger than 16 MiB/);
  const deep = parse(`<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1">${'<x>'.repeat(5000)}${'</x>'.repeat(5000)}</manifest>`);
  assert.is(deep.package, null);
});

t('NO_LAUNCHABLE_ITEM: no organization, or only grouping items', () => {
  const none = parse(manifest2004('', sco('R1', 'index.html')));
  assert.is(only(none.diagnostics, 'NO_LAUNCHABLE_ITEM').level, 'error');
  const groups = parse(manifest2004(org('<item identifier="G"><title>G</title><item identifier="H"><title>H</title></item></item>'), sco('R1', 'index.html')));
  assert.is(only(groups.diagnostics, 'NO_LAUNCHABLE_ITEM').path, 'manifest/organizations/organization[ORG]');
});

t('RESOURCE_NOT_FOUND with the item path', () => {
  const r = parse(manifest12(org('<item identifier="I1" identifierref="NOPE"><title>x</title></item>' + ITEM), sco('R1', 'index.html')));
  const d = only(r.diagnostics, 'RESOURCE_NOT_FOUND');
  assert.equal([d.level, d.path], ['error', 'manifest/organizations/organization[ORG]/item[I1]']);
  assert.match(d.message, /NOPE/);
});

t('SCO_WITHOUT_HREF and RESOURCE_WITHOUT_HREF', () => {
  const r = parse(manifest2004(org(ITEM + '<item identifier="I2" identifierref="R2"><title>x</title></item>'),
    '<resource identifier="R1" type="webcontent" adlcp:scormType="sco"/><resource identifier="R2" type="webcontent" adlcp:scormType="asset"/>'));
  assert.is(only(r.diagnostics, 'SCO_WITHOUT_HREF').path, 'manifest/resources/resource[R1]');
  assert.is(only(r.diagnostics, 'RESOURCE_WITHOUT_HREF').path, 'manifest/organizations/organization[ORG]/item[I2]');
});

t('DUPLICATE_IDENTIFIER: items and resources (error), item equal to resource (warning)', () => {
  const r = parse(manifest2004(org(ITEM + ITEM), sco('R1', 'index.html') + sco('R1', 'a.html')));
  const dups = r.diagnostics.filter((d) => d.code === 'DUPLICATE_IDENTIFIER');
  assert.equal(dups.map((d) => d.level), ['error', 'error']);
  const cross = parse(manifest2004(org('<item identifier="R1" identifierref="R1"><title>x</title></item>'), sco('R1', 'index.html')));
  assert.is(only(cross.diagnostics, 'DUPLICATE_IDENTIFIER').level, 'warning');
});

t('MISSING_IDENTIFIER on organization, item and resource', () => {
  const r = parse(manifest2004('<organization><title>x</title><item identifierref="R1"><title>x</title></item></organization>',
    sco('R1', 'index.html') + '<resource type="webcontent" href="a.html"/>'));
  assert.equal(r.diagnostics.filter((d) => d.code === 'MISSING_IDENTIFIER').map((d) => d.path), [
    'manifest/resources/resource[#2]', 'manifest/organizations/organization[#1]', 'manifest/organizations/organization[#1]/item[#1]',
  ]);
});

t('LAUNCH_FILE_MISSING (error, with a case hint) versus FILE_MISSING (warning)', () => {
  const res = '<resource identifier="R1" type="webcontent" adlcp:scormType="sco" href="Index.html"><file href="Index.html"/><file href="css/site.css"/></resource>';
  const r = parse(manifest2004(org(ITEM), res));
  const launch = only(r.diagnostics, 'LAUNCH_FILE_MISSING');
  assert.is(launch.level, 'error');
  assert.match(launch.message, /"index\.html", which differs only in letter case/);
  const file = only(r.diagnostics, 'FILE_MISSING');
  assert.equal([file.level, file.path], ['warning', 'manifest/resources/resource[R1]/file[2]']);
});

t('EXTERNAL_LAUNCH_URL is a warning; other schemes are UNSAFE_PATH', () => {
  const r = parse(manifest2004(org(ITEM), '<resource identifier="R1" type="webcontent" adlcp:scormType="sco" href="https://cdn.example.com/sco.html"/>'));
  assert.is(only(r.diagnostics, 'EXTERNAL_LAUNCH_URL').level, 'warning');
  assert.ok(isImportable(r.diagnostics));
  assert.is(r.package!.organizations[0]!.items[0]!.launch_url, 'https://cdn.example.com/sco.html');
  const js = parse(manifest2004(org(ITEM), '<resource identifier="R1" type="webcontent" adlcp:scormType="sco" href="javascript:alert(1)"/>'));
  assert.is(only(js.diagnostics, 'UNSAFE_PATH').level, 'error');
});

t('UNSAFE_PATH: hrefs and xml:base escaping the package', () => {
  for (const [href, base] of [['../../etc/passwd', ''], ['/etc/passwd', ''], ['x.html', '../'], ['a%2F..%2F..%2Fx', ''], ['C:/x.html', ''], ['a\\..\\..\\x', ''], ['\uFF0E\uFF0E/x', '']]) {
    const r = parse(manifest2004(org(ITEM), `<resource identifier="R1" type="webcontent" adlcp:scormType="sco" href="${href}" xml:base="${base}"/>`));
    const d = only(r.diagnostics, 'UNSAFE_PATH');
    assert.equal([d.level, d.path], ['error', 'manifest/resources/resource[R1]'], href);
  }
  const file = parse(manifest2004(org(ITEM), '<resource identifier="R1" type="webcontent" adlcp:scormType="sco" href="index.html"><file href="../secret"/></resource>'));
  assert.is(only(file.diagnostics, 'UNSAFE_PATH').path, 'manifest/resources/resource[R1]/file[1]');
});

t('EDITION_MISMATCH: 4th Edition attributes in a 3rd Edition manifest', () => {
  const item = '<item identifier="I1" identifierref="R1"><title>x</title><adlcp:completionThreshold minProgressMeasure="0.5"/></item>';
  const r = parse(manifest2004(org(item), sco('R1', 'index.html'), '', '3rd'));
  assert.is(only(r.diagnostics, 'EDITION_MISMATCH').level, 'warning');
  assert.equal(parse(manifest2004(org(item), sco('R1', 'index.html'))).diagnostics, []);
});

t('SCHEMAVERSION_MISSING and SCHEMAVERSION_UNKNOWN: sniffed from namespaces', () => {
  const no12 = manifest12(org(ITEM), sco('R1', 'index.html')).replace('<schemaversion>1.2</schemaversion>', '');
  const r = parse(no12);
  assert.equal([r.package!.version, only(r.diagnostics, 'SCHEMAVERSION_MISSING').level], ['1.2', 'warning']);
  const odd = parse(manifest2004(org(ITEM), sco('R1', 'index.html')).replace('2004 4th Edition', 'SCORM 2004 v5'));
  assert.equal([odd.package!.version, odd.package!.edition], ['2004', null]);
  only(odd.diagnostics, 'SCHEMAVERSION_UNKNOWN');
});

t('DEFAULT_ORGANIZATION_MISSING: unresolved or absent default falls back to the first', () => {
  const r = parse(manifest2004(org(ITEM, 'A') + org('', 'B'), sco('R1', 'index.html')));
  assert.is(r.package!.default_organization, 'A');
  assert.is(only(r.diagnostics, 'DEFAULT_ORGANIZATION_MISSING').level, 'warning');
  const absent = parse(manifest2004(org(ITEM), sco('R1', 'index.html')).replace(' default="ORG"', ''));
  assert.match(only(absent.diagnostics, 'DEFAULT_ORGANIZATION_MISSING').message, /no default attribute/);
});

t('warnings: MISSING_TITLE, DEPENDENCY_NOT_FOUND, PARENT_ITEM_WITH_RESOURCE, UNDECLARED_PREFIX, MISCASED_ELEMENT', () => {
  const parent = '<item identifier="P" identifierref="R1"><title>P</title><item identifier="C" identifierref="R1"/></item>';
  const r = parse(manifest2004(org(parent), sco('R1', 'index.html').replace('</resource>', '<dependency identifierref="GONE"/></resource>')));
  assert.is(only(r.diagnostics, 'MISSING_TITLE').path, 'manifest/organizations/organization[ORG]/item[P]/item[C]');
  assert.is(only(r.diagnostics, 'DEPENDENCY_NOT_FOUND').path, 'manifest/resources/resource[R1]/dependency[1]');
  assert.is(only(r.diagnostics, 'PARENT_ITEM_WITH_RESOURCE').level, 'warning');
  const undeclared = parse(`<manifest identifier="M" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"><metadata><schemaversion>1.2</schemaversion></metadata><organizations default="ORG">${org(ITEM)}</organizations><resources><resource identifier="R1" type="webcontent" adlcp:scormtype="sco" href="index.html"/></resources></manifest>`);
  only(undeclared.diagnostics, 'UNDECLARED_PREFIX');
  assert.is(undeclared.package!.sco_count, 1);
  const miscased = parse(manifest12(org('<item identifier="I1" identifierref="R1"><title>x</title><adlcp:dataFromLMS>d</adlcp:dataFromLMS></item>'), sco('R1', 'index.html')));
  only(miscased.diagnostics, 'MISCASED_ELEMENT');
});

t('SEQUENCING_REF_NOT_FOUND and INVALID_VALUE', () => {
  const item = '<item identifier="I1" identifierref="R1"><title>x</title><imsss:sequencing IDRef="nope"><imsss:controlMode flow="yes"/>' +
    '<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions><imsss:ruleCondition condition="sunny"/></imsss:ruleConditions><imsss:ruleAction action="skip"/></imsss:preConditionRule></imsss:sequencingRules></imsss:sequencing></item>';
  const r = parse(manifest2004(org(item), sco('R1', 'index.html')));
  assert.is(only(r.diagnostics, 'SEQUENCING_REF_NOT_FOUND').level, 'error');
  assert.equal(r.diagnostics.filter((d) => d.code === 'INVALID_VALUE').map((d) => d.path), [
    'manifest/organizations/organization[ORG]/item[I1]/sequencing/controlMode',
    'manifest/organizations/organization[ORG]/item[I1]/sequencing/sequencingRules',
  ]);
  const seq = (r.package!.organizations[0]!.items[0] as { sequencing: { controlMode: { flow: boolean }; sequencingRules: { preConditionRules: unknown[] } } }).sequencing;
  assert.equal([seq.controlMode.flow, seq.sequencingRules.preConditionRules.length], [false, 0]);
});

t('PREREQUISITES_INVALID and PREREQUISITE_UNKNOWN_ITEM', () => {
  const items = '<item identifier="I1" identifierref="R1"><title>x</title></item><item identifier="I2" identifierref="R1"><title>y</title><adlcp:prerequisites type="aicc_script">I1 &amp; (</adlcp:prerequisites></item>' +
    '<item identifier="I3" identifierref="R1"><title>z</title><adlcp:prerequisites type="aicc_script">I1 | GHOST</adlcp:prerequisites></item>';
  const r = parse(manifest12(org(items), sco('R1', 'index.html')));
  assert.is(only(r.diagnostics, 'PREREQUISITES_INVALID').path, 'manifest/organizations/organization[ORG]/item[I2]/prerequisites');
  assert.match(only(r.diagnostics, 'PREREQUISITE_UNKNOWN_ITEM').message, /GHOST/);
});

t('DIAGNOSTICS_TRUNCATED: a flood of warnings is capped, errors are never dropped', () => {
  const files = Array.from({ length: 800 }, (_, i) => `<file href="f${i}.js"/>`).join('');
  const r = parse(manifest2004(org(ITEM + '<item identifier="I9" identifierref="GONE"><title>x</title></item>'), `<resource identifier="R1" type="webcontent" adlcp:scormType="sco" href="index.html">${files}</resource>`));
  only(r.diagnostics, 'DIAGNOSTICS_TRUNCATED');
  assert.ok(r.diagnostics.length <= 502);
  only(r.diagnostics, 'RESOURCE_NOT_FOUND');
});

t.run();
