// Shared set-up of the player tests: initialized API objects over a fresh session.
import { createApi12, type Api12 } from '../../scorm/runtime/api-12.ts';
import { createApi2004, type Api2004 } from '../../scorm/runtime/api-2004.ts';
import type { LaunchContext } from '../../scorm/runtime/launch-context.ts';
import { RuntimeSession, type SessionOptions } from '../../scorm/runtime/session.ts';

export function api12(ctx: Partial<LaunchContext> = {}, options: SessionOptions = {}): { api: Api12; session: RuntimeSession } {
  const session = new RuntimeSession(
    { version: '1.2', learnerId: 'learner-1', learnerName: 'Doe, Jane', entry: 'ab-initio', ...ctx }, options,
  );
  const api = createApi12(session);
  api.LMSInitialize('');
  return { api, session };
}

export function api2004(ctx: Partial<LaunchContext> = {}, options: SessionOptions = {}): { api: Api2004; session: RuntimeSession } {
  const session = new RuntimeSession(
    { version: '2004', learnerId: 'urn:learner:1', learnerName: 'Jane Doe', entry: 'ab-initio', ...ctx }, options,
  );
  const api = createApi2004(session);
  api.Initialize('');
  return { api, session };
}

/** `[element, value, expected error code]` rows. */
export type SetCase = readonly [string, string, number];
