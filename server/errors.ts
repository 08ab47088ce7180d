// Domain errors with a stable code (contract/errors.ts) and HTTP status; the error middleware
// renders them. The not-found factories name the resource once, for every handler.
import type { ConflictCode, ErrorCode, NotFoundCode } from '../contract/errors.ts';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: ErrorCode, message: string, details?: Record<string, unknown>) =>
  new AppError(400, code, message, details);
export const unauthorized = (message = 'A valid token is required.') =>
  new AppError(401, 'UNAUTHORIZED', message);
export const forbidden = (message = 'This token does not give access to that resource.') =>
  new AppError(403, 'FORBIDDEN', message);
export const notFound = (what: string, code: NotFoundCode = 'NOT_FOUND') =>
  new AppError(404, code, `${what} was not found.`);
export const conflict = (code: ConflictCode | ErrorCode, message: string) => new AppError(409, code, message);
export const unprocessable = (code: ErrorCode, message: string, details?: Record<string, unknown>) =>
  new AppError(422, code, message, details);
/** A package id or package path that could leave its package (zip entry, content request, storage key). */
export const unsafePath = (message: string, details?: Record<string, unknown>) =>
  new AppError(400, 'UNSAFE_PATH', message, details);
export const serviceUnavailable = (code: ErrorCode, message: string) => new AppError(503, code, message);

export const packageNotFound = (what = 'That package') => notFound(what, 'PACKAGE_NOT_FOUND');
export const registrationNotFound = () => notFound('That registration', 'REGISTRATION_NOT_FOUND');
export const jobNotFound = () => notFound('That job', 'JOB_NOT_FOUND');
export const fileNotFound = () => notFound('That file', 'FILE_NOT_FOUND');

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
