// The error answer of every endpoint, {"error": {"code", "message", ...details}}, and the one
// vocabulary of its codes (docs/spec.md "Errors"). The server throws only these codes and the
// clients match only these, so a renamed code fails the type check on both sides.
import type { DiagnosticCode } from '../scorm/manifest/diagnostics.ts';

/** A request the server cannot read. */
export type RequestErrorCode =
  | 'BAD_REQUEST' | 'INVALID_JSON' | 'INVALID_BODY' | 'INVALID_REQUEST' | 'INVALID_PAGING' | 'INVALID_COMMIT'
  | 'UNSUPPORTED_MEDIA_TYPE' | 'BODY_TOO_LARGE' | 'RANGE_NOT_SATISFIABLE'
  /** on_new_version other than keep, restart or migrate (package versions). */
  | 'INVALID_VERSION_POLICY'
  /**
   * POST /api/v1/webhooks: a URL that is not http(s) (or carries credentials), an unknown event, no
   * events; WEBHOOK_TARGET_PRIVATE: a URL whose host is (or resolves to) a loopback or private
   * address, unless SCORM_WEBHOOK_ALLOW_PRIVATE=true.
   */
  | 'INVALID_WEBHOOK_URL' | 'INVALID_WEBHOOK_EVENTS' | 'WEBHOOK_TARGET_PRIVATE'
  /** ?status= of a deliveries list other than pending, succeeded or failed. */
  | 'INVALID_DELIVERY_STATUS';

/**
 * TOKEN_REVOKED: a launch token for a registration that was deleted, re-created or had its
 * launches revoked, or naming another package; CROSS_ORIGIN_REFUSED: a browser request another
 * site started, refused by the admin origin (docs/security.md).
 */
export type AuthErrorCode = 'UNAUTHORIZED' | 'FORBIDDEN' | 'TOKEN_EXPIRED' | 'TOKEN_REVOKED' | 'CROSS_ORIGIN_REFUSED';

export type NotFoundCode =
  | 'NOT_FOUND' | 'PACKAGE_NOT_FOUND' | 'REGISTRATION_NOT_FOUND' | 'JOB_NOT_FOUND'
  | 'FILE_NOT_FOUND' | 'ITEM_NOT_FOUND' | 'ATTEMPT_NOT_FOUND'
  /** GET /api/v1/launches/:id/trace: no such launch; a launch without a trace (never traced, or expired after SCORM_TRACE_DAYS). */
  | 'LAUNCH_NOT_FOUND' | 'TRACE_NOT_FOUND' | 'WEBHOOK_NOT_FOUND' | 'DELIVERY_NOT_FOUND';

/** XAPI_NOT_CONFIGURED: an xAPI redelivery asked of a process without SCORM_XAPI_ENDPOINT (nothing would send it). */
export type ConflictCode = 'PACKAGE_IN_USE' | 'REGISTRATION_CONFLICT' | 'JOB_ENDED' | 'CONCURRENT_UPDATE' | 'XAPI_NOT_CONFIGURED';

/** Refusals of a runtime commit (docs/runtime-protocol.md section 4). */
export type CommitErrorCode =
  | 'STALE_SESSION' | 'OUT_OF_ORDER' | 'ATTEMPT_ENDED' | 'INVALID_VALUE'
  /** Limits of server/runtime/commit-limits.ts (413, 413, 422) and the commit rate (429, Retry-After). */
  | 'TOO_MANY_CHANGES' | 'SEQUENCING_STATE_TOO_LARGE' | 'TOO_MANY_INTERACTIONS' | 'RATE_LIMITED';

/** An upload refused before any job exists. */
export type UploadErrorCode = 'PACKAGE_TOO_LARGE' | 'NOT_A_ZIP' | 'FILE_REQUIRED' | 'UPLOAD_ABORTED' | 'BAD_MULTIPART' | 'TOO_MANY_UPLOADS';

/** What a failed or cancelled import job carries in job.error.code (the manifest's error diagnostics among them). */
export type ImportErrorCode =
  | 'ZIP_CORRUPT' | 'ZIP_TOO_LARGE' | 'UNSAFE_PATH' | 'IMPORT_CANCELLED' | 'IMPORT_FAILED' | 'WORKER_LOST'
  | 'MANIFEST_PARSE_TIMEOUT'
  /** A new version's import whose package was deleted meanwhile. */
  | 'PACKAGE_GONE' | DiagnosticCode;

export type ErrorCode =
  | RequestErrorCode | AuthErrorCode | NotFoundCode | ConflictCode | CommitErrorCode | UploadErrorCode | ImportErrorCode
  | 'INTERNAL_ERROR';

/** Codes a client gives a failure that brought no error answer (no network, a non-JSON reply, content that did not load). */
export type ClientErrorCode = 'NETWORK_ERROR' | 'SCO_UNAVAILABLE' | `HTTP_${number}`;

export interface ErrorBody {
  error: { code: ErrorCode; message: string } & Record<string, unknown>;
}

/** The body of an error answer; details sit beside code and message. */
export function errorBody(code: ErrorCode, message: string, details?: Record<string, unknown>): ErrorBody {
  return { error: { code, message, ...(details ?? {}) } };
}

/** The code of an error answer, when the body is one. */
export function errorCodeOf(body: unknown): ErrorCode | undefined {
  const error = (body as { error?: { code?: unknown } } | null)?.error;
  return typeof error?.code === 'string' ? (error.code as ErrorCode) : undefined;
}
