// Streams an uploaded zip (multipart field "file", or a raw application/zip body) to a temp file
// while counting bytes: never buffered whole, refused the moment it crosses the size limit or
// turns out not to be a zip, and removed again if the client goes away mid-upload.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { finished, Transform, type Readable } from 'node:stream';
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

const uploadAborted = () => new AppError(400, 'UPLOAD_ABORTED', 'The upload was interrupted.');

export async function receiveUpload(req: IncomingMessage, dir: string, name: string, maxBytes: number): Promise<ReceivedUpload> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes + 64 * 1024) {
    discardRest(req);
    throw tooLarge(maxBytes);
  }
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
    discardRest(req);
    // The temp file is closed by now (writeChecked waits for it), so nothing re-creates it.
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
    let file: Readable | undefined;
    let writing: Promise<{ size: number; fileName: string | null }> | undefined;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      // A file part that will never end (the client went away) would hold the temp file open.
      file?.destroy();
      // Answer only once the temp file is closed, so the caller's rm() is the last word.
      const done = () => reject(error);
      (writing ?? Promise.resolve()).then(done, done);
    };
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || writing) {
        stream.resume();
        return;
      }
      file = stream;
      writing = writeChecked(stream, path, maxBytes).then((size) => ({ size, fileName: info.filename ?? null }));
      writing.catch(fail);
    });
    parser.on('error', () => fail(badRequest('BAD_MULTIPART', 'The multipart body is malformed.')));
    parser.on('close', () => {
      if (settled) return;
      if (!writing) return fail(fileRequired());
      writing.then((r) => {
        if (settled) return;
        if (r.size === 0) return fail(fileRequired());
        settled = true;
        resolve(r);
      }, fail);
    });
    req.on('close', () => {
      if (!req.complete) fail(uploadAborted());
    });
    req.pipe(parser);
  });
}

/**
 * Writes a stream to `path`, refusing it as soon as it is too large or does not start like a zip.
 * The source is piped by hand, not through pipeline(), so a refusal leaves the request alive for
 * the answer (and discardRest). Settles only once the temp file is closed.
 */
async function writeChecked(source: Readable, path: string, maxBytes: number): Promise<number> {
  let size = 0;
  let head = Buffer.alloc(0);
  let refusal: AppError | undefined;
  const check = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      size += chunk.length;
      if (size > maxBytes) return callback((refusal = tooLarge(maxBytes)));
      if (head.length < 4) {
        head = Buffer.concat([head, chunk]).subarray(0, 4);
        if (head.length === 4 && !ZIP_MAGIC.includes(head.toString('hex'))) return callback((refusal = notAZip()));
      }
      callback(null, chunk);
    },
    flush(callback) {
      if (size > 0 && head.length < 4) return callback((refusal = notAZip()));
      callback();
    },
  });
  const out = createWriteStream(path);
  // The client going away mid-body (or the multipart parser dropping the part) ends the write.
  const stopWatching = finished(source, (error) => {
    if (error) check.destroy(uploadAborted());
  });
  source.pipe(check);
  try {
    await pipeline(check, out);
  } catch (error) {
    source.unpipe(check);
    if (!out.closed) await once(out, 'close').catch(() => undefined);
    if (refusal) throw refusal;
    if (error instanceof AppError) throw error;
    if (isDisconnect(error)) throw uploadAborted();
    throw error;
  } finally {
    stopWatching();
  }
  return size;
}

// A refused body is read on and dropped for a while (a "lingering close", as web servers do):
// closing at once would make the client's kernel answer its unsent data with a reset, which can
// swallow the answer. Past these limits the connection is cut.
const LINGER_BYTES = 8 * 1024 * 1024;
const LINGER_MS = 5000;

/** Lets the answer go out while the rest of a refused request body is discarded, up to the limits. */
export function discardRest(req: IncomingMessage): void {
  if (req.complete || req.destroyed) return;
  let dropped = 0;
  const cut = () => req.socket?.destroy();
  const timer = setTimeout(cut, LINGER_MS);
  timer.unref();
  const stop = () => clearTimeout(timer);
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) {
      stop();
      cut();
    }
  });
  req.once('end', stop);
  req.once('close', stop);
  req.resume();
}

function isDisconnect(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ABORT_ERR' || (error as Error)?.message === 'aborted';
}
