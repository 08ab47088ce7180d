// Reads a JSON request body with a size limit; malformed or oversized bodies get a clear 4xx.
import type { IncomingMessage } from 'node:http';
import { AppError, badRequest } from '../errors.ts';

export async function readJson(ctx: { req: IncomingMessage; get(field: string): string }, maxBytes = 256 * 1024): Promise<unknown> {
  const type = ctx.get('content-type');
  if (type && !/^application\/json\b/i.test(type)) {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new AppError(413, 'BODY_TOO_LARGE', `The JSON body is larger than ${maxBytes} bytes.`);
    chunks.push(chunk);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
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
