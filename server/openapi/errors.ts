// Every error code of contract/errors.ts as data, the error body `{"error": {"code", "message",
// ...details}}` as a schema, and the error responses an operation lists (status -> the codes it
// can carry). The list is checked against the ErrorCode union by the compiler both ways: a code
// added to the union and not here (or here and not there) fails `npm run typecheck`.
import type { ErrorCode, ImportErrorCode } from '../../contract/errors.ts';
import { ref, type Response, type Schema } from './define.ts';

const IMPORT_ERROR_CODES = [
  'ZIP_CORRUPT', 'ZIP_TOO_LARGE', 'UNSAFE_PATH', 'IMPORT_CANCELLED', 'IMPORT_FAILED', 'WORKER_LOST', 'MANIFEST_PARSE_TIMEOUT',
  'MANIFEST_MISSING', 'MANIFEST_INVALID', 'MANIFEST_TOO_MANY_ITEMS', 'MANIFEST_TOO_MANY_ATTRIBUTES',
  'MANIFEST_TOO_DEEP', 'NO_LAUNCHABLE_ITEM', 'RESOURCE_NOT_FOUND',
  'SCO_WITHOUT_HREF', 'RESOURCE_WITHOUT_HREF', 'DUPLICATE_IDENTIFIER', 'MISSING_IDENTIFIER',
  'LAUNCH_FILE_MISSING', 'FILE_MISSING', 'EXTERNAL_LAUNCH_URL',
  'EDITION_MISMATCH', 'SCHEMAVERSION_MISSING', 'SCHEMAVERSION_UNKNOWN',
  'DEFAULT_ORGANIZATION_MISSING', 'MISSING_TITLE', 'DEPENDENCY_NOT_FOUND',
  'PARENT_ITEM_WITH_RESOURCE', 'SEQUENCING_REF_NOT_FOUND', 'INVALID_VALUE',
  'PREREQUISITES_INVALID', 'PREREQUISITE_UNKNOWN_ITEM', 'MISCASED_ELEMENT',
  'UNDECLARED_PREFIX', 'DIAGNOSTICS_TRUNCATED', 'PACKAGE_GONE',
] as const satisfies readonly ImportErrorCode[];

export const ERROR_CODES = [
  'BAD_REQUEST', 'INVALID_JSON', 'INVALID_BODY', 'INVALID_REQUEST', 'INVALID_PAGING', 'INVALID_COMMIT',
  'UNSUPPORTED_MEDIA_TYPE', 'BODY_TOO_LARGE', 'RANGE_NOT_SATISFIABLE', 'INVALID_VERSION_POLICY', 'INVALID_WEBHOOK_URL', 'INVALID_WEBHOOK_EVENTS', 'WEBHOOK_TARGET_PRIVATE', 'INVALID_DELIVERY_STATUS',
  'UNAUTHORIZED', 'FORBIDDEN', 'TOKEN_EXPIRED', 'TOKEN_REVOKED', 'CROSS_ORIGIN_REFUSED',
  'NOT_FOUND', 'PACKAGE_NOT_FOUND', 'REGISTRATION_NOT_FOUND', 'JOB_NOT_FOUND', 'FILE_NOT_FOUND', 'ITEM_NOT_FOUND', 'ATTEMPT_NOT_FOUND',
  'LAUNCH_NOT_FOUND', 'TRACE_NOT_FOUND', 'WEBHOOK_NOT_FOUND', 'DELIVERY_NOT_FOUND',
  'PACKAGE_IN_USE', 'REGISTRATION_CONFLICT', 'JOB_ENDED', 'CONCURRENT_UPDATE', 'XAPI_NOT_CONFIGURED',
  'STALE_SESSION', 'OUT_OF_ORDER', 'ATTEMPT_ENDED',
  'TOO_MANY_CHANGES', 'SEQUENCING_STATE_TOO_LARGE', 'TOO_MANY_INTERACTIONS', 'RATE_LIMITED',
  'PACKAGE_TOO_LARGE', 'NOT_A_ZIP', 'FILE_REQUIRED', 'UPLOAD_ABORTED', 'BAD_MULTIPART', 'TOO_MANY_UPLOADS',
  ...IMPORT_ERROR_CODES.filter((code) => code !== 'UNSAFE_PATH' && code !== 'INVALID_VALUE'),
  'INTERNAL_ERROR',
] as const satisfies readonly ErrorCode[];

// The other direction: a member of the union missing from the lists above makes this `false`.
type Missing<Union, Listed> = Exclude<Union, Listed>;
const everyCodeListed: [Missing<ErrorCode, (typeof ERROR_CODES)[number] | 'UNSAFE_PATH' | 'INVALID_VALUE'>] extends [never] ? true : false = true;
const everyImportCodeListed: [Missing<ImportErrorCode, (typeof IMPORT_ERROR_CODES)[number]>] extends [never] ? true : false = true;
void everyCodeListed;
void everyImportCodeListed;

export const ALL_ERROR_CODES: readonly ErrorCode[] = [...new Set<ErrorCode>([...ERROR_CODES, 'UNSAFE_PATH', 'INVALID_VALUE'])];
export const IMPORT_CODES: readonly ErrorCode[] = IMPORT_ERROR_CODES;

export const errorSchemas: Record<string, Schema> = {
  ErrorCode: { type: 'string', enum: ALL_ERROR_CODES, description: 'Every code the server answers with (contract/errors.ts ErrorCode). Clients match codes, never messages.' },
  Error: {
    type: 'object',
    description: 'Every error answer. Some codes carry details beside code and message (e.g. `field` on INVALID_REQUEST, `retry_after` on TOO_MANY_UPLOADS, `job` on a failed `?wait=true` upload).',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: { code: ref('ErrorCode'), message: { type: 'string' } },
        additionalProperties: true,
      },
    },
    additionalProperties: false,
  },
};

const STATUS_TEXT: Record<string, string> = {
  '400': 'The request cannot be read.',
  '401': 'No admin token, or a wrong one (answered with `WWW-Authenticate: Bearer`).',
  '403': 'Refused.',
  '404': 'Not found.',
  '409': 'Conflicts with the state of the resource.',
  '413': 'Too large.',
  '415': 'Unsupported media type.',
  '422': 'Understood but not valid.',
  '429': 'Too many at once; the `Retry-After` header says when to try again.',
  '500': 'A fault of the server; the details are in its log, never in the answer.',
  '503': 'Unavailable for now.',
};

/** An error response that carries one of `codes`; the schema narrows the code to them. */
export function error(codes: readonly ErrorCode[], description?: string): Response {
  const schema: Schema = {
    allOf: [ref('Error'), { properties: { error: { properties: { code: { enum: codes } } } } }],
  };
  return { description: `${description ?? 'Error.'} Codes: ${codes.join(', ')}.`, content: { 'application/json': { schema } } };
}

/** Error responses by status, e.g. `errors({ 404: ['PACKAGE_NOT_FOUND'] })`. */
export function errors(byStatus: Record<number, readonly ErrorCode[]>, descriptions: Record<number, string> = {}): Record<string, Response> {
  return Object.fromEntries(Object.entries(byStatus).map(([status, codes]) => [status, error(codes, descriptions[Number(status)] ?? STATUS_TEXT[status])]));
}

/** The answers every admin operation may give besides its own: the admin gate, Fetch Metadata, a bug. */
export const commonAdminErrors = errors(
  { 401: ['UNAUTHORIZED'], 403: ['CROSS_ORIGIN_REFUSED'], 500: ['INTERNAL_ERROR'] },
  { 403: 'A browser request that another site started (`Sec-Fetch-Site: cross-site` or `same-site`).' },
);

/** The codes of an operation that reads a JSON body (server/http/read-json.ts). */
export const JSON_BODY_ERRORS = { 400: ['INVALID_JSON', 'BAD_REQUEST'], 413: ['BODY_TOO_LARGE'], 415: ['UNSUPPORTED_MEDIA_TYPE'] } as const satisfies Record<number, readonly ErrorCode[]>;
