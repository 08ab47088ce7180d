// Upload page: drop or pick zips; each gets a row with its bytes-sent bar (XHR upload progress),
// then the import job's live bar (WebSocket → SSE → polling), a cancel button, and on failure
// the error code with a plain explanation. Rows live on while the administrator browses on.
import type { ApiClient } from '../api-client.ts';
import { ApiError } from '../api-client.ts';
import type { Job } from '../../contract/jobs.ts';
import { el, clear, link } from '../dom.ts';
import { formatBytes } from '../format.ts';
import { explainError } from '../import-errors.ts';
import { describeFiles, describeJob, isTerminal } from '../job-stages.ts';
import { watchJob, type JobWatch, type SocketLike, type Transport } from '../job-watch.ts';
import { progressBar } from '../progress-bar.ts';
import { href } from '../router.ts';
import { uploadPackage, type UploadHandle } from '../upload-request.ts';

export interface UploadDeps {
  api: ApiClient;
  openSocket(jobId: string): SocketLike;
}

const TRANSPORT_WORDS: Record<Transport, string> = {
  websocket: 'live over WebSocket',
  sse: 'live over Server-Sent Events (WebSocket unavailable)',
  polling: 'by polling (live connections unavailable)',
};

function errorBox(code: string, message: string): HTMLElement {
  const explained = explainError(code, message);
  return el(
    'div',
    { class: 'error-box', attrs: { role: 'alert' }, data: { code } },
    el('p', { class: 'error-title' }, el('code', { class: 'error-code' }, explained.code), ' ', explained.title),
    explained.subject ? el('p', { class: 'error-subject' }, `${explained.subject.label}: `, el('code', null, explained.subject.value)) : null,
    el('p', { class: 'error-advice' }, explained.advice),
    explained.message ? el('p', { class: 'error-message' }, 'Server message: ', explained.message) : null,
  );
}

/** One upload's row; `path` is where the zip goes (a package's /versions for a new version). */
export function uploadRow(file: File, deps: UploadDeps, path?: string): HTMLElement {
  const uploadBar = progressBar('Upload', 'upload-bar');
  const importBar = progressBar('Import', 'import-bar');
  const status = el('p', { class: 'upload-status', attrs: { 'aria-live': 'polite' } }, 'Uploading…');
  const cancel = el('button', { class: 'cancel', attrs: { type: 'button' } }, 'Cancel');
  const outcome = el('div', { class: 'upload-outcome' });
  const row = el(
    'li',
    { class: 'upload', data: { state: 'uploading', file: file.name } },
    el('div', { class: 'upload-head' }, el('strong', { class: 'file-name' }, file.name), el('span', { class: 'muted' }, formatBytes(file.size)), cancel),
    uploadBar.node,
    importBar.node,
    status,
    outcome,
  );
  importBar.node.hidden = true;

  let upload: UploadHandle | null = null;
  let watch: JobWatch | null = null;
  let jobId: string | null = null;
  let cancelling = false;

  const setState = (state: string) => {
    row.dataset.state = state;
    if (['completed', 'failed', 'cancelled'].includes(state)) cancel.hidden = true;
  };

  const fail = (code: string, message: string, state = 'failed') => {
    setState(state);
    status.textContent = state === 'cancelled' ? 'Cancelled.' : 'Failed.';
    clear(outcome);
    outcome.append(errorBox(code, message));
  };

  const showJob = (job: Job, transport: Transport) => {
    row.dataset.transport = transport;
    const files = describeFiles(job);
    importBar.set(job.progress, [describeJob(job), `${Math.max(importBar.value(), job.progress)} %`, files].filter(Boolean).join(' · '));
    if (!isTerminal(job)) {
      setState('processing');
      status.textContent = `Importing, ${TRANSPORT_WORDS[transport]}.`;
    }
  };

  const finish = (job: Job) => {
    if (job.status === 'completed' && job.package_id) {
      importBar.set(100, 'Imported · 100 %');
      setState('completed');
      status.textContent = 'Imported.';
      clear(outcome);
      outcome.append(el('p', null, link(href.package(job.package_id), path ? 'Open the package (reload it to see the new version)' : 'Open the package')));
    } else if (job.status === 'cancelled') {
      fail(job.error?.code ?? 'IMPORT_CANCELLED', job.error?.message ?? 'The import was cancelled.', 'cancelled');
    } else {
      fail(job.error?.code ?? 'IMPORT_FAILED', job.error?.message ?? 'The import failed.');
    }
  };

  cancel.addEventListener('click', () => {
    cancelling = true;
    cancel.disabled = true;
    if (!jobId) {
      upload?.abort();
      return;
    }
    status.textContent = 'Cancelling…';
    deps.api.send('POST', `/api/v1/jobs/${encodeURIComponent(jobId)}/cancel`).catch((error: unknown) => {
      // 409: the job ended meanwhile; its terminal message says how.
      if (!(error instanceof ApiError && error.status === 409)) {
        cancel.disabled = false;
        status.textContent = `Could not cancel: ${(error as Error).message}`;
      }
    });
  });

  void (async () => {
    upload = uploadPackage(file, deps.api.token, (sent, total) => {
      // `total` includes the multipart envelope; show the file's own bytes.
      const fraction = total > 0 ? Math.min(1, sent / total) : 0;
      uploadBar.set(fraction * 100, `${formatBytes(Math.round(fraction * file.size))} of ${formatBytes(file.size)}`);
    }, path);
    let accepted;
    try {
      accepted = await upload.done;
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError(0, 'UPLOAD_ABORTED', String(error));
      fail(e.code, e.message, cancelling ? 'cancelled' : 'failed');
      return;
    }
    jobId = accepted.job_id;
    row.dataset.jobId = jobId;
    importBar.node.hidden = false;
    importBar.set(0, 'Waiting for a worker · 0 %');
    setState('processing');
    status.textContent = 'Importing…';
    watch = watchJob(jobId, { onJob: showJob, onRetry: () => (status.textContent = 'Connection lost; retrying…') }, {
      openSocket: deps.openSocket,
      fetch: (path, init) => deps.api.fetch(path, init),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
    try {
      const job = await watch.done;
      if (job) finish(job);
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError(0, 'NETWORK_ERROR', String(error));
      fail(e.code, e.message);
    }
  })();
  return row;
}

export function createUploadPage(deps: UploadDeps): HTMLElement {
  const list = el('ul', { class: 'uploads', attrs: { 'aria-label': 'Uploads' } });
  const input = el('input', { attrs: { type: 'file', accept: '.zip,application/zip', multiple: '' }, class: 'file-input', id: 'package-file' });
  const start = (files: Iterable<File>) => {
    for (const file of files) list.prepend(uploadRow(file, deps));
  };
  input.addEventListener('change', () => {
    if (input.files) start(Array.from(input.files));
    input.value = '';
  });
  const zone = el(
    'div',
    { class: 'dropzone', attrs: { tabindex: '0', role: 'button', 'aria-label': 'Drop SCORM zip files here, or press Enter to choose files' } },
    el('p', { class: 'dropzone-title' }, 'Drop SCORM packages (.zip) here'),
    el('p', null, 'or ', el('label', { attrs: { for: 'package-file' }, class: 'pick' }, 'choose files'), ' — several at once are fine.'),
    input,
  );
  zone.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      input.click();
    }
  });
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    if (event.dataTransfer?.files.length) start(Array.from(event.dataTransfer.files));
  });
  return el('section', { class: 'page upload-page' }, el('h2', null, 'Upload packages'), zone, list);
}
