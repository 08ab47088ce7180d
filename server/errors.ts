// Domain errors with a stable code and HTTP status; the error middleware renders them.

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(400, code, message, details);
export const unauthorized = (message = 'A valid token is required.') =>
  new AppError(401, 'UNAUTHORIZED', message);
export const forbidden = (message = 'This token does not give access to that resource.') =>
  new AppError(403, 'FORBIDDEN', message);
export const notFound = (what: string, code = 'NOT_FOUND') =>
  new AppError(404, code, `${what} was not found.`);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const unprocessable = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(422, code, message, details);
/** A package id or package path that could leave its package (zip entry, content request, storage key). */
export const unsafePath = (message: string, details?: Record<string, unknown>) =>
  new AppError(400, 'UNSAFE_PATH', message, details);
export const serviceUnavailable = (code: string, message: string) => new AppError(503, code, message);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
