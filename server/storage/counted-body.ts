// Passes a put() body through while counting its bytes, failing the stream when it does not
// have the announced size, so every adapter refuses a short or long body the same way.
import type { Readable } from 'node:stream';
import { SizeMismatchError } from './blob-store.ts';

export async function* countedBody(
  body: Readable | AsyncIterable<Uint8Array>,
  expectedSize: number | undefined,
): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += data.byteLength;
    if (expectedSize !== undefined && bytes > expectedSize) throw new SizeMismatchError(expectedSize, bytes);
    yield data;
  }
  if (expectedSize !== undefined && bytes !== expectedSize) throw new SizeMismatchError(expectedSize, bytes);
}
