// Manifest parser bench: parse time per real fixture manifest (median, p90) and of a synthetic
// SCORM 2004 manifest of 5,000 items, with peak heap. Run: node --import tsx bench/manifest.ts
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import unzipper from 'unzipper';
import { locateManifest } from '../scorm/manifest/locate-manifest.ts';
import { parseManifest } from '../scorm/manifest/parse-manifest.ts';

const FIXTURES = resolve(import.meta.dirname, '../test/fixtures/packages');
const ROUNDS = 5;

let peakHeap = 0;
const sampleHeap = () => { peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed); };

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function loadFixtures(): Promise<{ name: string; xml: Uint8Array; entries: string[] }[]> {
  const out = [];
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.zip')).sort()) {
    const dir = await unzipper.Open.file(resolve(FIXTURES, file));
    const entries = dir.files.filter((f) => f.type === 'File').map((f) => f.path);
    const located = locateManifest(entries);
    const entry = located.ok ? dir.files.find((f) => f.path === located.path) : undefined;
    if (entry) out.push({ name: file, xml: new Uint8Array(await entry.buffer()), entries });
  }
  return out;
}

function synthetic(items: number): { xml: string; entries: string[] } {
  const ns = 'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss"';
  const parts: string[] = [];
  const resources: string[] = [];
  const entries = ['imsmanifest.xml'];
  // 100 modules of 50 SCOs, each with a small sequencing definition and its own resource.
  for (let m = 0; m < items / 50; m++) {
    parts.push(`<item identifier="M${m}"><title>Module ${m}</title>`);
    for (let s = 0; s < 49; s++) {
      const id = `S${m}_${s}`;
      parts.push(`<item identifier="${id}" identifierref="R${id}" parameters="?m=${m}&amp;s=${s}"><title>SCO ${id}</title>` +
        `<imsss:sequencing><imsss:controlMode flow="true"/><imsss:objectives><imsss:primaryObjective objectiveID="o${id}" satisfiedByMeasure="true">` +
        `<imsss:minNormalizedMeasure>0.7</imsss:minNormalizedMeasure><imsss:mapInfo targetObjectiveID="g${id}" writeSatisfiedStatus="true"/></imsss:primaryObjective></imsss:objectives></imsss:sequencing></item>`);
      resources.push(`<resource identifier="R${id}" type="webcontent" adlcp:scormType="sco" href="m${m}/s${s}.html"><file href="m${m}/s${s}.html"/></resource>`);
      entries.push(`m${m}/s${s}.html`);
    }
    parts.push('<imsss:sequencing><imsss:controlMode choice="false" flow="true"/></imsss:sequencing></item>');
  }
  const xml = `<?xml version="1.0"?><manifest identifier="BIG" ${ns}><metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>` +
    `<organizations default="O"><organization identifier="O"><title>Big</title>${parts.join('')}</organization></organizations><resources>${resources.join('')}</resources></manifest>`;
  return { xml, entries };
}

/** Wall-clock ms; CPU ms are summed apart, as a shared machine's load inflates wall time. */
let cpuMs = 0;
function time(run: () => unknown): number {
  const cpu = process.cpuUsage();
  const start = performance.now();
  run();
  const ms = performance.now() - start;
  cpuMs += process.cpuUsage(cpu).user / 1000;
  sampleHeap();
  return ms;
}

const fixtures = await loadFixtures();
for (const f of fixtures) parseManifest({ xml: f.xml, entries: f.entries }); // warm-up
const perManifest: number[] = [];
for (const f of fixtures) {
  const rounds = Array.from({ length: ROUNDS }, () => time(() => parseManifest({ xml: f.xml, entries: f.entries })));
  perManifest.push(rounds.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!);
}
perManifest.sort((a, b) => a - b);
const fixtureCpu = cpuMs / (fixtures.length * ROUNDS);
cpuMs = 0;

const big = synthetic(5000);
const bigResult = parseManifest(big);
const count = (items: { children: unknown[] }[]): number => items.reduce((n, i) => n + 1 + count(i.children as { children: unknown[] }[]), 0);
const bigItems = count(bigResult.package!.organizations[0]!.items);
const bigRuns = Array.from({ length: 3 }, () => time(() => parseManifest(big))).sort((a, b) => a - b);
const bigCpu = cpuMs / 3;

console.log(`manifest parser bench (Node ${process.version})`);
console.log(`fixtures parsed:          ${fixtures.length} manifests, ${ROUNDS} rounds each (median per manifest)`);
console.log(`fixture parse median:     ${quantile(perManifest, 0.5).toFixed(2)} ms`);
console.log(`fixture parse p90:        ${quantile(perManifest, 0.9).toFixed(2)} ms`);
console.log(`fixture parse max:        ${perManifest.at(-1)!.toFixed(2)} ms`);
console.log(`fixture parse CPU mean:   ${fixtureCpu.toFixed(2)} ms`);
console.log(`synthetic manifest:       ${bigItems} items, ${(big.xml.length / 1048576).toFixed(1)} MiB, ${bigResult.diagnostics.length} diagnostics`);
console.log(`synthetic parse (median): ${bigRuns[1]!.toFixed(0)} ms wall, ${bigCpu.toFixed(0)} ms CPU (mean)`);
console.log(`load average (1 min):     ${(await import('node:os')).loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).cpus().length} CPUs`);
console.log(`peak heap used:           ${(peakHeap / 1048576).toFixed(0)} MiB`);
