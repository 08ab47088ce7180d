// Checks the body of POST /registrations and /launch; every problem named with its field.
import { unprocessable } from '../errors.ts';

export interface RegistrationInput {
  id: string | undefined;
  packageId: string;
  learner: { id: string; name: string };
  commentsFromLms: Array<{ comment: string; location?: string; timestamp?: string }>;
  /** Record the API trace of its launches (decision 0023). */
  trace?: boolean;
}

export interface LaunchInput {
  expiresIn: number;
  mode: 'normal' | 'browse' | 'review';
  credit: 'credit' | 'no-credit';
  /** Give the registration a new launch nonce first, so every launch URL before this one dies. */
  revokePrevious: boolean;
}

const ID = /^[A-Za-z0-9._:-]{1,64}$/;
const DEFAULT_LAUNCH_TTL = 8 * 3600;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const invalid = (field: string, message: string) => unprocessable('INVALID_REQUEST', message, { field });

function text(value: unknown, field: string, max: number, required: boolean): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw invalid(field, `${field} is required.`);
    return undefined;
  }
  if (typeof value !== 'string') throw invalid(field, `${field} must be a string.`);
  if (required && value.trim() === '') throw invalid(field, `${field} must not be empty.`);
  if (value.length > max) throw invalid(field, `${field} is longer than ${max} characters.`);
  return value;
}

export function parseRegistrationInput(body: unknown): RegistrationInput {
  if (!isObject(body)) throw invalid('body', 'The body must be a JSON object.');
  const id = text(body.id, 'id', 64, false);
  if (id !== undefined && !ID.test(id)) throw invalid('id', 'id may hold letters, digits and . _ : - (at most 64).');
  const packageId = text(body.package_id, 'package_id', 64, true)!;
  if (!isObject(body.learner)) throw invalid('learner', 'learner must be an object with id and name.');
  // cmi.core.student_id is a CMIIdentifier of 255 characters at most (RTE 1.2 3.4.2).
  const learnerId = text(body.learner.id, 'learner.id', 255, true)!;
  const learnerName = text(body.learner.name ?? '', 'learner.name', 255, false) ?? '';
  const raw = body.comments_from_lms ?? [];
  if (!Array.isArray(raw) || raw.length > 250) throw invalid('comments_from_lms', 'comments_from_lms must be an array of at most 250 comments.');
  const commentsFromLms = raw.map((c: unknown, i: number) => {
    if (!isObject(c)) throw invalid(`comments_from_lms[${i}]`, 'Each comment must be an object.');
    // 2004 RTE 4.2.3: comment localized_string_type SPM 4000, location SPM 250, timestamp time(second,10,0).
    const comment = text(c.comment, `comments_from_lms[${i}].comment`, 4000, true)!;
    const location = text(c.location, `comments_from_lms[${i}].location`, 250, false);
    const timestamp = text(c.timestamp, `comments_from_lms[${i}].timestamp`, 64, false);
    if (timestamp !== undefined && Number.isNaN(Date.parse(timestamp))) {
      throw invalid(`comments_from_lms[${i}].timestamp`, 'timestamp must be an ISO 8601 date and time.');
    }
    return { comment, ...(location !== undefined ? { location } : {}), ...(timestamp !== undefined ? { timestamp } : {}) };
  });
  const trace = body.trace ?? false;
  if (typeof trace !== 'boolean') throw invalid('trace', 'trace must be true or false.');
  return { id, packageId, learner: { id: learnerId, name: learnerName }, commentsFromLms, ...(trace ? { trace } : {}) };
}

export function parseLaunchInput(body: unknown): LaunchInput {
  if (!isObject(body)) throw invalid('body', 'The body must be a JSON object.');
  const expiresIn = body.expires_in ?? DEFAULT_LAUNCH_TTL;
  if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < 60 || expiresIn > 30 * 24 * 3600) {
    throw invalid('expires_in', 'expires_in must be a whole number of seconds from 60 to 2592000.');
  }
  const mode = body.mode ?? 'normal';
  if (mode !== 'normal' && mode !== 'browse' && mode !== 'review') throw invalid('mode', 'mode must be normal, browse or review.');
  const credit = body.credit ?? 'credit';
  if (credit !== 'credit' && credit !== 'no-credit') throw invalid('credit', 'credit must be credit or no-credit.');
  const revokePrevious = body.revoke_previous ?? false;
  if (typeof revokePrevious !== 'boolean') throw invalid('revoke_previous', 'revoke_previous must be true or false.');
  return { expiresIn, mode, credit, revokePrevious };
}

export { DEFAULT_LAUNCH_TTL };
