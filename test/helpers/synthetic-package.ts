// Builds a large, valid SCORM 1.2 package of N files and about M bytes with yazl, streamed to a
// temp file: random bytes stored, word-like text deflated, plus a manifest and index.html.
// Shared by the progress and recovery tests and by bench/ingest.ts.
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

export interface SyntheticFile {
  path: string;
  size: number;
  /** Stored (method 0) when true, deflated otherwise. */
  stored: boolean;
}

export interface SyntheticPackage {
  /** The zip on disk. */
  path: string;
  zipBytes: number;
  /** Every file of the package as it will be stored (manifest and index.html included). */
  files: SyntheticFile[];
  /** Sum of the files' sizes: the bytes an import inflates. */
  contentBytes: number;
  remove(): void;
}

export interface SyntheticOptions {
  files: number;
  bytes: number;
  /** Directory for the zip; a fresh temp dir by default. */
  dir?: string;
  title?: string;
}

const WORDS = (
  'learner course module lesson score status completed incomplete passed failed attempt session ' +
  'objective interaction response latency suspend resume launch browse review credit mastery ' +
  'function return const let var if else for while document window element style class div span'
).split(' ');

/** A pool of word-like text (compresses roughly 3:1, like real HTML and JS); files take slices. */
function textPool(bytes: number): Buffer {
  let seed = 0x2545f491;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };
  const parts: string[] = [];
  let length = 0;
  while (length < bytes) {
    const word = next() % 17 === 0 ? `${WORDS[next() % WORDS.length]}${next() % 100000}\n` : `${WORDS[next() % WORDS.length]} `;
    parts.push(word);
    length += word.length;
  }
  return Buffer.from(parts.join(''), 'latin1').subarray(0, bytes);
}

function manifest(title: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="synthetic-package" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>${title}</title>
      <item identifier="item-1" identifierref="res-1"><title>${title}</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-1" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
    </resource>
  </resources>
</manifest>
`;
}

const INDEX_HTML = '<!doctype html><html><head><title>Synthetic SCO</title></head><body><p>Synthetic SCO</p></body></html>\n';

/**
 * Sizes vary from file to file (a deterministic spread around the mean) and add up to `bytes`.
 * Even-numbered files are random bytes, stored; odd-numbered ones are text, deflated.
 */
export async function buildSyntheticPackage(options: SyntheticOptions): Promise<SyntheticPackage> {
  if (options.files < 3) throw new Error('a synthetic package needs at least 3 files');
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'scorm-synthetic-'));
  const ownsDir = options.dir === undefined;
  const path = join(dir, `synthetic-${options.files}-${options.bytes}.zip`);
  const title = options.title ?? 'Synthetic package';

  const contentCount = options.files - 2;
  const weights = Array.from({ length: contentCount }, (_, i) => 1 + ((i * 7919) % 13) / 6);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.floor((options.bytes * w) / weightSum));
  sizes[sizes.length - 1]! += options.bytes - sizes.reduce((a, b) => a + b, 0);

  const pool = textPool(Math.min(4 * 1024 * 1024, Math.max(...sizes) * 2 + 1));
  const zip = new yazl.ZipFile();
  const mtime = new Date('2024-01-01T00:00:00Z');
  const manifestBytes = Buffer.from(manifest(title));
  const indexBytes = Buffer.from(INDEX_HTML);
  const files: SyntheticFile[] = [
    { path: 'imsmanifest.xml', size: manifestBytes.length, stored: false },
    { path: 'index.html', size: indexBytes.length, stored: false },
  ];
  zip.addBuffer(manifestBytes, 'imsmanifest.xml', { mtime });
  zip.addBuffer(indexBytes, 'index.html', { mtime });

  sizes.forEach((size, i) => {
    const stored = i % 2 === 0;
    const filePath = `assets/d${String(i % 40).padStart(2, '0')}/f${String(i).padStart(5, '0')}.${stored ? 'bin' : 'txt'}`;
    files.push({ path: filePath, size, stored });
    // Lazy: each entry's bytes exist only while yazl writes it, so memory stays flat.
    zip.addReadStreamLazy(filePath, { mtime, compress: !stored, size }, (cb) => {
      if (stored) return cb(null, Readable.from([randomBytes(size)]));
      const start = (i * 104_729) % Math.max(1, pool.length - size);
      cb(null, Readable.from([pool.subarray(start, start + size)]));
    });
  });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));

  return {
    path,
    zipBytes: statSync(path).size,
    files,
    contentBytes: files.reduce((sum, f) => sum + f.size, 0),
    remove() {
      rmSync(ownsDir ? dir : path, { recursive: true, force: true });
    },
  };
}
