// Property: random mutations of real manifests never make the parser throw; it always answers
// with a package or an error diagnostic, and everything it answers serialises to JSON.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseManifest } from '../../../scorm/manifest/parse-manifest.ts';
import { loadFixtures, type Fixture } from './fixtures.ts';

const RUNS = 800;
const SNIPPETS = ['<', '>', '&', '&amp;', '&#0;', '&#xD800;', '&bogus;', '"', "'", '</item>', '<item>', '<!DOCTYPE x [<!ENTITY e "x">]>', ']]>', '<![CDATA[', 'xmlns:adlcp="urn:x"', 'xmlns=""', ' identifier="dup"', ' identifierref="ghost"', ' href="../../x"', ' href="/abs"', ' href="http://e.com/x"', ' IDRef="nope"', '\u0000', '\uFEFF', '\uFF0E\uFF0E/', 'true', '-1', '1e309', ' xml:base="../"', '<imsss:sequencing IDRef="x"/>', '<adlcp:prerequisites>((a</adlcp:prerequisites>'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(text: string, rand: () => number): string {
  let out = text;
  const steps = 1 + Math.floor(rand() * 4);
  for (let n = 0; n < steps; n++) {
    const at = Math.floor(rand() * out.length);
    const len = Math.floor(rand() * 60);
    switch (Math.floor(rand() * 6)) {
      case 0: out = out.slice(0, at) + out.slice(at + len); break;
      case 1: out = out.slice(0, at) + SNIPPETS[Math.floor(rand() * SNIPPETS.length)] + out.slice(at); break;
      case 2: out = out.slice(0, at) + out.slice(at, at + len * 4) + out.slice(at); break;
      case 3: out = out.slice(0, at); break;
      case 4: out = out.slice(0, at) + String.fromCharCode(Math.floor(rand() * 0x3000)) + out.slice(at + 1); break;
      default: {
        // Rewrite an attribute value: where most of the parser's decisions are made.
        const quote = out.indexOf('"', at);
        const end = quote === -1 ? -1 : out.indexOf('"', quote + 1);
        if (end !== -1) out = out.slice(0, quote + 1) + SNIPPETS[Math.floor(rand() * SNIPPETS.length)]!.replace(/"/g, '') + out.slice(end);
      }
    }
  }
  return out;
}

const t = suite('manifest mutations');
let sources: Fixture[] = [];
t.before(async () => {
  sources = (await loadFixtures()).filter((f) => f.manifest && f.manifest.byteLength < 40000);
});

t(`${RUNS} random mutations of real manifests answer with diagnostics, never a throw`, () => {
  const rand = rng(20240611);
  const decoder = new TextDecoder();
  for (let run = 0; run < RUNS; run++) {
    const source = sources[Math.floor(rand() * sources.length)]!;
    const xml = mutate(decoder.decode(source.manifest!), rand);
    let result;
    try {
      result = parseManifest({ xml, entries: source.entries });
    } catch (error) {
      assert.unreachable(`run ${run} on ${source.name} threw ${(error as Error).stack}\n--- input ---\n${xml.slice(0, 2000)}`);
      return;
    }
    assert.ok(Array.isArray(result.diagnostics));
    for (const d of result.diagnostics) {
      assert.ok((d.level === 'error' || d.level === 'warning') && /^[A-Z_]+$/.test(d.code) && d.message.length > 0 && d.path.startsWith('manifest') || d.path === 'imsmanifest.xml', JSON.stringify(d));
    }
    if (result.package === null) assert.ok(result.diagnostics.some((d) => d.level === 'error'), `run ${run}: no package and no error`);
    JSON.parse(JSON.stringify(result));
  }
});

t.run();
