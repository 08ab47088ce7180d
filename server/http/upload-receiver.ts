// Streams an uploaded zip (multipart field "file", or a raw application/zip body) to a temp file
// while counting bytes: never buffered whole, refused the moment it crosses the size limit or
// turns out not to be a zip, and removed again if the client goes away mid-upload.
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { AppError, badRequest } from '../errors.ts';

export interface ReceivedUpload {
  path: string;
  size: number;
  fileName: string | null;
}

// Local file header, empty archive, spanned archive marker.
const ZIP_MAGIC = ['504b0304', '504b0506', '504b0708'];

export const tooLarge = (maxBytes: number) =>
  new AppError(413, 'PACKAGE_TOO_LARGE', `The package is larger than ${Math.round(maxBytes / 1048576)} MB (SCORM_MAX_UPLOAD_MB).`);
export const notAZip = () => new AppError(415, 'NOT_A_ZIP', 'The upload is not a zip file (its first bytes are not a zip signature).');
export const fileRequired = () => badRequest('FILE_REQUIRED', 'Send the package as multipart field "file" or as an application/zip body.');

export async function receiveUpload(req: IncomingMessage, dir: string, name: string, maxBytes: number): Promise<ReceivedUpload> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes + 64 * 1024) throw tooLarge(maxBytes);
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  try {
    if (type.startsWith('multipart/form-data')) return { path, ...(await receiveMultipart(req, path, maxBytes)) };
    if (type === '' && !Number.isFinite(declared) && req.headers['transfer-encoding'] === undefined) throw fileRequired();
    if (declared === 0) throw fileRequired();
    const size = await writeChecked(req, path, maxBytes);
    if (size === 0) throw fileRequired();
    return { path, size, fileName: null };
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
}

function receiveMultipart(req: IncomingMessage, path: string, maxBytes: number): Promise<{ size: number; fileName: string | null }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes + 1, fields: 20, parts: 30 } });
    } catch {
      reject(badRequest('BAD_MULTIPART', 'The multipart body could not be read.'));
      return;
    }
    let writing: Promise<{ size: number; fileName: string | null }> | undefined;
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || writing) {
        stream.resume();
        return;
      }
      writing = writeChecked(stream, path, maxBytes).then((size) => ({ size, fileName: info.filename ?? null }));
      writing.catch((error: unknown) => {
        req.unpipe(parser);
        reject(error);
      });
    });
    parser.on('error', () => reject(badRequest('BAD_MULTIPART', 'The multipart body is malformed.')));
    parser.on('close', () => {
      if (!writing) reject(fileRequired());
      else writing.then((r) => (r.size === 0 ? reject(fileRequired()) : resolve(r)), reject);
    });
    req.on('aborted', () => reject(new AppError(400, 'UPLOAD_ABORTED', 'The upload was interrupted.')));
    req.pipe(parser);
  });
}

/** Writes a stream to `path`, refusing it as soon as it is too large or does not start like a zip. */
async function writeChecked(source: Readable, path: string, maxBytes: number): Promise<number> {
  let size = 0;
  let head = Buffer.alloc(0);
  const check = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      size += chunk.length;
      if (size > maxBytes) return callback(tooLarge(maxBytes));
      if (head.length < 4) {
        head = Buffer.concat([head, chunk]).subarray(0, 4);
        if (head.length === 4 && !ZIP_MAGIC.includes(head.toString('hex'))) return callback(notAZip());
      }
      callback(null, chunk);
    },
    flush(callback) {
      if (size > 0 && head.length < 4) return callback(notAZip());
      callback();
    },
  });
  let aborted = false;
  const onAbort = () => {
    aborted = true;
    check.destroy(new AppError(400, 'UPLOAD_ABORTED', 'The upload was interrupted.'));
  };
  source.once('aborted', onAbort);
  try {
    await pipeline(source, check, createWriteStream(path));
  } catch (error) {
    if (aborted) throw new AppError(400, 'UPLOAD_ABORTED', 'The upload was interrupted.');
    throw error;
  } finally {
    source.off('aborted', onAbort);
  }
  return size;
}
