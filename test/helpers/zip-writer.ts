// A small zip writer for tests (PKWARE APPNOTE 6.3.x: local file headers, central directory, end
// of central directory, zip64 records), able to write what no archiver will: raw entry names,
// sizes that lie, symlinks, data descriptors, garbage data. Normal archives can use yazl instead.
import * as zlib from 'node:zlib';

export interface ZipEntrySpec {
  /** The name as stored: a string is written as UTF-8 (flag bit 11 set when not ASCII), a Buffer as is. */
  name: string | Buffer;
  data?: Buffer | string;
  /** Default deflate (method 8); 'store' is method 0. */
  method?: 'store' | 'deflate';
  /** The bytes written as the entry's data instead of data compressed (e.g. garbage). */
  rawData?: Buffer;
  /** The uncompressed size written in the headers (a lie when it differs from the data). */
  declaredSize?: number;
  /** The compressed size written in the headers. */
  declaredCompressedSize?: number;
  /** The CRC-32 written in the headers. */
  crc?: number;
  /** External file attributes (Unix mode in the high 16 bits). */
  externalAttributes?: number;
  /** The host in the high byte of "version made by" (0 MS-DOS, 3 Unix). */
  madeByHost?: number;
  /** General purpose flag bit 3: zeros in the local header, CRC and sizes after the data. */
  dataDescriptor?: boolean;
  /** Zip64 extra fields in both headers (sizes and offset as 0xFFFFFFFF in the fixed fields). */
  zip64?: boolean;
  /** The compression method number written in the headers (e.g. 12, bzip2), whatever the data is. */
  methodId?: number;
  /** Extra general purpose flag bits (e.g. 1: encrypted). */
  flags?: number;
  /** Bytes of padding in the local header's extra field only (as zipalign writes; APPNOTE 4.4.11 allows the two extras to differ). */
  localExtraPadding?: number;
}

export interface ZipOptions {
  /** Write the zip64 end of central directory record and locator (and 0xFFFF.. in the EOCD). */
  zip64?: boolean;
  /** The archive comment after the end of central directory record (4.3.16, up to 65,535 bytes). */
  comment?: Buffer;
}

export const SYMLINK_ATTRIBUTES = (0o120777 << 16) >>> 0;
export const UNIX = 3;

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 of `data`, continuing from `previous`; zlib.crc32 arrived in Node 20.15, the table serves older 20.x. */
export function crc32(data: Buffer, previous = 0): number {
  const native = (zlib as { crc32?: (d: Buffer, v?: number) => number }).crc32;
  if (typeof native === 'function') return native(data, previous) >>> 0;
  let c = (previous ^ 0xffffffff) >>> 0;
  for (const byte of data) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const u64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};

const DOS_TIME = 0x6000; // 12:00:00
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1; // 2024-01-01

export function writeZip(entries: ZipEntrySpec[], options: ZipOptions = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const push = (b: Buffer) => {
    parts.push(b);
    offset += b.length;
  };

  for (const entry of entries) {
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data ?? '');
    const deflate = entry.method !== 'store';
    const method = entry.methodId ?? (deflate ? 8 : 0);
    const body = entry.rawData ?? (deflate ? zlib.deflateRawSync(data) : data);
    const name = Buffer.isBuffer(entry.name) ? entry.name : Buffer.from(entry.name, 'utf8');
    const utf8 = typeof entry.name === 'string' && /[^\x00-\x7f]/.test(entry.name);
    const flags = (entry.flags ?? 0) | (utf8 ? 0x800 : 0) | (entry.dataDescriptor ? 0x8 : 0);
    const crc = entry.crc ?? crc32(data);
    const size = entry.declaredSize ?? data.length;
    const compressed = entry.declaredCompressedSize ?? body.length;
    const zip64 = entry.zip64 === true;
    const version = zip64 ? 45 : 20;
    const headerOffset = offset;

    // Local file header (APPNOTE 4.3.7); with bit 3 the CRC and sizes are zero here (4.4.4).
    const dd = entry.dataDescriptor === true;
    const padding = entry.localExtraPadding ? Buffer.concat([u16(0xd935), u16(entry.localExtraPadding), Buffer.alloc(entry.localExtraPadding)]) : Buffer.alloc(0);
    const localExtra = Buffer.concat([zip64 ? Buffer.concat([u16(0x0001), u16(16), u64(dd ? 0 : size), u64(dd ? 0 : compressed)]) : Buffer.alloc(0), padding]);
    push(
      Buffer.concat([
        u32(0x04034b50),
        u16(version),
        u16(flags),
        u16(method),
        u16(DOS_TIME),
        u16(DOS_DATE),
        u32(dd ? 0 : crc),
        u32(zip64 ? 0xffffffff : dd ? 0 : compressed),
        u32(zip64 ? 0xffffffff : dd ? 0 : size),
        u16(name.length),
        u16(localExtra.length),
        name,
        localExtra,
      ]),
    );
    push(body);
    // Data descriptor (4.3.9), with its optional signature; 8-byte sizes in zip64.
    if (dd) {
      push(Buffer.concat([u32(0x08074b50), u32(crc), ...(zip64 ? [u64(compressed), u64(size)] : [u32(compressed), u32(size)])]));
    }

    // Central directory header (4.3.12); the zip64 extra holds the fields set to 0xFFFFFFFF (4.5.3).
    const centralExtra = zip64 ? Buffer.concat([u16(0x0001), u16(24), u64(size), u64(compressed), u64(headerOffset)]) : Buffer.alloc(0);
    central.push(
      Buffer.concat([
        u32(0x02014b50),
        u16(((entry.madeByHost ?? UNIX) << 8) | version),
        u16(version),
        u16(flags),
        u16(method),
        u16(DOS_TIME),
        u16(DOS_DATE),
        u32(crc),
        u32(zip64 ? 0xffffffff : compressed),
        u32(zip64 ? 0xffffffff : size),
        u16(name.length),
        u16(centralExtra.length),
        u16(0), // comment length
        u16(0), // disk number start
        u16(0), // internal attributes
        u32(entry.externalAttributes ?? ((0o100644 << 16) >>> 0)),
        u32(zip64 ? 0xffffffff : headerOffset),
        name,
        centralExtra,
      ]),
    );
  }

  const centralStart = offset;
  for (const record of central) push(record);
  const centralSize = offset - centralStart;

  if (options.zip64) {
    const eocd64Offset = offset;
    // Zip64 end of central directory record (4.3.14): its size excludes the first 12 bytes.
    push(
      Buffer.concat([
        u32(0x06064b50),
        u64(44),
        u16((UNIX << 8) | 45),
        u16(45),
        u32(0),
        u32(0),
        u64(entries.length),
        u64(entries.length),
        u64(centralSize),
        u64(centralStart),
      ]),
    );
    // Zip64 end of central directory locator (4.3.15).
    push(Buffer.concat([u32(0x07064b50), u32(0), u64(eocd64Offset), u32(1)]));
  }
  const count = options.zip64 ? 0xffff : entries.length;
  // End of central directory record (4.3.16).
  push(
    Buffer.concat([
      u32(0x06054b50),
      u16(0),
      u16(0),
      u16(count),
      u16(count),
      u32(options.zip64 ? 0xffffffff : centralSize),
      u32(options.zip64 ? 0xffffffff : centralStart),
      u16(options.comment?.length ?? 0),
      options.comment ?? Buffer.alloc(0),
    ]),
  );
  return Buffer.concat(parts);
}

/** A minimal SCORM 1.2 package: one SCO launching index.html. */
export function scormManifest(identifier = 'hostile-test'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${identifier}" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>Hostile test</title>
      <item identifier="item" identifierref="sco"><title>Lesson</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
    </resource>
  </resources>
</manifest>
`;
}

export const INDEX_HTML = '<!doctype html><title>Lesson</title><p>Hello from a test package.</p>\n';

/** The two entries every test package holds (under `prefix`, e.g. "course/"), with the options given. */
export function scormEntries(prefix = '', options: Partial<ZipEntrySpec> = {}): ZipEntrySpec[] {
  return [
    { name: `${prefix}imsmanifest.xml`, data: scormManifest(), ...options },
    { name: `${prefix}index.html`, data: INDEX_HTML, ...options },
  ];
}
