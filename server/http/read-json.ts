// Reads a JSON request body with a size limit; malformed or oversized bodies get a clear 4xx.
import type { IncomingMessage } from 'node:http';
import { AppError, badRequest } from '../errors.ts';

export async function readJson(ctx: { req: IncomingMessage; get(field: string): string }, maxBytes = 256 * 1024): Promise<unknown> {
  const type = ctx.get('content-type');
  if (type && !/^application\/json\b/i.test(type)) {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  }
  const { chunks, size } = await readBody(ctx.req, maxBytes);
  if (size === 0) return {};
  try {
    return JSON.parse((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8')) as unknown;
  } catch {
    throw badRequest('INVALID_JSON', 'The body is not valid JSON.');
  }
}

/** A JSON body that must be an object: null, arrays, strings and numbers are 400 INVALID_BODY. */
export async function readJsonObject(ctx: Parameters<typeof readJson>[0], maxBytes?: number): Promise<Record<string, unknown>> {
  const body = await readJson(ctx, maxBytes);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('INVALID_BODY', `The body must be a JSON object, not ${body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`}.`);
  }
  return body as Record<string, unknown>;
}

/**
 * The body's chunks, read on the stream's 'readable' events as `for await` did, without an
 * async iterator per request (it cost a commit more than the rest of reading its body). Past
 * `maxBytes` the answer is 413.
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<{ chunks: Buffer[]; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    if (req.readableEnded) return resolve({ chunks, size });
    const done = (error?: unknown) => {
      req.off('readable', onReadable).off('end', onEnd).off('error', done).off('close', onClose);
      if (error === undefined) resolve({ chunks, size });
      else reject(error);
    };
    // What has arrived, read at once as the async iterator did (one chunk when the body is in).
    const onReadable = () => {
      for (let chunk: Buffer | null; (chunk = req.read() as Buffer | null) !== null; ) {
        size += chunk.length;
        if (size <= maxBytes) chunks.push(chunk);
        else {
          done(new AppError(413, 'BODY_TOO_LARGE', `The JSON body is larger than ${maxBytes} bytes.`));
          // The rest is read and dropped, the connection kept for the 413 (as Node's own
          // destroyer left it when a `for await` loop over the request ended).
          req.resume();
          return;
        }
      }
    };
    const onEnd = () => done();
    // A client gone before the end of its body: nobody to answer (the request log has its status).
    const onClose = () => done(new Error('The request closed before its body ended.'));
    req.on('readable', onReadable).on('end', onEnd).on('error', done).on('close', onClose);
  });
}
