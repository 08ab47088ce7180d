// OP.1 Overall Sequencing Process: navigation request, termination, sequencing request and
// delivery, on a copy of the state. The single entry point of the player's navigation.
import type { ActivityTree } from './activity-tree.ts';
import { checkDeliveryRequest, deliver } from './delivery.ts';
import { SequencingError } from './exceptions.ts';
import { translateNavigationRequest } from './navigation-request.ts';
import { processNavigationRequest12 } from './scorm12-navigation.ts';
import { sequencingRequest } from './sequencing-request.ts';
import { copyState } from './sequencing-state.ts';
import { terminate } from './termination.ts';
import type { NavigationRequest, NavigationResult, SequencingState } from './types.ts';

/** Ends the session in the state: nothing is current until the next start or resume all. */
function endSession(state: SequencingState): NavigationResult {
  state.currentActivity = null;
  for (const s of Object.values(state.activities)) s.active = false;
  return { state, deliver: null, endSession: true };
}

function processNavigationRequest2004(
  tree: ActivityTree,
  input: SequencingState,
  request: NavigationRequest,
): NavigationResult {
  // NB.2.1 failures leave the state untouched.
  let translated;
  try {
    translated = translateNavigationRequest(tree, input, request);
  } catch (error) {
    if (error instanceof SequencingError) return { state: input, deliver: null, exception: error.exception };
    throw error;
  }
  const state = copyState(input);
  let sequencing = translated.sequencing;
  if (translated.termination) {
    try {
      const replacement = terminate(tree, state, translated.termination);
      // OP.1 1.3.3: a sequencing request from termination replaces the pending one; a retry after
      // exit all (retryAll) keeps its retry.
      if (replacement && !(sequencing === 'retry' && replacement === 'exit')) sequencing = replacement;
    } catch (error) {
      if (error instanceof SequencingError) return { state: input, deliver: null, exception: error.exception };
      throw error;
    }
  }
  try {
    const outcome = sequencingRequest(tree, state, sequencing, translated.target);
    if ('endSession' in outcome) return endSession(state);
    if ('nothing' in outcome) return { state, deliver: null };
    checkDeliveryRequest(tree, state, outcome.deliver);
    deliver(tree, state, outcome.deliver);
    return { state, deliver: outcome.deliver.id };
  } catch (error) {
    if (!(error instanceof SequencingError)) throw error;
    // After a termination the state keeps what termination did (SN OP.1): the SCO has ended.
    if (error.endSession) return { ...endSession(state), exception: error.exception };
    return { state, deliver: null, exception: error.exception };
  }
}

/**
 * OP.1: processes one navigation request. Returns the new state (the input is never changed),
 * the activity to deliver, or the SN exception that prevented it, and whether the session ended.
 */
export function processNavigationRequest(
  tree: ActivityTree,
  state: SequencingState,
  request: NavigationRequest,
): NavigationResult {
  if (tree.mode === '1.2') return processNavigationRequest12(tree, state, request);
  return processNavigationRequest2004(tree, state, request);
}

/**
 * What the request would do now, without keeping its effects: the whole process runs on a
 * copy, termination of the current attempt included, so the answer is exactly what
 * processNavigationRequest would return for the same state.
 */
export function previewNavigationRequest(
  tree: ActivityTree,
  state: SequencingState,
  request: NavigationRequest,
): { deliver: string | null; endSession: boolean; valid: boolean } {
  const r = processNavigationRequest(tree, state, request);
  return { deliver: r.deliver, endSession: r.endSession === true, valid: !r.exception || r.endSession === true };
}
