// What the player asks the sequencer for at launch and after a SCO terminates: resume or start,
// the SCO's adl.nav.request (RTE 4.4.2) and cmi.exit time-out / logout (RTE 4.2.7).
import type { NavigationRequest, RuntimeResult, SequencingMode, SequencingState } from './types.ts';

/** At launch: resume a suspended session, otherwise start a new one (SN 4.4.2 start / resume all). */
export function launchRequest(state: SequencingState): NavigationRequest {
  return state.suspendedActivity !== null ? { type: 'resumeAll' } : { type: 'start' };
}

const SIMPLE = new Set(['continue', 'previous', 'exit', 'exitAll', 'abandon', 'abandonAll', 'suspendAll']);

/** Parses an adl.nav.request value: "continue", "{target=ID}choice", "_none_" (null). */
export function parseAdlNavRequest(value: string): NavigationRequest | null {
  const v = value.trim();
  if (v === '' || v === '_none_') return null;
  const targeted = /^\{target=([^}]+)\}(choice|jump)$/.exec(v);
  if (targeted) return { type: targeted[2] as 'choice' | 'jump', target: targeted[1]! };
  if (SIMPLE.has(v)) return { type: v as 'continue' };
  return null;
}

export interface AfterTerminateOptions {
  /** SCORM 1.2: offer the next SCO on its own when one finishes (default true). */
  autoContinue?: boolean;
}

/**
 * The request to process when a SCO terminates, or null to wait for the learner.
 * 2004: the pending adl.nav.request; cmi.exit "time-out" or "logout" means exit all (RTE 4.2.7).
 * 1.2: continue to the next SCO unless the SCO suspended itself or auto-continue is off.
 */
export function requestAfterTerminate(
  mode: SequencingMode,
  result: Pick<RuntimeResult, 'exit'>,
  adlNavRequest: string | undefined,
  options: AfterTerminateOptions = {},
): NavigationRequest | null {
  if (mode === '2004') {
    const requested = parseAdlNavRequest(adlNavRequest ?? '_none_');
    if (requested) return requested;
    if (result.exit === 'time-out' || result.exit === 'logout') return { type: 'exitAll' };
    return null;
  }
  if (result.exit === 'logout' || result.exit === 'time-out') return { type: 'exitAll' };
  if (result.exit === 'suspend') return null;
  return options.autoContinue === false ? null : { type: 'continue' };
}

/**
 * The cmi.exit the sequencer should see. A SCO's adl.nav.request = suspendAll suspends it even
 * with cmi.exit normal (RTE 4.4.2), but only when that request is the one processed: when the
 * learner's own navigation request ends the SCO, the SCO's request is dropped and so is the
 * suspension it implied (CTS CM-09cb: suspendAll on unload, then the post-condition continue).
 */
export function exitSeenBySequencer(endExit: string, cmiExit: string | undefined, scoRequest: string | undefined, learnerRequestWins: boolean): string {
  return learnerRequestWins && scoRequest === 'suspendAll' ? (cmiExit ?? '') : endExit;
}
