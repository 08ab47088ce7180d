// Sends one zip to POST /api/v1/packages (or a package's /versions) with XMLHttpRequest, whose upload progress events give
// the bytes sent (fetch has none for request bodies). Resolves with the 202 answer (the job).
import { ApiError } from './api-client.ts';
import type { ErrorBody } from '../contract/errors.ts';
import type { UploadAccepted } from '../contract/jobs.ts';

export interface UploadHandle {
  done: Promise<UploadAccepted>;
  abort(): void;
}

export function uploadPackage(file: File, token: string, onProgress: (sent: number, total: number) => void, path = '/api/v1/packages'): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadAccepted>((resolve, reject) => {
    xhr.open('POST', path);
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // an answer that is not JSON is reported by its status below
      }
      if (xhr.status === 202 && body && typeof body === 'object' && 'job_id' in body) {
        onProgress(file.size, file.size);
        resolve(body as UploadAccepted);
        return;
      }
      const error = (body as Partial<ErrorBody> | null)?.error;
      reject(new ApiError(xhr.status, error?.code ?? `HTTP_${xhr.status}`, error?.message ?? `The server answered ${xhr.status}.`));
    };
    // The server closes the connection on a body over SCORM_MAX_UPLOAD_MB before the browser has
    // sent it all, which the browser reports as a network error rather than the 413.
    xhr.onerror = () => reject(new ApiError(0, 'UPLOAD_ABORTED', 'The connection closed during the upload (the network failed, or the file is larger than the server accepts).'));
    xhr.onabort = () => reject(new ApiError(0, 'IMPORT_CANCELLED', 'The upload was cancelled.'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
