// The manifest worker thread: answers each { id, job } message with { id, result } from
// prepareManifest, so parsing a large manifest never holds the server's event loop.
import { parentPort } from 'node:worker_threads';
import { prepareManifest, type ManifestJob } from './prepare-manifest.ts';

parentPort!.on('message', (message: { id: number; job: ManifestJob }) => {
  try {
    parentPort!.postMessage({ id: message.id, result: prepareManifest(message.job) });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
