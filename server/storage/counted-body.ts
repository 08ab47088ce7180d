// Passes a put() body through while counting its bytes, failing the stream when it does not
// have the announced size, so every adapter refuses a short or long body the same way.
import { SizeMismatchError, type BlobBody } from './blob-store.ts';

export async function* countedBody(body: BlobBody, expectedSize: number | undefined): AsyncGenerator<Uint8Array> {
  if (body instanceof Uint8Array) {
    checkedSize(body, expectedSize);
    yield body;
    return;
  }
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += data.byteLength;
    if (expectedSize !== undefined && bytes > expectedSize) throw new SizeMismatchError(expectedSize, bytes);
    yield data;
  }
  if (expectedSize !== undefined && bytes !== expectedSize) throw new SizeMismatchError(expectedSize, bytes);
}

/** Bytes in memory against the announced size, before anything is written. */
export function checkedSize(body: Uint8Array, expectedSize: number | undefined): Uint8Array {
  if (expectedSize !== undefined && body.byteLength !== expectedSize) throw new SizeMismatchError(expectedSize, body.byteLength);
  return body;
}
