// Which attempt a SCO opens, decided from its latest stored attempt alone (pure: no database):
// a new one with fresh data, or the latest resumed, as each SCORM version says.
import type { SessionEnd } from '../../scorm/cmi/end-of-session.ts';
import type { ModelSnapshot } from '../../scorm/cmi/model-state.ts';
import type { LaunchContext } from '../../scorm/runtime/launch-context.ts';
import type { SessionRow } from '../db/session-store.ts';

export type LatestAttempt = Pick<SessionRow, 'attempt' | 'ended' | 'exit_value' | 'data_json' | 'last_end_json' | 'archived'>;

export interface AttemptDecision {
  /** True when a new attempt row starts (fresh data). */
  fresh: boolean;
  attempt: number;
  entry: LaunchContext['entry'];
  /** The stored data model the SCO continues from, when it resumes. */
  priorState?: ModelSnapshot;
}

/** A normal or browse launch. */
export function decideAttempt(latest: LatestAttempt | undefined, version: '1.2' | '2004'): AttemptDecision {
  // 2004 RTE 4.2.8: an attempt that ended (exit other than suspend) is followed by a new one
  // with fresh data; 1.2 keeps one data set per SCO (digest A-18).
  if (!latest) return { fresh: true, attempt: 1, entry: 'ab-initio' };
  // Set aside by a restart onto a newer package version (or an item a migration dropped): the
  // SCO starts over in a new attempt, the old one kept for the report (decision 0024).
  if (latest.archived) return { fresh: true, attempt: latest.attempt + 1, entry: 'ab-initio' };
  if (version === '2004' && latest.ended) return { fresh: true, attempt: latest.attempt + 1, entry: 'ab-initio' };
  const lastEnd = latest.last_end_json ? (JSON.parse(latest.last_end_json) as SessionEnd) : undefined;
  return {
    fresh: false,
    attempt: latest.attempt,
    // The entry the SCO's last exit asked for (RTE 4.2.7 / 1.2 RTE 3.4.4 cmi.core.entry).
    entry: lastEnd?.nextEntry ?? (latest.exit_value === 'suspend' ? 'resume' : ''),
    priorState: JSON.parse(latest.data_json) as ModelSnapshot,
  };
}

/**
 * A review launch revisits the latest attempt as it was stored: no new attempt, entry "" and
 * nothing recorded (RTE 4.2.16 cmi.mode review; digest 10.3, 10.5). Without an attempt to
 * review, the SCO starts from nothing.
 */
export function decideReview(latest: LatestAttempt | undefined): AttemptDecision {
  if (!latest) return { fresh: false, attempt: 1, entry: 'ab-initio' };
  return { fresh: false, attempt: latest.attempt, entry: '', priorState: JSON.parse(latest.data_json) as ModelSnapshot };
}
