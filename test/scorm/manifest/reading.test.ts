// What the parser reads: encodings and XML forms, namespaces by URI, xml:base, launch URLs with
// parameters, 1.2 and 2004 item data, AICC prerequisites, titles and metadata.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { joinParameters, resolveHref } from '../../../scorm/manifest/launch-url.ts';
import type { Item12, Item2004 } from '../../../scorm/manifest/model.ts';
import { parseManifest } from '../../../scorm/manifest/parse-manifest.ts';
import { parsePrerequisites } from '../../../scorm/manifest/prerequisites.ts';
import { manifest12, manifest2004, org, sco } from './build.ts';

const t = suite('manifest reading');
const ENTRIES = ['imsmanifest.xml', 'index.html', 'caf\u00e9.html', 'a&b.html', 'content/sco/page.html', 'x y.html'];
const parse = (xml: string | Uint8Array, entries = ENTRIES) => parseManifest({ xml, entries });
const ITEM = '<item identifier="I1" identifierref="R1"><title>One</title></item>';

t('BOM, CDATA title, single quotes, numeric references and &amp; in hrefs', () => {
  const xml = '\uFEFF' + manifest2004(
    `<organization identifier='ORG'><title><![CDATA[Caf\u00e9 <intro> & more]]></title><item identifier='I1' identifierref='R1'><title>Caf&#233; &#x2014; &amp;</title></item><item identifier='I2' identifierref='R2'><title>x</title></item></organization>`,
    `<resource identifier='R1' type='webcontent' adlcp:scormType='sco' href='caf&#233;.html'/><resource identifier='R2' type='webcontent' adlcp:scormType='asset' href='a&amp;b.html'/>`);
  const r = parse(xml);
  assert.equal(r.diagnostics, []);
  const [o] = r.package!.organizations;
  assert.is(o!.title, 'Caf\u00e9 <intro> & more');
  assert.is(o!.items[0]!.title, 'Caf\u00e9 \u2014 &');
  assert.equal(o!.items.map((i) => i.launch_url), ['caf\u00e9.html', 'a&b.html']);
});

t('bytes: UTF-8 with BOM, UTF-16LE with BOM, a declared ISO-8859-1', () => {
  const xml = manifest2004(org(ITEM.replace('One', 'Caf\u00e9')), sco('R1', 'index.html'));
  const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(xml)]);
  const utf16 = new Uint8Array(2 + xml.length * 2);
  utf16.set([0xff, 0xfe]);
  for (let i = 0; i < xml.length; i++) { utf16[2 + i * 2] = xml.charCodeAt(i) & 0xff; utf16[3 + i * 2] = xml.charCodeAt(i) >> 8; }
  const latin = xml.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>');
  const latinBytes = Uint8Array.from([...latin].map((c) => c.charCodeAt(0)));
  for (const bytes of [utf8, utf16, latinBytes]) assert.is(parse(bytes).package!.organizations[0]!.items[0]!.title, 'Caf\u00e9');
});

t('namespaces are matched by URI: unusual prefixes, imscp: prefix, redeclared default', () => {
  const xml = `<cp:manifest identifier="M" xmlns:cp="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:zz="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:q="http://www.imsglobal.org/xsd/imsss">
    <cp:metadata><cp:schemaversion>2004 3rd Edition</cp:schemaversion></cp:metadata>
    <cp:organizations default="ORG"><cp:organization identifier="ORG"><cp:title>T</cp:title>
      <item xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="I1" identifierref="R1"><title>One</title><q:sequencing><q:controlMode flow="true"/></q:sequencing></item>
    </cp:organization></cp:organizations>
    <cp:resources><cp:resource identifier="R1" type="webcontent" zz:scormType="sco" href="index.html"/></cp:resources></cp:manifest>`;
  const r = parse(xml);
  assert.equal(r.diagnostics, []);
  assert.is(r.package!.sco_count, 1);
  assert.is((r.package!.organizations[0]!.items[0] as Item2004).sequencing.controlMode.flow, true);
  // A look-alike prefix bound to another URI is not adlcp.
  const fake = parse(manifest2004(org(ITEM), '<resource xmlns:adlcp="urn:not-adl" identifier="R1" type="webcontent" adlcp:scormType="sco" href="index.html"/>'));
  assert.is(fake.package!.asset_count, 1);
});

t('xml:base on manifest, resources and resource, joined; files too', () => {
  const xml = manifest2004(org(ITEM), '<resource identifier="R1" type="webcontent" adlcp:scormType="sco" href="page.html" xml:base="sco/"><file href="page.html"/></resource>')
    .replace('<resources>', '<resources xml:base="content">').replace('identifier="M"', 'identifier="M" xml:base="./"');
  const r = parse(xml);
  assert.equal(r.diagnostics, []);
  const res = r.package!.resources[0]!;
  assert.equal([res.href, res.base, res.files], ['content/sco/page.html', './content/sco/', ['content/sco/page.html']]);
});

t('launch URL: parameters joined with ? or &, leading ?/& dropped, # fragments, encoded hrefs', () => {
  assert.is(joinParameters('a.html', '?x=1'), 'a.html?x=1');
  assert.is(joinParameters('a.html?y=2', '?x=1'), 'a.html?y=2&x=1');
  assert.is(joinParameters('a.html?y=2', '&x=1'), 'a.html?y=2&x=1');
  assert.is(joinParameters('a.html?', 'x=1'), 'a.html?x=1');
  assert.is(joinParameters('a.html', '#p3'), 'a.html#p3');
  assert.is(joinParameters('a.html#p1', '#p3'), 'a.html#p1');
  assert.is(joinParameters('a.html#p1', 'x=1'), 'a.html?x=1#p1');
  assert.is(joinParameters('a.html', null), 'a.html');
  assert.is(joinParameters('a.html', '  '), 'a.html');
  assert.equal(resolveHref([], 'x%20y.html?q=%20'), { kind: 'package', url: 'x%20y.html?q=%20', path: 'x y.html' });
  assert.equal(resolveHref(['http://cdn.example.com/c/'], 'a.html'), { kind: 'external', url: 'http://cdn.example.com/c/a.html' });
  const r = parse(manifest12(org('<item identifier="I1" identifierref="R1" parameters="?tc=1&amp;act=2"><title>x</title></item>'), sco('R1', 'x%20y.html')));
  assert.equal(r.diagnostics, []);
  assert.is(r.package!.organizations[0]!.items[0]!.launch_url, 'x%20y.html?tc=1&act=2');
});

t('SCORM 1.2 item data: masteryscore, maxtimeallowed, timelimitaction, datafromlms, prerequisites tree', () => {
  const items = '<item identifier="A" identifierref="R1" isvisible="false"><title>A</title><adlcp:masteryscore>80</adlcp:masteryscore><adlcp:maxtimeallowed>00:30:00</adlcp:maxtimeallowed>' +
    '<adlcp:timelimitaction>exit, no message</adlcp:timelimitaction><adlcp:datafromlms>k=v</adlcp:datafromlms></item>' +
    '<item identifier="B" identifierref="R1"><title>B</title><adlcp:prerequisites type="aicc_script">A=passed &amp; ~C | 2*{A,C,D}</adlcp:prerequisites></item>' +
    '<item identifier="C" identifierref="R1"><title>C</title></item><item identifier="D" identifierref="R1"><title>D</title></item>';
  const r = parse(manifest12(org(items), sco('R1', 'index.html')));
  assert.equal(r.diagnostics, []);
  const [a, b] = r.package!.organizations[0]!.items as Item12[];
  assert.equal([a!.visible, a!.masteryscore, a!.maxtimeallowed, a!.timelimitaction, a!.datafromlms, a!.prerequisites], [false, 80, '00:30:00', 'exit,no message', 'k=v', null]);
  assert.equal(b!.prerequisites, { type: 'or', operands: [
    { type: 'and', operands: [{ type: 'status', identifier: 'A', status: 'passed', negated: false }, { type: 'not', operand: { type: 'item', identifier: 'C' } }] },
    { type: 'atLeast', count: 2, operands: [{ type: 'item', identifier: 'A' }, { type: 'item', identifier: 'C' }, { type: 'item', identifier: 'D' }] },
  ] });
});

t('AICC prerequisites: word operators, <>, quoted and abbreviated statuses, errors', () => {
  assert.equal(parsePrerequisites('(m1 AND m2) OR m3'), { ok: true, value: { type: 'or', operands: [{ type: 'and', operands: [{ type: 'item', identifier: 'm1' }, { type: 'item', identifier: 'm2' }] }, { type: 'item', identifier: 'm3' }] } });
  assert.equal(parsePrerequisites('x<>"not attempted"'), { ok: true, value: { type: 'status', identifier: 'x', status: 'not attempted', negated: true } });
  assert.equal(parsePrerequisites('x = c'), { ok: true, value: { type: 'status', identifier: 'x', status: 'completed', negated: false } });
  assert.equal(parsePrerequisites('   '), { ok: true, value: null });
  for (const bad of ['a &', '(a', 'a = sleepy', '2*{a', 'a b', '&', 'a = ']) assert.is(parsePrerequisites(bad).ok, false, bad);
  assert.is(parsePrerequisites('('.repeat(100000)).ok, false);
});

t('SCORM 2004 item data: completionThreshold (3rd Edition text and 4th attributes), presentation, data maps', () => {
  const items = '<item identifier="A" identifierref="R1"><title>A</title><adlcp:completionThreshold>0.75</adlcp:completionThreshold><adlcp:dataFromLMS>abc</adlcp:dataFromLMS>' +
    '<adlcp:timeLimitAction>continue,message</adlcp:timeLimitAction><adlnav:presentation><adlnav:navigationInterface><adlnav:hideLMSUI>continue</adlnav:hideLMSUI><adlnav:hideLMSUI>previous</adlnav:hideLMSUI></adlnav:navigationInterface></adlnav:presentation></item>' +
    '<item identifier="B" identifierref="R1"><title>B</title><adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.6" progressWeight="0.2"/><adlcp:data><adlcp:map targetID="notes" readSharedData="false"/></adlcp:data></item>';
  const r = parse(manifest2004(org(items), sco('R1', 'index.html')));
  assert.equal(r.diagnostics, []);
  const [a, b] = r.package!.organizations[0]!.items as Item2004[];
  assert.equal(a!.completionThreshold, { completedByMeasure: true, minProgressMeasure: 0.75, progressWeight: 1 });
  assert.equal([a!.dataFromLMS, a!.timeLimitAction, a!.presentation], ['abc', 'continue,message', { hideLMSUI: ['continue', 'previous'] }]);
  assert.equal(b!.completionThreshold, { completedByMeasure: true, minProgressMeasure: 0.6, progressWeight: 0.2 });
  assert.equal(b!.data, [{ targetID: 'notes', readSharedData: false, writeSharedData: true }]);
});

t('organization flags, title from organization then LOM, adlcp:location noted', () => {
  const lom = '<lom xmlns="http://ltsc.ieee.org/xsd/LOM"><general><title><string language="en">LOM Title</string></title></general></lom>';
  const xml = manifest2004(org(ITEM).replace('<organization identifier="ORG"', '<organization identifier="ORG" adlseq:objectivesGlobalToSystem="false" adlcp:sharedDataGlobalToSystem="false"'), sco('R1', 'index.html'))
    .replace('</metadata>', `<adlcp:location>meta.xml</adlcp:location>${lom}</metadata>`);
  const r = parse(xml);
  const p = r.package!;
  assert.equal([p.title, p.metadata.lom_title, p.metadata.schema], ['Course', 'LOM Title', 'ADL SCORM']);
  assert.equal(p.metadata.locations, [{ path: 'manifest/metadata/location', href: 'meta.xml' }]);
  assert.equal(r.diagnostics.map((d) => d.code), ['FILE_MISSING']);
  if (p.version !== '2004') throw new Error('2004 expected');
  assert.equal([p.organizations[0]!.objectivesGlobalToSystem, p.organizations[0]!.sharedDataGlobalToSystem], [false, false]);
  const untitled = parse(xml.replace('<title>Course</title>', ''));
  assert.is(untitled.package!.title, 'ORG');
});

t('deep item trees keep order at every depth', () => {
  let items = '';
  for (let d = 9; d >= 0; d--) items = `<item identifier="D${d}"><title>${d}</title>${items}<item identifier="L${d}" identifierref="R1"><title>leaf</title></item></item>`;
  const r = parse(manifest12(org(items), sco('R1', 'index.html')));
  assert.equal(r.diagnostics, []);
  let node = r.package!.organizations[0]!.items[0]!;
  for (let d = 0; d < 9; d++) {
    assert.equal(node.children.map((c) => c.identifier), [`D${d + 1}`, `L${d}`]);
    node = node.children[0]!;
  }
});

t.run();
